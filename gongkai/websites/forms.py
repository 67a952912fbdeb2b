"""Forms of the back-office pages (labels and messages in Chinese)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ChangeKind, ChangeReason, Platform


class AccountForm(forms.Form):
    platform = forms.ChoiceField(label=_("平台"), choices=Platform.choices)
    name = forms.CharField(label=_("名称"), max_length=200)
    identifier = forms.CharField(
        label=_("账号或网址"), max_length=500, help_text=_("公众号、微博等填写账号；网站填写首页网址。")
    )
    feed_url = forms.CharField(label=_("订阅地址（RSS/Atom，可选）"), max_length=500, required=False)
    person_responsible = forms.CharField(label=_("负责人"), max_length=100)
    contact = forms.CharField(label=_("联系电话"), max_length=50, required=False)
    filing_number = forms.CharField(label=_("网信办备案号"), max_length=100, required=False)
    filed_on = forms.DateField(label=_("备案日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class RegisterForm(AccountForm):
    agency = forms.TypedChoiceField(label=_("主办单位"), coerce=int)
    existing = forms.BooleanField(label=_("已开设运行（登记存量账号，无需开设审核）"), required=False)


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("申请事项"), choices=ChangeKind.choices)
    reason = forms.ChoiceField(label=_("理由"), choices=ChangeReason.choices)
    explanation = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    merge_target = forms.TypedChoiceField(label=_("并入（整合时选择）"), coerce=int, required=False, empty_value=None)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("导出文件（CSV、Excel 或 JSON lines）"))
    column_map = forms.CharField(
        label=_("列映射（可选）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一项，例如 text=内容摘要。常见的中文列名会自动识别。"),
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("整改情况或核实说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
