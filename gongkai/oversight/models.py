"""Oversight (监督保障): training, social evaluation, accountability and assessment (SPEC R1.4, R9.1–R9.3).

- Training (004 附件5): ``Course`` and one ``Attendance`` per person and course (hours, exam).
- Social evaluation (004 附件7): ``Survey`` with ``Question`` rows, anonymous ``SurveyResponse``
  (one per person: a cookie token and a keyed hash of the address, never the address itself),
  and ``Rectification`` items with an owner and a rules-clock deadline.
- Accountability (004 附件3 第五条): ``AccountabilityCase``, opened by hand or from a record of
  another app (by reference: ``source_ref`` such as ``foi:12``), handled on the review engine.
- Assessment (001 (十九), 003 (十六)): ``AssessmentRound`` per jurisdiction and period, one
  ``Scorecard`` per unit with its ``ScoreLine`` rows (indicators of the dated rule record).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core import links
from gongkai.core.models import TimeStampedModel

from .enums import (
    CaseSource,
    CaseStatus,
    Dimension,
    LineSource,
    Outcome,
    QuestionKind,
    RectificationStatus,
    RoundStatus,
    SurveyStatus,
    ViolationType,
)

# --- training --------------------------------------------------------------------------------


class Course(TimeStampedModel):
    agency = models.ForeignKey("orgs.Agency", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+")
    topic = models.CharField("培训主题", max_length=200)
    held_on = models.DateField("培训日期", db_index=True)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    teacher = models.CharField("授课人", max_length=100, blank=True)
    materials = models.TextField("培训材料", blank=True)
    has_exam = models.BooleanField("组织考试", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "培训课程"
        verbose_name_plural = "培训课程"

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    def get_absolute_url(self) -> str:
        return links.url_for(self)


class Attendance(TimeStampedModel):
    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="参训人员", on_delete=models.PROTECT, related_name="+"
    )
    hours = models.DecimalField("计入学时", max_digits=5, decimal_places=1)
    exam_score = models.DecimalField("考试成绩", max_digits=5, decimal_places=1, null=True, blank=True)
    exam_passed = models.BooleanField("考试合格", null=True, blank=True)

    class Meta:
        ordering = ["course_id", "id"]
        verbose_name = "参训记录"
        verbose_name_plural = "参训记录"
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="oversight_attendance_once")]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.course_id}"

    @property
    def audit_agency_id(self) -> int:
        return self.course.agency_id


# --- accountability ----------------------------------------------------------------------------


class AccountabilityCase(TimeStampedModel):
    number = models.CharField("案件编号", max_length=40, unique=True)
    agency = models.ForeignKey("orgs.Agency", verbose_name="被追究单位", on_delete=models.PROTECT, related_name="+")
    violation = models.CharField("违规情形", max_length=30, choices=ViolationType.choices)
    source = models.CharField("案件来源", max_length=20, choices=CaseSource.choices, default=CaseSource.MANUAL)
    source_ref = models.CharField("来源记录", max_length=60, blank=True, db_index=True)
    source_label = models.CharField("来源记录说明", max_length=300, blank=True)
    source_url = models.CharField("来源记录链接", max_length=300, blank=True)
    facts = models.TextField("违规事实")
    persons = models.CharField("责任人", max_length=300, blank=True)
    status = models.CharField("状态", max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    outcome = models.CharField("处理结果", max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField("处理意见", blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True, db_index=True)
    notice_docx = models.BinaryField("处理通知", null=True, blank=True)
    closing_note = models.TextField("结案说明", blank=True)
    opened_on = models.DateField("立案日期", db_index=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="立案人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = "责任追究案件"
        verbose_name_plural = "责任追究案件"
        constraints = [
            models.UniqueConstraint(
                fields=["source_ref"], condition=~Q(source_ref=""), name="oversight_case_one_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"责任追究案件 {self.number}"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    def get_absolute_url(self) -> str:
        return links.url_for(self)


# --- social evaluation -------------------------------------------------------------------------


class Survey(TimeStampedModel):
    agency = models.ForeignKey("orgs.Agency", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("问卷标题", max_length=200)
    intro = models.TextField("说明", blank=True)
    status = models.CharField("状态", max_length=12, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    opened_at = models.DateTimeField("开始时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = "社会评议问卷"
        verbose_name_plural = "社会评议问卷"

    def __str__(self) -> str:
        return self.title

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    def get_absolute_url(self) -> str:
        return links.url_for(self)


class Question(models.Model):
    survey = models.ForeignKey(Survey, verbose_name="问卷", on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField("序号", default=0)
    text = models.CharField("题目", max_length=300)
    kind = models.CharField("题型", max_length=12, choices=QuestionKind.choices)
    dimension = models.CharField("评议内容", max_length=20, choices=Dimension.choices, default=Dimension.OTHER)
    options = models.JSONField("选项", default=list, blank=True)
    scale = models.PositiveSmallIntegerField("评分满分", default=5)
    required = models.BooleanField("必答", default=True)

    class Meta:
        ordering = ["survey_id", "position", "id"]
        verbose_name = "问卷题目"
        verbose_name_plural = "问卷题目"

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, verbose_name="问卷", on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField("提交时间", db_index=True)
    # A keyed hash of the client address and of the browser token: never the address itself.
    address_hash = models.CharField("来源识别码", max_length=64, db_index=True)
    token_hash = models.CharField("答卷人识别码", max_length=64, db_index=True)
    answers = models.JSONField("答案", default=dict)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = "问卷答卷"
        verbose_name_plural = "问卷答卷"
        constraints = [
            models.UniqueConstraint(fields=["survey", "token_hash"], name="oversight_response_one_per_token")
        ]

    def __str__(self) -> str:
        return f"答卷 {self.pk}"

    @property
    def audit_agency_id(self) -> int:
        return self.survey.agency_id


class Rectification(TimeStampedModel):
    survey = models.ForeignKey(
        Survey, verbose_name="来源问卷", null=True, blank=True, on_delete=models.SET_NULL, related_name="rectifications"
    )
    agency = models.ForeignKey("orgs.Agency", verbose_name="整改单位", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="责任人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    problem = models.TextField("问题")
    deadline = models.ForeignKey(
        "rules.Deadline", verbose_name="整改期限", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=12, choices=RectificationStatus.choices, default=RectificationStatus.OPEN
    )
    resolution = models.TextField("整改情况或解释", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        ordering = ["status", "-id"]
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"

    def __str__(self) -> str:
        return self.problem[:40]

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    def get_absolute_url(self) -> str:
        return links.url_for(self)


# --- assessment --------------------------------------------------------------------------------


class AssessmentRound(TimeStampedModel):
    government = models.ForeignKey("orgs.Agency", verbose_name="考核机关", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    citation = models.CharField("指标依据", max_length=300, blank=True)
    computed_at = models.DateTimeField("测算时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    notice_docx = models.BinaryField("考核通报", null=True, blank=True)

    class Meta:
        ordering = ["-year", "-quarter", "-id"]
        verbose_name = "考核"
        verbose_name_plural = "考核"
        constraints = [
            models.UniqueConstraint(
                fields=["government", "year", "quarter"], name="oversight_round_once", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        period = f"{self.year}年第{self.quarter}季度" if self.quarter else f"{self.year}年度"
        return f"{period}政务公开工作考核"

    @property
    def audit_agency_id(self) -> int:
        return self.government_id

    def get_absolute_url(self) -> str:
        return links.url_for(self)


class Scorecard(models.Model):
    round = models.ForeignKey(AssessmentRound, verbose_name="考核", on_delete=models.CASCADE, related_name="cards")
    agency = models.ForeignKey("orgs.Agency", verbose_name="被考核单位", on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField("得分", max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField("名次", null=True, blank=True)
    commended = models.BooleanField("表扬", default=False)

    class Meta:
        ordering = ["round_id", "rank", "agency_id"]
        verbose_name = "考核结果"
        verbose_name_plural = "考核结果"
        constraints = [models.UniqueConstraint(fields=["round", "agency"], name="oversight_card_once")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.total}"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id


class ScoreLine(models.Model):
    card = models.ForeignKey(Scorecard, verbose_name="考核结果", on_delete=models.CASCADE, related_name="lines")
    key = models.CharField("指标", max_length=80)
    label = models.CharField("指标名称", max_length=200)
    weight = models.DecimalField("分值", max_digits=6, decimal_places=2)
    source = models.CharField("来源", max_length=10, choices=LineSource.choices, default=LineSource.AUTO)
    value = models.FloatField("数值", null=True, blank=True)
    target = models.FloatField("目标值", null=True, blank=True)
    rate = models.FloatField("完成率", null=True, blank=True)
    score = models.DecimalField("得分", max_digits=6, decimal_places=2, null=True, blank=True)
    records = models.PositiveIntegerField("记录数", default=0)
    url = models.CharField("记录链接", max_length=400, blank=True)
    evidence = models.TextField("佐证材料", blank=True)

    class Meta:
        ordering = ["card_id", "id"]
        verbose_name = "考核指标得分"
        verbose_name_plural = "考核指标得分"
        constraints = [models.UniqueConstraint(fields=["card", "key"], name="oversight_line_once")]

    def __str__(self) -> str:
        return self.label

    @property
    def has_data(self) -> bool:
        return self.rate is not None
