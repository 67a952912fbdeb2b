"""The register of government websites and new-media accounts, their posts, findings and the
monthly inspections (SPEC R1.6; 国办发〔2018〕123号; 国办函〔2019〕25号 检查指标)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from .enums import ChangeKind, ChangeReason, ChangeState, FindingKind, FindingState, Platform, PostSource, Status


class Account(models.Model):
    """One government website or new-media account (政务新媒体账号)."""

    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="主办单位", on_delete=models.PROTECT, related_name="web_accounts"
    )
    platform = models.CharField("平台", max_length=20, choices=Platform.choices)
    name = models.CharField("名称", max_length=200)
    identifier = models.CharField("账号或网址", max_length=500)
    feed_url = models.URLField("订阅地址（RSS/Atom）", max_length=500, blank=True)
    person_responsible = models.CharField("负责人", max_length=100)
    contact = models.CharField("联系电话", max_length=50, blank=True)
    filing_number = models.CharField("网信办备案号", max_length=100, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    opened_on = models.DateField("开设日期", null=True, blank=True)
    closed_on = models.DateField("关停或整合日期", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name="并入", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["agency__name", "platform", "name"]
        verbose_name = "政府网站或政务新媒体"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["platform", "identifier"], name="websites_account_unique_identifier")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_platform_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("backoffice:websites_account_detail", args=[self.pk])


class AccountChange(models.Model):
    """A request to open, close or merge an account; decided on the review engine."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="changes", verbose_name="账号")
    kind = models.CharField("事项", max_length=20, choices=ChangeKind.choices)
    reason = models.CharField("理由", max_length=30, choices=ChangeReason.choices)
    explanation = models.TextField("说明", blank=True)
    merge_target = models.ForeignKey(
        Account, verbose_name="并入", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField("状态", max_length=20, choices=ChangeState.choices, default=ChangeState.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请人"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)

    class Meta:
        verbose_name = "开设、关停或整合申请"
        verbose_name_plural = verbose_name
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.account.name}：{self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return self.account.get_absolute_url()

    @property
    def agency(self):
        return self.account.agency

    @property
    def agency_id(self) -> int:
        return self.account.agency_id


class Post(models.Model):
    """One item an account published, collected by feed, file or API (idempotent per external id)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="posts", verbose_name="账号")
    external_id = models.CharField("外部编号", max_length=200)
    title = models.CharField("标题", max_length=500, blank=True)
    text = models.TextField("正文", blank=True)
    url = models.URLField("链接", max_length=1000, blank=True)
    published_at = models.DateTimeField("发布时间")
    published_on = models.DateField("发布日期", db_index=True)
    source = models.CharField("来源", max_length=20, choices=PostSource.choices)
    # The classifier's decision (government information or not), its probability and evidence.
    model_gov_info = models.BooleanField("模型判定为政府信息", default=False)
    model_score = models.FloatField("模型概率", default=0.0)
    evidence = models.JSONField("判定依据", default=list, blank=True)
    # A person's correction overrides the model.
    corrected_gov_info = models.BooleanField("人工更正", null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="更正人",
    )
    corrected_at = models.DateTimeField("更正时间", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "新媒体信息"
        verbose_name_plural = verbose_name
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["account", "external_id"], name="websites_post_unique")]
        indexes = [models.Index(fields=["account", "published_on"])]

    def __str__(self) -> str:
        return self.title or self.text[:40]

    @property
    def is_gov_info(self) -> bool:
        return self.model_gov_info if self.corrected_gov_info is None else self.corrected_gov_info

    @property
    def agency_id(self) -> int:
        return self.account.agency_id


class Finding(models.Model):
    """A problem a check found (or the link crawler), with its rectification on a rules clock."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="findings", verbose_name="账号")
    kind = models.CharField("问题类型", max_length=20, choices=FindingKind.choices)
    # What makes the finding unique within its kind (a day, a URL, a post and term): checks are idempotent.
    key = models.CharField("问题标识", max_length=600)
    day = models.DateField("所属日期")
    message = models.TextField("问题描述")
    detail = models.JSONField("详情", default=dict, blank=True)
    veto = models.BooleanField("单项否决", default=False)
    citation = models.CharField("依据", max_length=500, blank=True)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings", verbose_name="信息"
    )
    state = models.CharField("状态", max_length=20, choices=FindingState.choices, default=FindingState.OPEN)
    deadline = models.ForeignKey(
        "rules.Deadline", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="整改期限"
    )
    rectification = models.TextField("整改情况", blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="整改登记人",
    )
    rectified_at = models.DateTimeField("整改时间", null=True, blank=True)
    found_at = models.DateTimeField("发现时间", auto_now_add=True)

    class Meta:
        verbose_name = "检查发现的问题"
        verbose_name_plural = verbose_name
        ordering = ["-day", "-id"]
        constraints = [models.UniqueConstraint(fields=["account", "kind", "key"], name="websites_finding_unique")]

    def __str__(self) -> str:
        return self.message

    def get_absolute_url(self) -> str:
        return reverse("backoffice:websites_finding_detail", args=[self.pk])

    @property
    def agency_id(self) -> int:
        return self.account.agency_id

    @property
    def agency(self):
        return self.account.agency


class Inspection(models.Model):
    """The monthly inspection of one unit: the scores a person enters (the computed ones are derived)."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="web_inspections", verbose_name="单位"
    )
    month = models.DateField("月份（当月1日）")
    manual = models.JSONField("人工评分", default=dict, blank=True)
    note = models.TextField("检查说明", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="更新人",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "月度检查"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["agency", "month"], name="websites_inspection_unique")]

    def __str__(self) -> str:
        return f"{self.agency}{self.month:%Y年%m月}检查"
