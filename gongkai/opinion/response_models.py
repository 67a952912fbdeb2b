"""Models of the response side of public opinion (政务舆情回应, SPEC R5.4–R5.10).

Imported at the bottom of ``gongkai/opinion/models.py`` so they belong to the ``opinion`` app;
the code that works on them lives in ``gongkai/opinion/response/``.

- ``RoutingRule``: editable routing data (SPEC R5.4) — which department is competent for a
  kind of matter (the first responsible unit when several townships are concerned, the lead
  when several departments are), and which units coordinate (government office, propaganda
  department / news office), per jurisdiction.
- ``EventAssignment``: one unit's part in answering an event (lead / co-handler / coordinator),
  claimed by the unit.
- ``ResponseClock``: one statutory clock of an event (first release 5 h, press conference 24 h,
  ordinary response 48 h / 36 h), on a ``gongkai.rules`` ``Deadline``.
- ``OpinionResponse``: a response (R5.6); public only after the ``opinion.release`` review.
- ``ResponseEventPage``: the public face of an event in the responses column — only what was
  released (its public title), never the monitoring data.
- ``RumourLead`` (R5.7), ``ResultFeedback`` (R5.8), ``ConsultationMeeting`` (R5.9).
- ``OpinionReport`` / ``OpinionReportDelivery``: a special / quick / brief report (专报/快报/简报)
  issued on an event and forwarded to the handling units, with each unit's receipt (R5.3).
- ``AccountabilityAction``: circulated criticism, interview or commendation of a unit for its
  response work (R5.10).
- ``DecisionRiskAssessment``: the opinion risk assessment of a major decision before it is issued
  — methods, foreseen risks, a risk level and the response plan (R5.3; 004 附件8 二(二)).
- ``WebhookEndpoint`` / ``WebhookDelivery``: the government messaging system's webhook and its
  outbox (retried with back-off, visible like the notification outbox).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from gongkai.core import links
from gongkai.core.models import TimeStampedModel

from .response.enums import (
    AccountabilityKind,
    AssignmentRole,
    AssignmentStatus,
    ClockOutcome,
    DeliveryStatus,
    FeedbackChannel,
    LeadRecipient,
    Obligation,
    ReportKind,
    ResponseKind,
    ResponseStatus,
    RiskLevel,
    RiskMethod,
    RiskStatus,
    RoutingRuleKind,
)

__all__ = [
    "AccountabilityAction",
    "ConsultationMeeting",
    "DecisionRiskAssessment",
    "OpinionReport",
    "OpinionReportDelivery",
    "EventAssignment",
    "OpinionResponse",
    "ResponseClock",
    "ResponseEventPage",
    "ResultFeedback",
    "RoutingRule",
    "RumourLead",
    "WebhookDelivery",
    "WebhookEndpoint",
]


class RoutingRule(TimeStampedModel):
    region = models.ForeignKey(
        "orgs.Region",
        verbose_name="适用区划",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="适用于该区划及其下级区划的舆情事件。",
    )
    kind = models.CharField("规则类型", max_length=16, choices=RoutingRuleKind.choices)
    agency = models.ForeignKey("orgs.Agency", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(
        "舆情类别", max_length=32, blank=True, help_text="为空表示不限类别（SPEC R5.2 类别键）。"
    )
    keywords = models.JSONField(
        "关键词", default=list, blank=True, help_text="事件标题或关键词含其一即匹配；为空表示不限。"
    )
    priority = models.PositiveSmallIntegerField("优先级", default=100, help_text="数字小者优先。")
    citation = models.CharField("依据", max_length=300)
    note = models.CharField("说明", max_length=300, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["region__code", "kind", "priority", "id"]
        verbose_name = "舆情交办规则"
        verbose_name_plural = "舆情交办规则"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.agency}"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id


class EventAssignment(TimeStampedModel):
    event = models.ForeignKey(
        "opinion.Event", verbose_name="事件", on_delete=models.CASCADE, related_name="assignments"
    )
    agency = models.ForeignKey("orgs.Agency", verbose_name="承办单位", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("职责", max_length=12, choices=AssignmentRole.choices)
    status = models.CharField(
        "状态", max_length=12, choices=AssignmentStatus.choices, default=AssignmentStatus.ASSIGNED, db_index=True
    )
    reason = models.TextField("交办依据", blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="交办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="认领人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    claimed_at = models.DateTimeField("认领时间", null=True, blank=True)
    responded_at = models.DateTimeField("回应时间", null=True, blank=True)

    class Meta:
        ordering = ["event_id", "role", "id"]
        verbose_name = "舆情交办"
        verbose_name_plural = "舆情交办"
        constraints = [models.UniqueConstraint(fields=["event", "agency"], name="opinion_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.event_id}→{self.agency}（{self.get_role_display()}）"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    def get_absolute_url(self) -> str:
        return links.url_for(self)  # the event's response page (gongkai/backoffice/links.py)


class ResponseClock(TimeStampedModel):
    event = models.ForeignKey(
        "opinion.Event", verbose_name="事件", on_delete=models.CASCADE, related_name="response_clocks"
    )
    obligation = models.CharField("时限事项", max_length=20, choices=Obligation.choices)
    agency = models.ForeignKey("orgs.Agency", verbose_name="责任单位", on_delete=models.PROTECT, related_name="+")
    deadline = models.OneToOneField(
        "rules.Deadline", verbose_name="期限", on_delete=models.PROTECT, related_name="opinion_clock"
    )
    outcome = models.CharField(
        "结果", max_length=12, choices=ClockOutcome.choices, default=ClockOutcome.OPEN, db_index=True
    )
    stopped_at = models.DateTimeField("完成时间", null=True, blank=True)
    response = models.ForeignKey(
        "opinion.OpinionResponse",
        verbose_name="完成该事项的回应",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    escalated_at = models.DateTimeField("逾期上报时间", null=True, blank=True)

    class Meta:
        ordering = ["event_id", "deadline__due_at", "id"]
        verbose_name = "舆情回应时限"
        verbose_name_plural = "舆情回应时限"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "obligation"],
                condition=~Q(outcome="superseded"),
                name="opinion_clock_one_live_per_obligation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.get_obligation_display()}"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    def get_absolute_url(self) -> str:
        return links.url_for(self)  # the event's response page


class OpinionResponse(TimeStampedModel):
    event = models.ForeignKey("opinion.Event", verbose_name="事件", on_delete=models.PROTECT, related_name="responses")
    agency = models.ForeignKey("orgs.Agency", verbose_name="发布单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("回应形式", max_length=24, choices=ResponseKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    public_event_title = models.CharField(
        "公开的事件名称",
        max_length=200,
        blank=True,
        help_text="回应栏目中展示的事件名称（审核通过后公开；为空时沿用已公开的名称或本回应标题）。",
    )
    held_at = models.DateTimeField(
        "举行时间", null=True, blank=True, help_text="新闻发布会、吹风会、媒体采访举行的时间。"
    )
    place = models.CharField("地点或媒体", max_length=200, blank=True)
    speakers = models.CharField("发布人 / 受访人", max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT, db_index=True
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("提交审核时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    review_procedure = models.CharField("审核程序", max_length=500, blank=True)
    withdrawn_reason = models.CharField("撤下原因", max_length=300, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "舆情回应"
        verbose_name_plural = "舆情回应"

    def __str__(self) -> str:
        return self.title

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    @property
    def stop_time(self):
        """When this response answered: the time it was held (conference, interview) or published."""
        return self.held_at or self.published_at

    def get_absolute_url(self) -> str:
        return links.url_for(self)

    def get_public_url(self) -> str:
        return reverse("portal:response", args=[self.pk])


class ResponseEventPage(TimeStampedModel):
    """What the public sees of an event: only released text, set by approved responses."""

    event = models.OneToOneField(
        "opinion.Event", verbose_name="事件", on_delete=models.PROTECT, related_name="public_page"
    )
    title = models.CharField("公开的事件名称", max_length=200)
    first_published_at = models.DateTimeField("首次发布时间")
    last_published_at = models.DateTimeField("最近发布时间")
    is_public = models.BooleanField("公开", default=True)

    class Meta:
        ordering = ["-last_published_at", "-id"]
        verbose_name = "回应栏目事件页"
        verbose_name_plural = "回应栏目事件页"

    def __str__(self) -> str:
        return self.title

    def get_public_url(self) -> str:
        return reverse("portal:response_event", args=[self.pk])


class RumourLead(TimeStampedModel):
    event = models.ForeignKey(
        "opinion.Event", verbose_name="事件", on_delete=models.PROTECT, related_name="rumour_leads"
    )
    agency = models.ForeignKey("orgs.Agency", verbose_name="移交单位", on_delete=models.PROTECT, related_name="+")
    recipient_kind = models.CharField("接收部门类别", max_length=10, choices=LeadRecipient.choices)
    recipient_agency = models.ForeignKey(
        "orgs.Agency", verbose_name="接收单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_name = models.CharField("接收单位名称 / 接收人", max_length=200)
    handed_at = models.DateTimeField("移交时间")
    content = models.TextField("移交的情况和线索")
    post_ids = models.JSONField("涉及的舆情信息", default=list, blank=True)
    result = models.TextField("查处结果", blank=True)
    result_at = models.DateTimeField("结果反馈时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-handed_at", "-id"]
        verbose_name = "谣言线索移交"
        verbose_name_plural = "谣言线索移交"

    def __str__(self) -> str:
        return f"{self.event_id}→{self.recipient_name}"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id


class ResultFeedback(TimeStampedModel):
    event = models.ForeignKey("opinion.Event", verbose_name="事件", on_delete=models.PROTECT, related_name="feedbacks")
    agency = models.ForeignKey("orgs.Agency", verbose_name="反馈单位", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField("反馈途径", max_length=10, choices=FeedbackChannel.choices)
    recipient = models.CharField("反馈对象", max_length=200)
    content = models.TextField("反馈内容")
    fed_back_at = models.DateTimeField("反馈时间")
    suggestion_adopted = models.BooleanField("采纳了建设性意见建议", default=False)
    publication = models.ForeignKey(
        "opinion.OpinionResponse",
        verbose_name="采纳情况公开",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adopted_feedbacks",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-fed_back_at", "-id"]
        verbose_name = "处置结果反馈"
        verbose_name_plural = "处置结果反馈"

    def __str__(self) -> str:
        return f"{self.event_id}→{self.recipient}"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id


class ConsultationMeeting(TimeStampedModel):
    event = models.ForeignKey("opinion.Event", verbose_name="事件", on_delete=models.PROTECT, related_name="meetings")
    convener = models.ForeignKey("orgs.Agency", verbose_name="召集单位", on_delete=models.PROTECT, related_name="+")
    held_at = models.DateTimeField("会商时间")
    place = models.CharField("地点或方式", max_length=200, blank=True)
    units = models.ManyToManyField("orgs.Agency", verbose_name="参会单位", related_name="+", blank=True)
    people = models.TextField("参会人员", help_text="每行一人：姓名（单位、职务）。")
    decisions = models.TextField("会商决定")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_at", "-id"]
        verbose_name = "舆情会商"
        verbose_name_plural = "舆情会商"

    def __str__(self) -> str:
        return f"{self.event_id} 会商 {self.held_at:%Y-%m-%d %H:%M}"

    @property
    def audit_agency_id(self) -> int:
        return self.convener_id

    @property
    def people_list(self) -> list[str]:
        return [line.strip() for line in self.people.splitlines() if line.strip()]


class OpinionReport(TimeStampedModel):
    """A report on an event issued by a coordinator unit and forwarded to the handling units (R5.3).

    The Word document is kept as issued (``document``), so what a unit received can be shown later
    even after the event has moved on."""

    event = models.ForeignKey("opinion.Event", verbose_name="事件", on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField("类别", max_length=10, choices=ReportKind.choices)
    issuer = models.ForeignKey("orgs.Agency", verbose_name="报送单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("期号")
    note = models.TextField("报送说明与处置建议", blank=True)
    issued_at = models.DateTimeField("报送时间")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.BinaryField("报告文件（Word）")

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = "舆情专报"
        verbose_name_plural = "舆情专报"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "kind", "year", "serial"], name="opinion_report_unique_serial"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"{self.get_kind_display()}〔{self.year}〕第{self.serial}期"

    @property
    def audit_agency_id(self) -> int:
        return self.issuer_id


class OpinionReportDelivery(models.Model):
    """One handling unit's copy of a report, and when its staff first opened it."""

    report = models.ForeignKey(OpinionReport, verbose_name="报告", on_delete=models.CASCADE, related_name="deliveries")
    agency = models.ForeignKey("orgs.Agency", verbose_name="接收单位", on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField("阅知时间", null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="阅知人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["report_id", "id"]
        verbose_name = "专报送达"
        verbose_name_plural = "专报送达"
        constraints = [
            models.UniqueConstraint(fields=["report", "agency"], name="opinion_report_delivery_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}→{self.agency_id}"


class AccountabilityAction(TimeStampedModel):
    """Circulated criticism, interview or commendation for response work (R5.10; 祥政办通〔2019〕54号 (十九))."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="对象单位", on_delete=models.PROTECT, related_name="+")
    person = models.CharField("对象个人", max_length=200, blank=True)
    kind = models.CharField("措施", max_length=12, choices=AccountabilityKind.choices)
    issuer = models.ForeignKey("orgs.Agency", verbose_name="作出单位", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateField("日期")
    document_number = models.CharField("文号", max_length=100, blank=True)
    reason = models.TextField("事由")
    events = models.ManyToManyField("opinion.Event", verbose_name="涉及事件", blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = "舆情回应通报与约谈"
        verbose_name_plural = "舆情回应通报与约谈"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.agency_id} {self.decided_at}"

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id


class DecisionRiskAssessment(TimeStampedModel):
    """ "涉及群众切身利益的重大决策出台前，要进行舆情风险评估 …… 确定风险等级并制定相应的处置预案" (004 附件8 二(二))."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="决策单位", on_delete=models.PROTECT, related_name="+")
    decision_title = models.CharField("决策事项", max_length=300)
    decision_summary = models.TextField("决策主要内容", blank=True)
    planned_on = models.DateField("拟出台日期", null=True, blank=True)
    methods = models.JSONField("评估方式", default=list, blank=True)
    findings = models.TextField("风险预测与研判", blank=True)
    level = models.CharField("风险等级", max_length=10, choices=RiskLevel.choices, blank=True)
    plan = models.TextField("处置预案", blank=True)
    talking_points = models.TextField("回应口径", blank=True)
    tracking_plan = models.ForeignKey(
        "opinion.MonitoringPlan",
        verbose_name="舆情跟踪方案",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=10, choices=RiskStatus.choices, default=RiskStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审定人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    concluded_at = models.DateTimeField("审定时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "重大决策舆情风险评估"
        verbose_name_plural = "重大决策舆情风险评估"

    def __str__(self) -> str:
        return self.decision_title

    @property
    def audit_agency_id(self) -> int:
        return self.agency_id

    def method_labels(self) -> list[str]:
        labels = dict(RiskMethod.choices)
        return [labels.get(m, m) for m in self.methods or []]


class WebhookEndpoint(TimeStampedModel):
    name = models.CharField("名称", max_length=100)
    url = models.URLField("推送地址", max_length=500)
    secret = models.CharField(
        "签名密钥", max_length=200, blank=True, help_text="填写后，请求头 X-Gongkai-Signature 为正文的 HMAC-SHA256。"
    )
    is_active = models.BooleanField("启用", default=True)
    region = models.ForeignKey(
        "orgs.Region",
        verbose_name="适用区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="只推送该区划（含下级）内的预警；为空时推送全部预警。",
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "预警推送地址"
        verbose_name_plural = "预警推送地址"

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(
        WebhookEndpoint, verbose_name="推送地址", on_delete=models.CASCADE, related_name="deliveries"
    )
    event_type = models.CharField("事件类型", max_length=60)
    payload = models.JSONField("内容")
    dedupe_key = models.CharField("去重键", max_length=200)
    status = models.CharField(
        "状态", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    response_code = models.PositiveSmallIntegerField("响应码", null=True, blank=True)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "预警推送记录"
        verbose_name_plural = "预警推送记录"
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "dedupe_key"], name="opinion_webhook_unique_dedupe"),
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.event_type} {self.get_status_display()}"
