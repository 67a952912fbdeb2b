"""The proactive-disclosure catalogue (SPEC M2, M3).

An item's public fields (``public_*``, ``index_number``, ``published_at``) are written only by
the publication services, after a completed review; every public path (portal, API, feeds,
search, exports) reads only those fields, so withheld passages never leave the back office.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core.models import TimeStampedModel

from .enums import (
    Attribute,
    ConsultationAnswer,
    ConsultationKind,
    FiveDisclosure,
    ItemStatus,
    SourceFormat,
    StatutoryKind,
    TimeLimit,
    WithholdGround,
)


class Category(models.Model):
    """A catalogue category (the nine of 004 附件1 ship as defaults; configurable)."""

    code = models.CharField("分类代码", max_length=10, unique=True)
    name = models.CharField("分类名称", max_length=50, unique=True)
    description = models.CharField("说明", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "信息分类"
        verbose_name_plural = "信息分类"

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A topic page (专题) grouping items across agencies."""

    slug = models.SlugField("标识", max_length=60, unique=True)
    name = models.CharField("专题名称", max_length=100)
    description = models.TextField("简介", blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "专题"
        verbose_name_plural = "专题"

    def __str__(self) -> str:
        return self.name


class InformationItem(TimeStampedModel):
    agency = models.ForeignKey("orgs.Agency", verbose_name="发布机构", on_delete=models.PROTECT, related_name="items")
    section = models.ForeignKey(
        "orgs.Section",
        verbose_name="责任部门（科室）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=20, choices=ItemStatus.choices, default=ItemStatus.DRAFT, db_index=True
    )

    # --- Fields of SPEC R2.2 (the working copy, edited by staff) ---------------------------------
    title = models.CharField("信息名称", max_length=300)
    document_number = models.CharField("文件编号", max_length=100, blank=True)
    produced_on = models.DateField("产生时间")
    attribute = models.CharField("公开属性", max_length=20, choices=Attribute.choices, default=Attribute.ACTIVE)
    withhold_grounds = models.JSONField("不予公开（或部分公开）理由", default=list, blank=True)
    attribute_reason = models.TextField("属性说明", blank=True)
    description = models.TextField("内容描述", blank=True)
    time_limit = models.CharField("公开时限", max_length=20, choices=TimeLimit.choices, default=TimeLimit.LONG_TERM)
    time_limit_end = models.DateField("限时公开截止日期", null=True, blank=True)
    keywords = models.CharField("关键词", max_length=200)
    category = models.ForeignKey(Category, verbose_name="信息分类", on_delete=models.PROTECT, related_name="items")
    five_disclosure = models.CharField("五公开", max_length=20, choices=FiveDisclosure.choices, blank=True)
    # 条例 art. 20–21 (annual report section 二): suggested from title and 文号, confirmed by a person.
    statutory_kind = models.CharField(
        "条例第二十条事项", max_length=30, choices=StatutoryKind.choices, blank=True, db_index=True
    )
    topics = models.ManyToManyField(Topic, verbose_name="专题", blank=True, related_name="items")
    body_html = models.TextField("正文", blank=True)
    body_text = models.TextField("正文（纯文本）", blank=True)
    source_format = models.CharField("来源格式", max_length=10, choices=SourceFormat.choices, default=SourceFormat.FORM)
    source_meta = models.JSONField("来源信息", default=dict, blank=True)

    # --- Public copy, written only by publication ---------------------------------------------------
    index_number = models.CharField("索引号", max_length=80, null=True, blank=True, unique=True)
    index_year = models.PositiveSmallIntegerField("索引年份", null=True, blank=True)
    index_seq = models.PositiveIntegerField("索引流水号", null=True, blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True, db_index=True)
    public_title = models.CharField("公开标题", max_length=300, blank=True)
    public_body_html = models.TextField("公开正文", blank=True)
    public_body_text = models.TextField("公开正文（纯文本）", blank=True)
    public_meta = models.JSONField("公开字段", default=dict, blank=True)
    version = models.PositiveIntegerField("版本", default=0)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_reason = models.TextField("撤回理由", blank=True)
    # 条例 art. 26: the proactive-disclosure clock (rule disclosure.proactive_period, counted from
    # 产生时间 or from a change that needs republication), closed at publication.
    disclosure_deadline = models.ForeignKey(
        "rules.Deadline",
        verbose_name="主动公开期限",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_late = models.BooleanField("逾期公开", null=True, blank=True)
    # The year of produced_on, kept by save(): the portal's year filter reads the index
    # (status, produced_year, published_at, id) in page order instead of sorting a whole year.
    produced_year = models.PositiveSmallIntegerField("产生年份", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        constraints = [
            # R3.1 in the database: a published item always has its index number and publication time.
            models.CheckConstraint(
                condition=~Q(status=ItemStatus.PUBLISHED)
                | (Q(index_number__isnull=False) & Q(published_at__isnull=False)),
                name="catalog_published_has_index_number",
            ),
            models.CheckConstraint(
                condition=~Q(time_limit=TimeLimit.LIMITED) | Q(time_limit_end__isnull=False),
                name="catalog_limited_has_end_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "agency", "published_at"], name="catalog_item_public_idx"),
            # The portal's newest-first list and its facet filters (bench/portal_bench.py: 6x on filtered pages).
            models.Index(fields=["status", "published_at", "id"], name="catalog_item_newest_idx"),
            models.Index(
                fields=["status", "produced_on", "category", "agency", "five_disclosure", "attribute"],
                name="catalog_item_facets_idx",
            ),
            models.Index(fields=["status", "produced_year", "published_at", "id"], name="catalog_item_year_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        produced_on = self._meta.get_field("produced_on").to_python(self.produced_on)
        self.produced_year = produced_on.year if produced_on else None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "produced_on" in update_fields:
            kwargs["update_fields"] = {*update_fields, "produced_year"}
        super().save(*args, **kwargs)

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    @property
    def is_public(self) -> bool:
        return self.status == ItemStatus.PUBLISHED

    def keyword_list(self) -> list[str]:
        return [k for k in self.keywords.split() if k]

    def withhold_ground_labels(self) -> list[str]:
        labels = dict(WithholdGround.choices)
        return [labels.get(g, g) for g in self.withhold_grounds]


class FacetCount(models.Model):
    """How many published items share one combination of the public catalogue's facets.

    Kept by the publication services in the transaction that publishes, corrects or withdraws an
    item (``services/facet_counts.py``), so the portal's facet counts and totals are sums over
    these rows — at most categories × agencies × years × 五公开 × forms of them — instead of a
    GROUP BY over every published item. ``facet_counts_rebuild()`` recounts them from the items.
    """

    category = models.ForeignKey(Category, verbose_name="信息分类", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("orgs.Agency", verbose_name="发布机构", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("产生年份")
    five_disclosure = models.CharField("五公开", max_length=20, blank=True)
    attribute = models.CharField("公开形式", max_length=20)
    n = models.IntegerField("已公开条数", default=0)

    class Meta:
        verbose_name = "公开目录分面计数"
        verbose_name_plural = "公开目录分面计数"
        constraints = [
            models.UniqueConstraint(
                fields=["category", "agency", "year", "five_disclosure", "attribute"], name="catalog_facetcount_key"
            )
        ]
        indexes = [models.Index(fields=["year"], name="catalog_facetcount_year_idx")]

    def __str__(self) -> str:
        return f"{self.category_id}/{self.agency_id}/{self.year}/{self.five_disclosure}/{self.attribute}: {self.n}"


class ItemVersion(models.Model):
    """A snapshot of an item's public copy at each publication or correction (kept for staff)."""

    item = models.ForeignKey(InformationItem, verbose_name="信息", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    snapshot = models.JSONField("内容")
    reason = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["item", "-number"]
        verbose_name = "信息版本"
        verbose_name_plural = "信息版本"
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="catalog_version_unique")]

    def __str__(self) -> str:
        return f"{self.item} v{self.number}"


class Redaction(models.Model):
    """A passage to withhold when the item is published (partial disclosure, SPEC R3.7)."""

    item = models.ForeignKey(InformationItem, verbose_name="信息", on_delete=models.CASCADE, related_name="redactions")
    passage = models.TextField("不予公开的内容")
    ground = models.CharField("理由", max_length=30, choices=WithholdGround.choices)
    note = models.CharField("说明", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="标注人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["item", "id"]
        verbose_name = "区分处理标注"
        verbose_name_plural = "区分处理标注"

    def __str__(self) -> str:
        return f"{self.get_ground_display()}：{self.passage[:20]}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"catalog/{instance.item.agency_id}/{instance.item_id}/{filename}"


class Attachment(models.Model):
    item = models.ForeignKey(InformationItem, verbose_name="信息", on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("名称", max_length=200)
    file = models.FileField("文件", upload_to=attachment_path)
    size = models.PositiveBigIntegerField("大小", default=0)
    content_type = models.CharField("类型", max_length=100, blank=True)
    is_public = models.BooleanField("随信息公开", default=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["item", "id"]
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.name


class IndexCounter(models.Model):
    """Gap-free sequence per scope: incremented inside the publication transaction."""

    scope = models.CharField("范围", max_length=120, unique=True)
    last = models.PositiveIntegerField("最近流水号", default=0)

    class Meta:
        verbose_name = "索引号计数器"
        verbose_name_plural = "索引号计数器"

    def __str__(self) -> str:
        return f"{self.scope}: {self.last}"


class Consultation(TimeStampedModel):
    """A written consultation before publication (SPEC R3.2 third parties, R3.5 other agencies)."""

    item = models.ForeignKey(
        InformationItem, verbose_name="信息", on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField("类型", max_length=20, choices=ConsultationKind.choices)
    party_name = models.CharField("征求对象", max_length=200, blank=True)
    consulted_agency = models.ForeignKey(
        "orgs.Agency", verbose_name="被征求机关", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_on = models.DateField("发出日期")
    # A public consultation on a decision draft: a 重大行政决策 runs on its own, longer minimum.
    major_decision = models.BooleanField("属于重大行政决策", default=False)
    # The answer period (or the public consultation's minimum period) on the rules clocks, so
    # calendar changes recompute it.
    deadline = models.ForeignKey(
        "rules.Deadline", verbose_name="答复期限", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.CharField(
        "答复", max_length=20, choices=ConsultationAnswer.choices, default=ConsultationAnswer.PENDING
    )
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answer_note = models.TextField("答复内容", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["item", "sent_on", "id"]
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"

    def __str__(self) -> str:
        who = self.consulted_agency.name if self.consulted_agency_id else self.party_name
        return f"{self.get_kind_display()}：{who}"

    @property
    def due_on(self):
        """The last day of the period (from the clock; None while it is undetermined)."""
        return self.deadline.due_date if self.deadline_id else None

    @property
    def due_citation(self) -> str:
        return self.deadline.citation if self.deadline_id else ""

    @property
    def due_provisional(self) -> bool:
        return bool(self.deadline_id and self.deadline.provisional)

    @property
    def audit_agency_id(self) -> int:
        return self.item.agency_id


class DisclosureGuide(TimeStampedModel):
    """公开指南 of an agency (SPEC R2.8; 条例 art. 12)."""

    agency = models.OneToOneField("orgs.Agency", verbose_name="机构", on_delete=models.CASCADE, related_name="guide")
    how_to_obtain = models.TextField("获取方式", blank=True)
    office_name = models.CharField("办理机构名称", max_length=200, blank=True)
    address = models.CharField("办公地址", max_length=300, blank=True)
    hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=100, blank=True)
    fax = models.CharField("传真", max_length=100, blank=True)
    online = models.CharField("网上联系方式", max_length=300, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    notes = models.TextField("其他说明", blank=True)

    class Meta:
        verbose_name = "公开指南"
        verbose_name_plural = "公开指南"

    def __str__(self) -> str:
        return f"{self.agency.name}政府信息公开指南"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id
