"""Rule records, the working-day calendar and deadlines (clocks).

Semantics (see docs in ``workdays.py`` and ``clocks.py``):
- A ``RuleRecord`` is in force on a date D when ``effective_from <= D`` and
  (``effective_to`` is empty or ``D <= effective_to``): ``effective_to`` is the LAST day in force.
- A ``CalendarDay`` overrides the weekday rule for one date: ``holiday`` = no work,
  ``workday`` = a make-up working day (调休上班). A row with a region adds or changes a day
  for that region and the regions below it only.
- A ``CalendarYear`` row says that a year's schedule has been entered; without one, the
  year is computed from weekends and the statutory holidays, and deadlines are provisional.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q

from gongkai.core.models import TimeStampedModel

from .enums import DayKind, DeadlineStatus, DeadlineUnit, YearStatus


class RuleRecord(TimeStampedModel):
    key = models.CharField("规则键", max_length=80, db_index=True)
    jurisdiction = models.ForeignKey(
        "orgs.Region",
        verbose_name="适用区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rule_records",
        help_text="为空表示全国默认值。",
    )
    value = models.JSONField("取值")
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField(
        "有效期至", null=True, blank=True, help_text="最后一个有效日（含）；为空表示长期有效。"
    )
    citation = models.CharField("依据", max_length=300)
    note = models.TextField("备注", blank=True)

    class Meta:
        ordering = ["key", "jurisdiction__code", "effective_from"]
        verbose_name = "规则记录"
        verbose_name_plural = "规则记录"
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="rules_rulerecord_effective_range",
            )
        ]
        indexes = [models.Index(fields=["key", "jurisdiction", "effective_from"], name="rules_rule_lookup_idx")]

    def __str__(self) -> str:
        where = self.jurisdiction.name if self.jurisdiction_id else "全国"
        return f"{self.key}（{where}，{self.effective_from} 起）"

    @property
    def spec(self):
        from .registry import RULES

        return RULES.get(self.key)

    @property
    def label(self) -> str:
        spec = self.spec
        return spec.label if spec else self.key

    @property
    def value_display(self) -> str:
        spec = self.spec
        return spec.format_value(self.value) if spec else str(self.value)

    def in_force_on(self, day) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年份", unique=True)
    status = models.CharField("状态", max_length=12, choices=YearStatus.choices, default=YearStatus.OFFICIAL)
    citation = models.CharField("依据", max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField("录入时间", null=True, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = "年度放假安排"
        verbose_name_plural = "年度放假安排"

    def __str__(self) -> str:
        return f"{self.year}年（{self.get_status_display()}）"


class CalendarDay(models.Model):
    date = models.DateField("日期", db_index=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("名称", max_length=100, blank=True)
    region = models.ForeignKey(
        "orgs.Region",
        verbose_name="适用区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calendar_days",
        help_text="为空表示全国；填写时仅适用于该区划及其下级（地方性假日）。",
    )
    source = models.CharField("来源", max_length=300, blank=True)

    class Meta:
        ordering = ["date", "region__code"]
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=Q(region__isnull=True), name="rules_day_unique_national"
            ),
            models.UniqueConstraint(
                fields=["date", "region"], condition=Q(region__isnull=False), name="rules_day_unique_local"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class CalendarState(models.Model):
    """One row: bumped on every calendar change so per-process caches know to reload.

    ``token`` is random (never reused, even after a rolled-back transaction); ``version``
    is a counter for people.
    """

    version = models.PositiveIntegerField("版本", default=1)
    token = models.CharField("版本标识", max_length=32, default="initial")
    changed_at = models.DateTimeField("更新时间", null=True, blank=True)

    class Meta:
        verbose_name = "日历版本"
        verbose_name_plural = "日历版本"

    def __str__(self) -> str:
        return f"v{self.version}"


class Deadline(TimeStampedModel):
    """A clock attached to a case (any model), or free-standing.

    ``amount`` is the base period; extensions add to it; pauses move the due date later
    (see ``clocks.py``). ``due_at``/``due_date`` are empty while a pause is open and the
    period had not run out before it.
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name="案件类型", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField("案件编号", max_length=64, blank=True, db_index=True)
    target = GenericForeignKey("content_type", "object_id")
    title = models.CharField("名称", max_length=200, blank=True)
    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deadlines",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_deadlines",
    )
    unit = models.CharField("计算单位", max_length=16, choices=DeadlineUnit.choices)
    rule_key = models.CharField("规则键", max_length=80, blank=True)
    jurisdiction = models.ForeignKey(
        "orgs.Region", verbose_name="适用区划", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    citation = models.CharField("依据", max_length=300, blank=True)
    start_at = models.DateTimeField("起算时间")
    amount = models.PositiveIntegerField("期限")
    due_at = models.DateTimeField("到期时间", null=True, blank=True, db_index=True)
    due_date = models.DateField("到期日", null=True, blank=True)
    provisional = models.BooleanField("暂定", default=False)
    status = models.CharField(
        "状态", max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN, db_index=True
    )
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    overdue_notified_at = models.DateTimeField("逾期提醒时间", null=True, blank=True)
    due_soon_notified_at = models.DateTimeField("到期提醒时间", null=True, blank=True)
    explanation = models.JSONField("计算说明", default=dict, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = "期限"
        verbose_name_plural = "期限"
        indexes = [models.Index(fields=["content_type", "object_id"], name="rules_deadline_target_idx")]

    def __str__(self) -> str:
        due = self.due_date.isoformat() if self.due_date else "待定"
        return f"{self.title or self.rule_key or '期限'}（到期 {due}）"

    @property
    def audit_agency_id(self) -> int | None:
        return self.agency_id

    @property
    def total_amount(self) -> int:
        return self.amount + sum(e.amount for e in self.extensions.all())

    def explain(self) -> str:
        """The computation in Chinese, one fact per line (rule, start, skipped days, pauses, ...)."""
        from .clocks import explanation_lines

        return "\n".join(explanation_lines(self.explanation))


class DeadlinePause(models.Model):
    deadline = models.ForeignKey(Deadline, verbose_name="期限", on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField("暂停开始")
    ended_at = models.DateTimeField("暂停结束", null=True, blank=True)
    reason = models.CharField("原因", max_length=200)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = "暂停计时"
        verbose_name_plural = "暂停计时"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="rules_pause_range",
            ),
            models.UniqueConstraint(
                fields=["deadline"], condition=Q(ended_at__isnull=True), name="rules_pause_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason}（{self.started_at:%Y-%m-%d %H:%M} 起）"


class DeadlineExtension(models.Model):
    deadline = models.ForeignKey(Deadline, verbose_name="期限", on_delete=models.CASCADE, related_name="extensions")
    amount = models.PositiveIntegerField("延长")
    reason = models.CharField("原因", max_length=300)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "延长期限"
        verbose_name_plural = "延长期限"

    def __str__(self) -> str:
        return f"+{self.amount}（{self.reason}）"
