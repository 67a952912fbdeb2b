"""Forms for deciding, resubmitting and cancelling a review (used by the back office;
other apps' pages may reuse them). The services re-check everything."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Decision
from .registry import StepSpec

REQUIRED = {"required": _("此项为必填项。")}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择审核结论。"), "invalid_choice": _("请选择有效的审核结论。")},
    )
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("退回修改或不予通过时必须填写。"),
        error_messages={"max_length": _("意见不能超过 %(limit_value)d 字。")},
    )
    expected_step = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, step_spec: StepSpec | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.data_keys: list[str] = []
        for f in step_spec.fields if step_spec else ():
            name = f"data_{f.key}"
            if f.choices is not None:
                field = forms.ChoiceField(
                    label=f.label,
                    required=False,
                    choices=[("", "——")] + list(f.choices),
                    help_text=f.help_text,
                    error_messages={"invalid_choice": _("请选择有效的选项。")},
                )
            else:
                field = forms.CharField(label=f.label, required=False, max_length=2000, help_text=f.help_text)
            self.fields[name] = field
            self.data_keys.append(f.key)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") in (Decision.RETURN, Decision.REJECT) and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("退回修改或不予通过时必须填写意见。"))
        return cleaned

    def decision_data(self) -> dict:
        return {
            key: self.cleaned_data.get(f"data_{key}") for key in self.data_keys if self.cleaned_data.get(f"data_{key}")
        }


class ResubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("修改说明"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("撤销理由"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写撤销理由。")},
    )


class ReassignForm(forms.Form):
    """Name the person who decides a step; ``steps`` and ``candidates`` come from the selectors."""

    step = forms.TypedChoiceField(
        label=_("审核步骤"), coerce=int, choices=(), error_messages={"invalid_choice": _("请选择有效的审核步骤。")}
    )
    assignee = forms.TypedChoiceField(
        label=_("改派给"),
        coerce=int,
        choices=(),
        error_messages={"required": _("请选择审核人。"), "invalid_choice": _("请选择有效的审核人。")},
    )
    reason = forms.CharField(
        label=_("改派理由"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请说明改派审核人的理由。")},
    )

    def __init__(self, *args, steps=(), candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(s.index, f"{s.index + 1}. {s.name}（{s.agency.name}）") for s in steps]
        self.fields["assignee"].choices = [("", "——")] + [
            (u.pk, f"{u.full_name}（{u.get_username()}）" if getattr(u, "full_name", "") else u.get_username())
            for u in candidates
        ]
