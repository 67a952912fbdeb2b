"""Forms of the press pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ConferenceKind, MediaKind, PersonRole

DT_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _dt(label, required=True):
    return forms.DateTimeField(label=label, required=required, widget=DT_WIDGET, input_formats=DT_FORMATS)


class AgencyChoiceForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("单位"), coerce=int)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]
        self.order_fields(["agency"])


class ConferenceForm(AgencyChoiceForm):
    kind = forms.ChoiceField(label=_("形式"), choices=ConferenceKind.choices)
    at_news_office = forms.BooleanField(label=_("在本级政府新闻办发布会上发布"), required=False)
    topic = forms.CharField(label=_("发布主题"), max_length=200)
    planned_at = _dt(_("计划时间"))
    place = forms.CharField(label=_("地点"), max_length=200)
    speakers = forms.CharField(label=_("发布人"), max_length=300)
    invited_media = forms.CharField(label=_("邀请媒体"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    talking_points = forms.CharField(label=_("发布口径"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    qa_preparation = forms.CharField(label=_("答问准备"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    opinion_risk_id = forms.TypedChoiceField(
        label=_("引用已完成的重大决策舆情风险评估"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("选择后，风险评估、风险等级和空白的发布口径按该评估填写。"),
    )
    risk_assessment = forms.CharField(label=_("风险评估"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    risk_level = forms.ChoiceField(
        label=_("风险等级"), required=False, choices=[("", "—"), ("低", _("低")), ("中", _("中")), ("高", _("高"))]
    )
    opinion_event_id = forms.TypedChoiceField(
        label=_("回应的重大舆情事件（24小时内须举行发布会）"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, events=(), risks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opinion_risk_id"].choices = [("", "—")] + [
            (r["id"], f"{r['title']}（{r['level_label'] or '—'}）") for r in risks
        ]
        self.fields["opinion_event_id"].choices = [("", "—")] + [
            (e["event_id"], f"{e['title']}（{e['due_at']:%m-%d %H:%M} 前）") for e in events
        ]


class HoldForm(forms.Form):
    held_at = _dt(_("举行时间"))
    head_attended = forms.BooleanField(label=_("主要负责同志出席"), required=False)
    spokesperson_attended = forms.BooleanField(label=_("新闻发言人或相关负责人出席"), required=False)


class PublishForm(forms.Form):
    transcript = forms.CharField(label=_("文字实录"), widget=forms.Textarea(attrs={"rows": 10}))


class MediaForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=MediaKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    file = forms.FileField(label=_("文件"))


class FilingForm(AgencyChoiceForm):
    role = forms.ChoiceField(label=_("身份"), choices=PersonRole.choices)
    name = forms.CharField(label=_("姓名"), max_length=60)
    title = forms.CharField(label=_("职务"), max_length=100)
    office_phone = forms.CharField(label=_("办公电话"), max_length=40, required=False)
    mobile = forms.CharField(label=_("手机"), max_length=40, required=False)
    since = forms.DateField(label=_("任职起始日期"), widget=DATE_WIDGET)


class InterviewForm(AgencyChoiceForm):
    title = forms.CharField(label=_("访谈主题"), max_length=200)
    guest = forms.CharField(label=_("访谈嘉宾"), max_length=200)
    guest_is_head = forms.BooleanField(label=_("嘉宾为主要负责同志"), required=False, initial=True)
    scheduled_at = _dt(_("访谈时间"))
    summary = forms.CharField(label=_("访谈简介"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class QuestionForm(forms.Form):
    asker = forms.CharField(label=_("昵称"), max_length=40)
    text = forms.CharField(label=_("您的问题"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), widget=forms.Textarea(attrs={"rows": 3}))
