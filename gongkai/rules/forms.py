"""Forms of the rules pages. They only parse input; services decide and validate the rest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Region

from .enums import DayKind, YearStatus
from .registry import rule_choices
from .workdays import MAX_DATE, MIN_DATE

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def region_choices(empty_label: str) -> list[tuple[str, str]]:
    regions = Region.objects.select_related("parent__parent__parent").order_by("code")
    return [("", empty_label)] + [(r.code, f"{r.code} {r.full_name()}") for r in regions]


class RuleRecordForm(forms.Form):
    key = forms.ChoiceField(label=_("规则"), choices=())
    jurisdiction = forms.ChoiceField(label=_("适用区划"), choices=(), required=False)
    value = forms.CharField(
        label=_("取值"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("数字直接填写（如 20）；日期填“月-日”（如 01-31）；结构化取值填 JSON。"),
    )
    effective_from = forms.DateField(label=_("生效日期"), widget=DATE_INPUT)
    effective_to = forms.DateField(
        label=_("有效期至"), required=False, widget=DATE_INPUT, help_text=_("最后一个有效日（含）；留空表示长期有效。")
    )
    citation = forms.CharField(
        label=_("依据"), max_length=300, help_text=_("文件文号及条款，如：铜政办发〔2016〕71号 三(四)")
    )
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = rule_choices()
        self.fields["jurisdiction"].choices = region_choices(str(_("全国（默认值）")))
        if editing:
            for name in ("key", "jurisdiction"):
                self.fields[name].disabled = True
                self.fields[name].required = False
                self.fields[name].help_text = _("规则和区划不可修改；新的取值请新建一条记录。")


class RuleEndForm(forms.Form):
    last_day = forms.DateField(label=_("最后有效日"), widget=DATE_INPUT)


class ScheduleForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=MIN_DATE.year, max_value=MAX_DATE.year)
    status = forms.ChoiceField(label=_("状态"), choices=YearStatus.choices, initial=YearStatus.OFFICIAL)
    citation = forms.CharField(
        label=_("依据"), max_length=300, help_text=_("国务院办公厅通知的文号，如：国办发明电〔2025〕7号")
    )
    text = forms.CharField(
        label=_("放假与调休安排"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "每行一条：日期或日期范围，空格，名称。例如：2027-01-01 元旦 / 2027-02-06..2027-02-12 春节 / "
            "2027-02-14 调休上班。名称含“上班”或“补班”的为调休上班日，其余为放假。以 # 开头的行为注释。"
        ),
    )


class CalendarDayForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE_INPUT)
    kind = forms.ChoiceField(label=_("类型"), choices=DayKind.choices)
    name = forms.CharField(label=_("名称"), max_length=100, help_text=_("如：国庆节、国庆节调休上班"))
    region = forms.ChoiceField(
        label=_("适用区划"),
        choices=(),
        required=False,
        help_text=_("留空为全国；选择区划则为仅适用于该区划及其下级的地方性安排。"),
    )
    source = forms.CharField(label=_("来源"), max_length=300, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices(str(_("全国")))
        if editing:
            for name in ("date", "region"):
                self.fields[name].disabled = True
                self.fields[name].required = False


class CalculatorForm(forms.Form):
    start = forms.CharField(
        label=_("起算日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("收到申请等事件发生的日期；当日不计入。"),
    )
    working_days = forms.CharField(label=_("工作日数"), required=False, widget=forms.NumberInput(attrs={"min": 0}))
    hours = forms.CharField(
        label=_("小时数"), required=False, widget=forms.NumberInput(attrs={"min": 0}), help_text=_("与工作日数二选一。")
    )
    jurisdiction = forms.ChoiceField(label=_("适用区划"), choices=(), required=False)
    rule = forms.ChoiceField(
        label=_("规则（可选）"),
        choices=(),
        required=False,
        help_text=_("选择规则且不填期限时，按起算日有效的规则取值。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .registry import RULES

        self.fields["jurisdiction"].choices = region_choices(str(_("全国")))
        self.fields["rule"].choices = [("", str(_("不指定")))] + [
            (s.key, s.label) for s in RULES.values() if s.is_deadline
        ]
