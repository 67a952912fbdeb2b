"""Forms of the response pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms

from gongkai.opinion.enums import EmergencyGrade
from gongkai.opinion.models import Event, MonitoringPlan
from gongkai.orgs.models import Agency, Region

from .enums import (
    AccountabilityKind,
    FeedbackChannel,
    LeadRecipient,
    ReportKind,
    ResponseKind,
    RiskLevel,
    RiskMethod,
    RoutingRuleKind,
)

DT_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def _dt(label: str, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, required=required, widget=DT_WIDGET, input_formats=DT_FORMATS)


class PageForm(forms.Form):
    """A form shown beside others on one page: its element ids carry ``id_prefix`` so none repeats."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(label="回应形式", choices=ResponseKind.choices)
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 10}), max_length=50000)
    public_event_title = forms.CharField(
        label="公开的事件名称",
        max_length=200,
        required=False,
        help_text="回应栏目中展示的事件名称，随本回应一并审核；为空时沿用已公开的名称或本回应标题。",
    )
    held_at = _dt("举行时间（新闻发布会、吹风会、媒体采访）", required=False)
    place = forms.CharField(label="地点或媒体", max_length=200, required=False)
    speakers = forms.CharField(label="发布人 / 受访人", max_length=200, required=False)


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class RouteForm(PageForm):
    id_prefix = "route"

    lead = AgencyChoiceField(label="牵头单位", queryset=Agency.objects.none(), required=False)
    co_handlers = forms.ModelMultipleChoiceField(label="配合单位", queryset=Agency.objects.none(), required=False)
    reason = forms.CharField(label="交办说明", max_length=500, required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = agencies if agencies is not None else Agency.objects.none()
        self.fields["lead"].queryset = qs
        self.fields["co_handlers"].queryset = qs
        self.fields["co_handlers"].label_from_instance = lambda obj: obj.name


class EmergencyGradeForm(PageForm):
    id_prefix = "grade"

    grade = forms.ChoiceField(
        label="突发事件等级",
        choices=[c for c in EmergencyGrade.choices if c[0]],
        help_text="特别重大、重大突发事件适用首次权威发布和新闻发布会时限；其他舆情适用一般回应时限（自首次发现起算）。",
    )
    reason = forms.CharField(
        label="定级理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, required=False
    )


class RumourLeadForm(PageForm):
    id_prefix = "lead"

    agency = AgencyChoiceField(label="移交单位", queryset=Agency.objects.none())
    recipient_kind = forms.ChoiceField(label="接收部门类别", choices=LeadRecipient.choices)
    recipient_agency = AgencyChoiceField(label="接收单位（平台内）", queryset=Agency.objects.none(), required=False)
    recipient_name = forms.CharField(label="接收单位名称 / 接收人", max_length=200, required=False)
    handed_at = _dt("移交时间")
    content = forms.CharField(label="移交的情况和线索", widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)

    def __init__(self, *args, agencies=None, recipients=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.fields["recipient_agency"].queryset = recipients if recipients is not None else Agency.objects.none()


class FeedbackForm(PageForm):
    id_prefix = "feedback"

    agency = AgencyChoiceField(label="反馈单位", queryset=Agency.objects.none())
    channel = forms.ChoiceField(label="反馈途径", choices=FeedbackChannel.choices)
    recipient = forms.CharField(label="反馈对象", max_length=200)
    content = forms.CharField(label="反馈内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)
    fed_back_at = _dt("反馈时间")
    suggestion_adopted = forms.BooleanField(label="采纳了建设性意见建议", required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()


class MeetingForm(PageForm):
    id_prefix = "meeting"

    convener = AgencyChoiceField(label="召集单位", queryset=Agency.objects.none())
    held_at = _dt("会商时间")
    place = forms.CharField(label="地点或方式", max_length=200, required=False)
    units = forms.ModelMultipleChoiceField(label="参会单位", queryset=Agency.objects.none())
    people = forms.CharField(label="参会人员（每行一人）", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    decisions = forms.CharField(label="会商决定", widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)

    def __init__(self, *args, agencies=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convener"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.fields["units"].queryset = units if units is not None else Agency.objects.none()
        self.fields["units"].label_from_instance = lambda obj: obj.name


class RoutingRuleForm(forms.Form):
    kind = forms.ChoiceField(label="规则类型", choices=RoutingRuleKind.choices)
    region = forms.ModelChoiceField(label="适用区划", queryset=Region.objects.none())
    agency = AgencyChoiceField(label="单位", queryset=Agency.objects.none())
    category = forms.ChoiceField(label="舆情类别", required=False)
    keywords = forms.CharField(label="关键词（空格分隔）", max_length=1000, required=False)
    priority = forms.IntegerField(label="优先级（数字小者优先）", min_value=0, max_value=999, initial=100)
    citation = forms.CharField(label="依据（文件文号及条款）", max_length=300)
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args, regions=None, agencies=None, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions if regions is not None else Region.objects.none()
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.fields["category"].choices = [("", "不限类别"), *categories]


class WebhookForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    url = forms.URLField(label="推送地址", max_length=500, assume_scheme="https")
    secret = forms.CharField(label="签名密钥（可不填）", max_length=200, required=False)
    is_active = forms.BooleanField(label="启用", required=False, initial=True)
    region = forms.ModelChoiceField(
        label="适用区划",
        queryset=Region.objects.order_by("code"),
        required=False,
        empty_label="全部区划",
        help_text="只推送该区划（含下级）内的预警。",
    )


class ReportIssueForm(PageForm):
    id_prefix = "report"

    kind = forms.ChoiceField(label="报告类别", choices=ReportKind.choices)
    issuer = AgencyChoiceField(label="报送单位", queryset=Agency.objects.none())
    recipients = forms.ModelMultipleChoiceField(label="送承办单位", queryset=Agency.objects.none())
    note = forms.CharField(
        label="报送说明与处置建议", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000, required=False
    )

    def __init__(self, *args, issuers=None, recipients=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers if issuers is not None else Agency.objects.none()
        self.fields["recipients"].queryset = recipients if recipients is not None else Agency.objects.none()
        self.fields["recipients"].label_from_instance = lambda obj: obj.name


class AccountabilityForm(forms.Form):
    kind = forms.ChoiceField(label="措施", choices=AccountabilityKind.choices)
    agency = AgencyChoiceField(label="对象单位", queryset=Agency.objects.none())
    person = forms.CharField(label="对象个人（可不填）", max_length=200, required=False)
    issuer = AgencyChoiceField(label="作出单位", queryset=Agency.objects.none())
    decided_at = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    document_number = forms.CharField(label="文号（可不填）", max_length=100, required=False)
    reason = forms.CharField(label="事由", widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)
    events = forms.ModelMultipleChoiceField(label="涉及事件（可不选）", queryset=None, required=False)

    def __init__(self, *args, issuers=None, targets=None, events=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers if issuers is not None else Agency.objects.none()
        self.fields["agency"].queryset = targets if targets is not None else Agency.objects.none()
        self.fields["events"].queryset = events if events is not None else Event.objects.none()
        self.fields["events"].label_from_instance = lambda obj: obj.title[:60]


class RiskAssessmentForm(forms.Form):
    agency = AgencyChoiceField(label="决策单位", queryset=Agency.objects.none())
    decision_title = forms.CharField(label="决策事项", max_length=300)
    decision_summary = forms.CharField(
        label="决策主要内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=20000, required=False
    )
    planned_on = forms.DateField(label="拟出台日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    methods = forms.MultipleChoiceField(
        label="评估方式", choices=RiskMethod.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    findings = forms.CharField(
        label="风险预测与研判（可能引发的各种风险）",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        required=False,
    )
    level = forms.ChoiceField(label="风险等级", choices=[("", "尚未确定"), *RiskLevel.choices], required=False)
    plan = forms.CharField(label="处置预案", widget=forms.Textarea(attrs={"rows": 4}), max_length=20000, required=False)
    talking_points = forms.CharField(
        label="回应口径", widget=forms.Textarea(attrs={"rows": 3}), max_length=10000, required=False
    )
    tracking_plan = forms.ModelChoiceField(label="舆情跟踪方案", queryset=None, required=False, empty_label="不关联")

    def __init__(self, *args, agencies=None, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.fields["tracking_plan"].queryset = plans if plans is not None else MonitoringPlan.objects.none()
        self.fields["tracking_plan"].label_from_instance = lambda obj: f"{obj.name}（{obj.agency.name}）"
