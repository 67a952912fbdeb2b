"""Letters to a leader's mailbox or a department's box, and hotline cases (SPEC R8.3).

One ``Letter`` per case, whatever the channel. Personal data (name, phone, e-mail, address) is
encrypted at rest with the platform's scheme (``gongkai.foi.interface``) and shown masked; the
public list shows only the title, kind, content and reply of letters whose writer agreed, with
personal data removed (``privacy.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.core import links
from gongkai.core.models import TimeStampedModel

from .enums import Action, Channel, Kind, Rating, ReplyKind, Status, VisitMethod, VisitResult


class Letter(TimeStampedModel):
    tracking_number = models.CharField("编号", max_length=20, unique=True)
    public_id = models.CharField("查询编号", max_length=32, unique=True)
    query_code_hash = models.CharField("查询码（散列）", max_length=200, blank=True)
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices, default=Channel.MAILBOX)
    # The box written to: a leader's mailbox (the government) or a department's box. Its mailbox
    # office triages the letter and supervises (不满意复核).
    office = models.ForeignKey(
        "orgs.Agency", verbose_name="信箱（受理单位）", on_delete=models.PROTECT, related_name="mailbox_letters"
    )
    handling_agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_letters",
    )
    place = models.ForeignKey(
        "orgs.Region", verbose_name="事发地", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    content = models.TextField("内容")
    anonymous = models.BooleanField("匿名", default=False)
    publish_consent = models.BooleanField("同意公开", default=False)
    name_enc = models.TextField("姓名（密文）", blank=True)
    name_masked = models.CharField("姓名", max_length=100, blank=True)
    phone_enc = models.TextField("电话（密文）", blank=True)
    phone_masked = models.CharField("电话", max_length=32, blank=True)
    email_enc = models.TextField("邮箱（密文）", blank=True)
    email_masked = models.CharField("邮箱", max_length=200, blank=True)
    address_enc = models.TextField("地址（密文）", blank=True)
    address_masked = models.CharField("地址", max_length=200, blank=True)
    writer_hash = models.CharField("来信人索引", max_length=64, blank=True, db_index=True)
    text_hash = models.CharField("内容索引", max_length=64, blank=True, db_index=True)
    simhash = models.BigIntegerField("内容指纹", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    received_at = models.DateTimeField("收到时间")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    external_source = models.CharField("外部系统", max_length=40, blank=True)
    external_id = models.CharField("外部工单号", max_length=64, blank=True)
    claim_deadline = models.ForeignKey(
        "rules.Deadline", verbose_name="认领期限", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer_deadline = models.ForeignKey(
        "rules.Deadline", verbose_name="答复期限", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField("认领时间", null=True, blank=True)
    claimed_on_time = models.BooleanField("按时认领", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name="合并至", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    scope_note = models.TextField("研判意见", blank=True)
    reply_kind = models.CharField("答复方式", max_length=12, choices=ReplyKind.choices, blank=True)
    reply_text = models.TextField("答复内容", blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_on_time = models.BooleanField("按时答复", null=True, blank=True)
    rounds = models.PositiveSmallIntegerField("办理轮次", default=1)
    rating = models.CharField("评价", max_length=12, choices=Rating.choices, blank=True)
    rating_reason = models.TextField("评价理由", blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    reopened = models.BooleanField("已因不满意重办", default=False)
    supervisor_note = models.TextField("复核意见", blank=True)
    published = models.BooleanField("已公开", default=False)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    opinion_event_id = models.PositiveIntegerField("舆情事件", null=True, blank=True)
    concluded_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "来信（来电）"
        verbose_name_plural = "来信（来电）"
        constraints = [
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~models.Q(external_id=""),
                name="interaction_letter_external_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.title}"

    def get_absolute_url(self) -> str:
        return links.url_for(self)

    @property
    def audit_agency_id(self) -> int:
        return self.handling_agency_id or self.office_id


class LetterEvent(models.Model):
    """The timeline of a case (public rows are shown to the writer)."""

    letter = models.ForeignKey(Letter, verbose_name="来信", on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField("操作人", max_length=200, blank=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices, blank=True)
    label = models.CharField("事项", max_length=200)
    from_status = models.CharField("原状态", max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=Status.choices, blank=True)
    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="涉及单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("说明", blank=True)
    public = models.BooleanField("来信人可见", default=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"

    def __str__(self) -> str:
        return self.label


class Attachment(models.Model):
    letter = models.ForeignKey(Letter, verbose_name="来信", on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    data_enc = models.BinaryField("内容（密文）")
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.name


class ReturnVisit(models.Model):
    """回访: how, when and with what result the writer was asked afterwards."""

    letter = models.ForeignKey(Letter, verbose_name="来信", on_delete=models.CASCADE, related_name="visits")
    method = models.CharField("回访方式", max_length=10, choices=VisitMethod.choices)
    visited_on = models.DateField("回访日期")
    result = models.CharField("回访结果", max_length=12, choices=VisitResult.choices)
    note = models.TextField("情况", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        ordering = ["visited_on", "id"]
        verbose_name = "回访"
        verbose_name_plural = "回访"

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.visited_on}"


class RoutingRule(TimeStampedModel):
    """Editable routing: letters to ``office`` about ``place`` (a region of the organisation
    register, with the regions below it) and/or containing ``keywords`` go to ``target``."""

    office = models.ForeignKey("orgs.Agency", verbose_name="信箱单位", on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey(
        "orgs.Region", verbose_name="地点", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    keywords = models.CharField("主题关键词", max_length=300, blank=True, help_text="多个关键词用空格或顿号分隔")
    kind = models.CharField("来信类型", max_length=12, choices=Kind.choices, blank=True)
    target = models.ForeignKey("orgs.Agency", verbose_name="交办单位", on_delete=models.PROTECT, related_name="+")
    priority = models.PositiveSmallIntegerField("优先级", default=100, help_text="数字越小越优先")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = "交办规则"
        verbose_name_plural = "交办规则"

    def __str__(self) -> str:
        return f"{self.place or ''} {self.keywords} → {self.target}"

    @property
    def audit_agency_id(self) -> int:
        return self.office_id

    def keyword_list(self) -> list[str]:
        return [k for k in self.keywords.replace("、", " ").replace("，", " ").replace(",", " ").split() if k]


class TrackingSequence(models.Model):
    day = models.DateField("日期", unique=True)
    last = models.PositiveIntegerField("当日序号", default=0)

    class Meta:
        verbose_name = "来信编号序列"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.day} {self.last}"


class Attempt(models.Model):
    """Public submissions and status queries, to rate-limit them (per address and per writer)."""

    purpose = models.CharField("用途", max_length=10, choices=[("submit", "提交"), ("query", "查询")])
    key = models.CharField("索引", max_length=64, db_index=True)
    at = models.DateTimeField("时间", db_index=True)
    success = models.BooleanField("成功", default=True)

    class Meta:
        verbose_name = "提交与查询记录"
        verbose_name_plural = "提交与查询记录"

    def __str__(self) -> str:
        return f"{self.purpose} {self.at}"
