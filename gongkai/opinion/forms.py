"""Forms of the monitoring back-office pages (input shape only; services validate and decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import EventAction, PostKind, SourceKind, WarningLevel
from .nlp import CATEGORY_LABELS

PLAN_HELP = _(
    "每行一个分组定义（@名称 = 词1 / 词2），最后写表达式。运算：空格或 AND 表示“且”，OR 或 | 表示“或”，"
    "NOT 或 - 表示“排除”，括号分组，“/”连接同义词。例如：@地点 = 敖勒召其镇 / 敖镇，@事件 = 停水 / 断水，"
    "表达式 @地点 @事件 NOT 演练。"
)


class SourceForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("所属单位"), coerce=int, required=False, empty_value=None)
    name = forms.CharField(label=_("来源名称"), max_length=100)
    kind = forms.ChoiceField(label=_("来源类型"), choices=SourceKind.choices)
    default_post_kind = forms.ChoiceField(label=_("默认内容类型"), choices=PostKind.choices, initial=PostKind.POST)
    track_all = forms.BooleanField(
        label=_("全部内容与本单位相关"),
        required=False,
        help_text=_("供应商已按本单位筛选的数据、热线、信箱：每条内容都形成或并入舆情事件。"),
    )
    feed_url = forms.CharField(label=_("订阅地址（RSS/Atom，可选）"), max_length=1000, required=False)
    poll_minutes = forms.IntegerField(label=_("抓取间隔（分钟）"), min_value=5, max_value=1440, initial=30)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, agencies=(), allow_shared=False, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(a.pk, a.name) for a in agencies]
        if allow_shared:
            choices = [("", _("（全平台共用）"))] + choices
        self.fields["agency"].choices = choices
        if editing:
            del self.fields["agency"]


class PlanForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("所属单位"), coerce=int)
    name = forms.CharField(label=_("方案名称"), max_length=100)
    expression = forms.CharField(
        label=_("监测表达式"), widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}), help_text=PLAN_HELP
    )
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, agencies=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]
        if editing:
            del self.fields["agency"]


class ImportForm(forms.Form):
    source = forms.TypedChoiceField(label=_("导入到来源"), coerce=int)
    file = forms.FileField(label=_("文件（CSV、XLSX 或 JSON Lines）"))
    column_map = forms.CharField(
        label=_("列映射（可选）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_(
            "每行“字段=列名”，例如 text=内容摘要。常见列名（标题、正文、作者、发布时间、链接、转发数……）会自动识别。"
        ),
    )

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (s.pk, f"{s.name}（{s.agency.name if s.agency_id else '共用'}）") for s in sources
        ]


class LevelForm(forms.Form):
    level = forms.ChoiceField(label=_("新的预警级别"), choices=WarningLevel.choices)
    reason = forms.CharField(label=_("调整理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class EventActionForm(forms.Form):
    action = forms.ChoiceField(choices=EventAction.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("理由"), max_length=500, required=False)


class AliasForm(forms.Form):
    alias = forms.CharField(label=_("别名"), max_length=50)
    target = forms.ChoiceField(label=_("对应单位或区划"))

    def __init__(self, *args, agencies=(), regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(f"a{a.pk}", f"{_('单位')}：{a.name}") for a in agencies] + [
            (f"r{r.pk}", f"{_('区划')}：{r.name}") for r in regions
        ]


CATEGORY_CHOICES = [("", _("全部"))] + list(CATEGORY_LABELS.items())
