"""Forms of the oversight pages (the back office and the portal). They only parse input; the
services check everything again and raise ``ValidationFailed`` with a Chinese message."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Dimension, QuestionKind, RectificationStatus, ViolationType

KIND_WORDS = {
    "单选": QuestionKind.SINGLE,
    "多选": QuestionKind.MULTIPLE,
    "评分": QuestionKind.RATING,
    "文字": QuestionKind.TEXT,
}
DIMENSION_WORDS = {str(label): value for value, label in Dimension.choices}


class CourseForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("组织单位"), coerce=int)
    topic = forms.CharField(label=_("培训主题"), max_length=200)
    held_on = forms.DateField(label=_("培训日期"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(label=_("学时"), min_value=0.1, max_value=100, decimal_places=1)
    teacher = forms.CharField(label=_("授课人"), max_length=100, required=False)
    materials = forms.CharField(label=_("培训材料"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    has_exam = forms.BooleanField(label=_("组织考试"), required=False)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]


class AttendanceForm(forms.Form):
    person = forms.CharField(label=_("参训人员用户名"), max_length=150)
    hours = forms.DecimalField(label=_("计入学时（空为课程学时）"), required=False, decimal_places=1)
    exam_score = forms.DecimalField(label=_("考试成绩"), required=False, decimal_places=1)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("参训名单（.xlsx）"))


class CaseForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("被追究单位"), coerce=int)
    violation = forms.ChoiceField(label=_("违规情形（附件3第五条）"), choices=ViolationType.choices)
    facts = forms.CharField(label=_("违规事实"), widget=forms.Textarea(attrs={"rows": 3}))
    persons = forms.CharField(label=_("责任人"), max_length=300, required=False)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]


class CloseForm(forms.Form):
    note = forms.CharField(label=_("结案说明（整改落实情况）"), widget=forms.Textarea(attrs={"rows": 2}))


class SurveyForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("组织单位"), coerce=int)
    title = forms.CharField(label=_("问卷标题"), max_length=200)
    intro = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    questions = forms.CharField(
        label=_("题目（每行一题）"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "格式：题型｜评议内容｜题目｜选项1；选项2。题型为单选、多选、评分、文字；评议内容为"
            "及时性、准确性、全面性、真实性、方便群众、服务群众、工作效率、透明度和依法行政水平或其他。"
        ),
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]

    def clean_questions(self):
        out = []
        for n, line in enumerate(self.cleaned_data["questions"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            parts = [p.strip() for p in line.replace("|", "｜").split("｜")]
            if len(parts) < 3:
                raise forms.ValidationError(_("第 %(n)s 行格式不正确：应为 题型｜评议内容｜题目｜选项。") % {"n": n})
            kind = KIND_WORDS.get(parts[0])
            if kind is None:
                raise forms.ValidationError(_("第 %(n)s 行的题型应为单选、多选、评分或文字。") % {"n": n})
            dimension = DIMENSION_WORDS.get(parts[1], Dimension.OTHER)
            options = [
                o.strip() for o in (parts[3] if len(parts) > 3 else "").replace(";", "；").split("；") if o.strip()
            ]
            out.append(
                {
                    "kind": kind,
                    "dimension": dimension,
                    "text": parts[2],
                    "options": options,
                    "required": kind != QuestionKind.TEXT,
                }
            )
        if not out:
            raise forms.ValidationError(_("请至少填写一道题目。"))
        return out


class RectificationForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("整改单位"), coerce=int)
    owner = forms.CharField(label=_("责任人用户名"), max_length=150, required=False)
    problem = forms.CharField(label=_("问题"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]


class RectificationCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("办结方式"),
        choices=[(RectificationStatus.RECTIFIED, _("已整改")), (RectificationStatus.EXPLAINED, _("作出解释"))],
    )
    resolution = forms.CharField(label=_("整改情况或解释"), widget=forms.Textarea(attrs={"rows": 2}))


class RoundForm(forms.Form):
    government = forms.TypedChoiceField(label=_("考核机关"), coerce=int)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("期间"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", _("全年")), (1, _("第一季度")), (2, _("第二季度")), (3, _("第三季度")), (4, _("第四季度"))],
    )

    def __init__(self, *args, governments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["government"].choices = [(a.pk, a.name) for a in governments]


class ManualScoreForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.DecimalField(label=_("得分"), decimal_places=2)
    evidence = forms.CharField(label=_("佐证材料"), widget=forms.Textarea(attrs={"rows": 2}))
