"""Public-opinion monitoring (政务舆情, SPEC M5): sources, posts, monitoring plans, events.

- ``Source``: where posts come from (SPEC R5.1 kinds), owned by a unit or shared (no unit). It is
  authenticated on the JSON batch API by a token stored only as its SHA-256 hash; an RSS/Atom
  source has a feed URL and a polling interval. ``track_all``: everything the source delivers
  concerns its unit (a vendor feed already filtered for the unit, a hotline, a mailbox).
- ``Post``: one record as received (``text`` is kept exactly as received; ``text_norm`` is the
  normalised form used for analysis), unique on (source, external id). Links as received
  (``parent_external_id``, ``repost_of_external_id``) and as resolved (``parent``,
  ``thread_root``: the source post it carries further, by link or by text similarity), the
  judgement of the text models, the plans it matched, the units it concerns, its event, its
  signatures (exact ``content_hash``, 64-bit ``simhash``) and ``duplicate_of``.
- ``MonitoringPlan`` (监测方案): a unit's boolean keyword expression (see ``plans.py`` for the
  grammar); ``compiled`` is the parsed structure.
- ``Event``: posts grouped into one matter of public opinion, with its statistics, judgement and
  warning level (blue/yellow/orange/red, with the reason in Chinese, 003 二(五)); every level
  change is an ``EventLevelChange``. The response side (routing, claims, deadlines, responses)
  attaches its own records to ``Event``.
- ``UnitAlias``: other names of a region or an agency (敖镇, 旗教育局 …) for recognition.
- ``IngestRun``: one ingest call (API batch, file, feed poll) with its counts and rejected rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core import links
from gongkai.core.models import TimeStampedModel

from .enums import (
    DuplicateKind,
    EmergencyGrade,
    EventStatus,
    FeedStatus,
    Language,
    LevelChangeKind,
    LinkMethod,
    PostKind,
    SourceKind,
    WarningLevel,
)


class Source(TimeStampedModel):
    name = models.CharField("来源名称", max_length=100)
    kind = models.CharField("来源类型", max_length=20, choices=SourceKind.choices)
    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinion_sources",
        help_text="为空表示全平台共用的来源（由系统管理员维护）。",
    )
    description = models.TextField("说明", blank=True)
    is_active = models.BooleanField("启用", default=True)
    track_all = models.BooleanField(
        "全部内容与本单位相关",
        default=False,
        help_text="供应商已按本单位筛选的数据、热线、信箱等：每条内容都形成或并入舆情事件。",
    )
    default_post_kind = models.CharField("默认内容类型", max_length=10, choices=PostKind.choices, default=PostKind.POST)
    # JSON batch API: the token is shown once when issued; only its hash is stored.
    token_hash = models.CharField("接口令牌（散列）", max_length=64, null=True, blank=True, unique=True)
    token_hint = models.CharField("令牌前缀", max_length=16, blank=True)
    token_issued_at = models.DateTimeField("令牌签发时间", null=True, blank=True)
    # RSS/Atom feed polled on a schedule.
    feed_url = models.URLField("订阅地址（RSS/Atom）", max_length=1000, blank=True)
    poll_minutes = models.PositiveIntegerField("抓取间隔（分钟）", default=30)
    last_polled_at = models.DateTimeField("上次抓取时间", null=True, blank=True)
    feed_status = models.CharField("抓取状态", max_length=16, choices=FeedStatus.choices, blank=True, default="")
    feed_error = models.CharField("抓取错误", max_length=500, blank=True)
    feed_etag = models.CharField("ETag", max_length=200, blank=True)
    feed_modified = models.CharField("Last-Modified", max_length=100, blank=True)
    # File import: the column mapping last used for this source ({"field": "column header"}).
    column_map = models.JSONField("导入列映射", default=dict, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "舆情来源"
        verbose_name_plural = "舆情来源"
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="opinion_source_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_agency_id(self) -> int | None:
        return self.agency_id

    def get_absolute_url(self) -> str:
        return links.url_for(self)  # the back office's page (gongkai/backoffice/links.py)


class MonitoringPlan(TimeStampedModel):
    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="所属单位", on_delete=models.PROTECT, related_name="opinion_plans"
    )
    name = models.CharField("方案名称", max_length=100)
    expression = models.TextField("监测表达式")
    compiled = models.JSONField("解析结果", default=dict, blank=True)
    description = models.TextField("说明", blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["agency__name", "name"]
        verbose_name = "监测方案"
        verbose_name_plural = "监测方案"
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="opinion_plan_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    def get_absolute_url(self) -> str:
        return links.url_for(self)


class Event(TimeStampedModel):
    title = models.CharField("事件标题", max_length=300)
    status = models.CharField(
        "状态", max_length=12, choices=EventStatus.choices, default=EventStatus.ACTIVE, db_index=True
    )
    source_post = models.ForeignKey(
        "Post", verbose_name="首发内容", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_seen_at = models.DateTimeField("首次发现", db_index=True)
    last_seen_at = models.DateTimeField("最近发现", db_index=True)
    keywords = models.JSONField("关键词", default=list, blank=True)
    # Statistics (kept up to date by the pipeline; see pipeline/events.py).
    volume = models.PositiveIntegerField("声量（条）", default=0)
    original_count = models.PositiveIntegerField("非重复内容（条）", default=0)
    duplicate_count = models.PositiveIntegerField("重复内容（条）", default=0)
    growth_rate = models.FloatField("增速（条/小时）", default=0.0)
    hourly = models.JSONField("分时声量", default=dict, blank=True)  # {"2024-05-01T13": 12} (local hours)
    platforms = models.JSONField("平台分布", default=dict, blank=True)  # {source kind: count}
    media_count = models.PositiveIntegerField("媒体报道（条）", default=0)
    engagement = models.PositiveBigIntegerField("互动量", default=0)
    top_post_ids = models.JSONField("重点内容", default=list, blank=True)
    negative_count = models.PositiveIntegerField("负面（条）", default=0)
    neutral_count = models.PositiveIntegerField("中性（条）", default=0)
    positive_count = models.PositiveIntegerField("正面（条）", default=0)
    negativity_mean = models.FloatField("平均负面度", default=0.0)
    category = models.CharField("类别", max_length=32, blank=True)
    category_counts = models.JSONField("类别分布", default=dict, blank=True)
    rumour = models.FloatField("谣言嫌疑", default=0.0)
    rumour_horizon_hours = models.PositiveSmallIntegerField("谣言研判所用传播时长（小时）", default=0)
    rumour_evidence = models.JSONField("谣言研判依据", default=list, blank=True)
    sensitive_terms = models.JSONField("敏感词", default=list, blank=True)
    signature = models.BigIntegerField("文本指纹", null=True, blank=True)
    # Warning level: the level in force, why, and the automatic judgement beside a manual one.
    level = models.CharField(
        "预警级别", max_length=8, choices=WarningLevel.choices, default=WarningLevel.BLUE, db_index=True
    )
    level_reason = models.TextField("预警理由", blank=True)
    level_changed_at = models.DateTimeField("级别变更时间", null=True, blank=True)
    auto_level = models.CharField("自动研判级别", max_length=8, choices=WarningLevel.choices, default=WarningLevel.BLUE)
    auto_reason = models.TextField("自动研判理由", blank=True)
    manual_level = models.CharField("人工确定级别", max_length=8, choices=WarningLevel.choices, blank=True)
    manual_base_level = models.CharField("人工调整时的自动级别", max_length=8, choices=WarningLevel.choices, blank=True)
    warned_at = models.DateTimeField("首次橙色及以上预警时间", null=True, blank=True, db_index=True)
    # The emergency grade a person classified (``response.services.event_grade_emergency``): it, not
    # the warning level, decides whether the 5 h / 24 h clocks of major emergencies apply.
    emergency_grade = models.CharField(
        "突发事件等级", max_length=24, choices=EmergencyGrade.choices, blank=True, default=EmergencyGrade.UNCLASSIFIED
    )
    emergency_grade_reason = models.TextField("定级理由", blank=True)
    emergency_graded_at = models.DateTimeField("定级时间", null=True, blank=True)
    emergency_graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="定级人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    regions = models.ManyToManyField(
        "orgs.Region", verbose_name="涉及区划", through="EventRegion", related_name="opinion_events", blank=True
    )
    agencies = models.ManyToManyField(
        "orgs.Agency", verbose_name="涉及单位", through="EventAgency", related_name="opinion_events", blank=True
    )
    plans = models.ManyToManyField(
        MonitoringPlan, verbose_name="命中方案", through="EventPlan", related_name="events", blank=True
    )

    class Meta:
        ordering = ["-last_seen_at", "-id"]
        verbose_name = "舆情事件"
        verbose_name_plural = "舆情事件"

    def __str__(self) -> str:
        return self.title

    @property
    def audit_agency_id(self) -> int | None:
        first = self.eventagency_set.order_by("id").values_list("agency_id", flat=True).first()
        return first

    def get_absolute_url(self) -> str:
        return links.url_for(self)


class EventRegion(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE)
    region = models.ForeignKey("orgs.Region", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "事件涉及区划"
        verbose_name_plural = "事件涉及区划"
        constraints = [models.UniqueConstraint(fields=["event", "region"], name="opinion_event_region_unique")]

    def __str__(self) -> str:
        return f"{self.event_id}→{self.region_id}"


class EventAgency(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE)
    agency = models.ForeignKey("orgs.Agency", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "事件涉及单位"
        verbose_name_plural = "事件涉及单位"
        constraints = [models.UniqueConstraint(fields=["event", "agency"], name="opinion_event_agency_unique")]

    def __str__(self) -> str:
        return f"{self.event_id}→{self.agency_id}"


class EventPlan(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE)
    plan = models.ForeignKey(MonitoringPlan, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "事件命中方案"
        verbose_name_plural = "事件命中方案"
        constraints = [models.UniqueConstraint(fields=["event", "plan"], name="opinion_event_plan_unique")]

    def __str__(self) -> str:
        return f"{self.event_id}→{self.plan_id}"


class EventLevelChange(models.Model):
    event = models.ForeignKey(Event, verbose_name="事件", on_delete=models.CASCADE, related_name="level_changes")
    from_level = models.CharField("原级别", max_length=8, choices=WarningLevel.choices, blank=True)
    to_level = models.CharField("新级别", max_length=8, choices=WarningLevel.choices)
    kind = models.CharField("方式", max_length=8, choices=LevelChangeKind.choices)
    reason = models.TextField("理由")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="调整人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField("时间")

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = "预警级别变更"
        verbose_name_plural = "预警级别变更"

    def __str__(self) -> str:
        return f"{self.from_level or '—'} → {self.to_level}"


class Post(models.Model):
    source = models.ForeignKey(Source, verbose_name="来源", on_delete=models.PROTECT, related_name="posts")
    external_id = models.CharField("外部编号", max_length=200)
    kind = models.CharField("内容类型", max_length=10, choices=PostKind.choices, default=PostKind.POST)
    title = models.CharField("标题", max_length=300, blank=True)
    author = models.CharField("作者", max_length=200, blank=True)
    author_id = models.CharField("作者编号", max_length=100, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    ingested_at = models.DateTimeField("接收时间", db_index=True)
    url = models.CharField("链接", max_length=1000, blank=True)
    reposts = models.PositiveIntegerField("转发数", default=0)
    comments = models.PositiveIntegerField("评论数", default=0)
    likes = models.PositiveIntegerField("点赞数", default=0)
    views = models.PositiveBigIntegerField("阅读数", default=0)
    # Links as received: the post this one replies to or reposts, and the original post of a chain.
    parent_external_id = models.CharField("上级内容编号", max_length=200, blank=True)
    repost_of_external_id = models.CharField("原帖编号", max_length=200, blank=True)
    # Links as resolved by the pipeline.
    parent = models.ForeignKey(
        "self", verbose_name="上级内容", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    thread_root = models.ForeignKey(
        "self", verbose_name="所属原帖", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    link_method = models.CharField("关联方式", max_length=12, choices=LinkMethod.choices, blank=True, default="")
    text = models.TextField("原文（按接收原样保存）", blank=True)
    text_norm = models.TextField("规范化文本", blank=True)
    language = models.CharField("语言", max_length=8, choices=Language.choices, blank=True, default="")
    extra = models.JSONField("其他字段", default=dict, blank=True)
    # Judgement (gongkai.opinion.nlp).
    negativity = models.FloatField("负面度", null=True, blank=True)
    rumour = models.FloatField("谣言嫌疑", null=True, blank=True)
    category = models.CharField("类别", max_length=32, blank=True)
    evidence = models.JSONField("研判依据", default=list, blank=True)
    plans = models.ManyToManyField(
        MonitoringPlan, verbose_name="命中方案", through="PlanMatch", related_name="posts", blank=True
    )
    agency_ids = models.JSONField("涉及单位", default=list, blank=True)
    region_ids = models.JSONField("涉及区划", default=list, blank=True)
    event = models.ForeignKey(
        Event, verbose_name="所属事件", null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    content_hash = models.BigIntegerField("内容散列", null=True, blank=True, db_index=True)
    simhash = models.BigIntegerField("SimHash 指纹", null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", verbose_name="重复于", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duplicate_kind = models.CharField("重复类型", max_length=8, choices=DuplicateKind.choices, blank=True, default="")

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "舆情信息"
        verbose_name_plural = "舆情信息"
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="opinion_post_unique_external_id"),
        ]
        indexes = [
            # Out-of-order arrivals: a source post finds the reposts/replies that came before it.
            models.Index(
                fields=["source", "repost_of_external_id"],
                name="opinion_post_awaiting_root",
                condition=Q(thread_root__isnull=True) & ~Q(repost_of_external_id=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.external_id}"

    def get_absolute_url(self) -> str:
        return links.url_for(self)


class PlanMatch(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE)
    plan = models.ForeignKey(MonitoringPlan, on_delete=models.CASCADE, related_name="matches")

    class Meta:
        verbose_name = "方案命中"
        verbose_name_plural = "方案命中"
        constraints = [models.UniqueConstraint(fields=["post", "plan"], name="opinion_planmatch_unique")]

    def __str__(self) -> str:
        return f"{self.post_id}→{self.plan_id}"


class UnitAlias(TimeStampedModel):
    """Another name of a region or an agency, used when recognising which units a post concerns."""

    alias = models.CharField("别名", max_length=50)
    region = models.ForeignKey(
        "orgs.Region", verbose_name="区划", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="单位", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["alias"]
        verbose_name = "单位/地名别名"
        verbose_name_plural = "单位/地名别名"
        constraints = [
            models.CheckConstraint(
                condition=(Q(region__isnull=False) & Q(agency__isnull=True))
                | (Q(region__isnull=True) & Q(agency__isnull=False)),
                name="opinion_alias_one_target",
            ),
            models.UniqueConstraint(
                fields=["alias", "region"], condition=Q(region__isnull=False), name="opinion_alias_region_unique"
            ),
            models.UniqueConstraint(
                fields=["alias", "agency"], condition=Q(agency__isnull=False), name="opinion_alias_agency_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.alias

    @property
    def audit_agency_id(self) -> int | None:
        return self.agency_id


class IngestRun(models.Model):
    """One ingest call: a JSON batch, a file import or a feed poll, with what came of it."""

    source = models.ForeignKey(Source, verbose_name="来源", on_delete=models.CASCADE, related_name="runs")
    channel = models.CharField(
        "方式", max_length=8, choices=[("api", "接口推送"), ("file", "文件导入"), ("feed", "订阅抓取")]
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField("文件名", max_length=255, blank=True)
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    received = models.PositiveIntegerField("收到（条）", default=0)
    created = models.PositiveIntegerField("新增（条）", default=0)
    duplicates = models.PositiveIntegerField("已存在（条）", default=0)
    rejected = models.PositiveIntegerField("拒收（条）", default=0)
    errors = models.JSONField("拒收明细", default=list, blank=True)  # [{"index"/"line": n, "reason": "…"}] (first 200)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def audit_agency_id(self) -> int | None:
        return self.source.agency_id if self.source_id else None


from . import response_models  # noqa: E402,F401  (the response side's models belong to this app)
