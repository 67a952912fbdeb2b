"""The page forms of the case actions (one per action that takes input; see ``actions.py``).

Like the application forms they only collect input: every rule (required text, dates not after
today, the competent agency, the fee basis) is checked by the action's typed inputs and by the
service, whose Chinese messages the case page shows. ``inputs()`` returns the mapping the action
registry parses into the action's input dataclass; ids and model choices are looked up here.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core import clock
from gongkai.core.errors import ValidationFailed
from gongkai.orgs import selectors as org_selectors

from . import selectors
from .enums import ConsultationParty, DeliveryMethod, FeeBasis

DATE = forms.DateInput(attrs={"type": "date"})
FILE_TYPES = ".pdf,.jpg,.jpeg,.png"


class _Files(forms.ClearableFileInput):
    allow_multiple_selected = True


def _text(label, *, area: bool = False, help_text: str = "") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 3}) if area else forms.TextInput()
    return forms.CharField(label=label, required=False, strip=False, widget=widget, help_text=help_text)


def _date(label) -> forms.CharField:
    # A text field with a date picker: the typed inputs parse it (and word the error).
    return forms.CharField(label=label, required=False, widget=DATE)


def _select(label, choices) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Select(choices=choices))


def _files(label) -> forms.FileField:
    return forms.FileField(label=label, required=False, widget=_Files(attrs={"accept": FILE_TYPES}))


def _pk(value, message: str) -> int:
    """A primary key sent by the page or the API (digits), or ``ValidationFailed``."""
    text = str(value).strip()
    if not text.isdigit():
        raise ValidationFailed(message)
    return int(text)


def _agency(value):
    if not value:
        return None
    agency = org_selectors.agency_get(_pk(value, _("请选择有效的机关。")))
    if agency is None:
        raise ValidationFailed(_("请选择有效的机关。"))
    return agency


class ActionForm(forms.Form):
    """Collects one action's input on the case page of ``application``."""

    def __init__(self, data=None, files=None, *, application, action: str = "", **kwargs):
        kwargs.setdefault("auto_id", f"f-{action or 'act'}-%s")
        super().__init__(data, files, **kwargs)
        self.application = application
        self.setup()

    def setup(self) -> None:
        """Choices or initial values that depend on the application."""

    def inputs(self) -> dict:
        """The raw values of the declared fields (files as ``[(name, bytes)]``)."""
        out = {}
        for name, f in self.fields.items():
            if isinstance(f, forms.FileField):
                out[name] = [(u.name, u.read()) for u in self.files.getlist(self.add_prefix(name))]
            else:
                out[name] = self.data.get(self.add_prefix(name), "")
        return out


class AcceptForm(ActionForm):
    handler = _select(_("经办人"), [])

    def setup(self) -> None:
        people = [("", _("本人"))] + [(str(u.pk), str(u)) for u in selectors.handler_list_for(self.application)]
        self.fields["handler"].widget.choices = people

    def inputs(self) -> dict:
        handler = None
        if self.data.get("handler"):
            handler = org_selectors.user_get(_pk(self.data.get("handler"), _("请选择有效的经办人。")), active_only=True)
            if handler is None:
                raise ValidationFailed(_("请选择有效的经办人。"))
        return {"handler": handler}


class RequestSupplementForm(ActionForm):
    text = _text(_("需要补正的事项"), area=True)


class SupplementForm(ActionForm):
    text = _text(_("补正内容"), area=True)
    received_on = _date(_("收到补正日期"))
    files = _files(_("补正材料（PDF、JPG、PNG）"))

    def setup(self) -> None:
        self.fields["received_on"].initial = clock.today().isoformat()

    def inputs(self) -> dict:
        raw = super().inputs()
        return {"text": raw["text"], "received_on": raw["received_on"] or None, "attachments": raw["files"]}


class ConsultForm(ActionForm):
    PARTIES = (1, 2)

    def setup(self) -> None:
        agencies = [("", "—")] + [(str(a.pk), a.name) for a in selectors.transfer_agency_choices(self.application)]
        for n in self.PARTIES:
            self.fields[f"party_kind_{n}"] = _select(_("征求对象 %(n)s：类型") % {"n": n}, ConsultationParty.choices)
            self.fields[f"party_name_{n}"] = _text(_("征求对象 %(n)s：名称（第三方）") % {"n": n})
            self.fields[f"party_agency_{n}"] = _select(_("或选择本平台上的机关"), agencies)
            self.fields[f"question_{n}"] = _text(_("征求意见事项"), area=True)

    def inputs(self) -> dict:
        p = self.data
        parties = []
        for n in self.PARTIES:
            name = (p.get(f"party_name_{n}") or "").strip()
            agency = _agency(p.get(f"party_agency_{n}"))
            if not (name or agency):
                continue
            parties.append(
                {
                    "party_kind": p.get(f"party_kind_{n}"),
                    "party_name": name,
                    "party_agency": agency,
                    "question": p.get(f"question_{n}", ""),
                }
            )
        return {"parties": parties}


class ExtendForm(ActionForm):
    reason = _text(_("延期理由（将告知申请人）"))

    def setup(self) -> None:
        app = self.application
        self.fields["reason"].initial = app.extension_request_reason
        if app.extension_requested_at:
            self.fields["reason"].help_text = _("经办人申请理由：%(r)s") % {"r": app.extension_request_reason}


class FeeNoticeForm(ActionForm):
    basis = _select(_("计收方式（同一申请只能选一种）"), FeeBasis.choices)
    units = forms.CharField(
        label=_("本申请的件数（按件）或页数（按量）"),
        required=False,
        widget=forms.NumberInput(attrs={"min": "1"}),
    )
    received_on = _date(_("申请人收到通知日期（当面送达的填写；否则收到后再登记，缴费期限自该日起计算）"))

    def inputs(self) -> dict:
        raw = super().inputs()
        return {"basis": raw["basis"], "units": raw["units"], "received_on": raw["received_on"] or None}


class FeePaidForm(ActionForm):
    note = _text(_("缴费说明"))


class SubmitReviewForm(ActionForm):
    comment = _text(_("说明"))


class SendForm(ActionForm):
    files = _files(_("告知书附件（提供的信息，PDF、JPG、PNG）"))

    def inputs(self) -> dict:
        return {"attachments": super().inputs()["files"]}


class DeliverForm(ActionForm):
    method = _select(_("送达方式"), DeliveryMethod.choices)
    posted_on = _date(_("交邮日期（邮寄）"))
    delivered_on = _date(_("签收或送达日期"))
    note = _text(_("说明（如挂号信单号）"))

    def inputs(self) -> dict:
        raw = super().inputs()
        return {**raw, "posted_on": raw["posted_on"] or None, "delivered_on": raw["delivered_on"] or None}


class TransferForm(ActionForm):
    to_agency = _select(_("本平台上的有权机关"), [])
    to_name = _text(_("或填写有权机关名称及联系方式"))
    forward = forms.BooleanField(label=_("将申请转送该机关办理（否则仅告知申请人）"), required=False)

    def setup(self) -> None:
        agencies = [("", "—")] + [(str(a.pk), a.name) for a in selectors.transfer_agency_choices(self.application)]
        self.fields["to_agency"].widget.choices = agencies

    def inputs(self) -> dict:
        p = self.data
        to_agency = _agency(p.get("to_agency"))
        return {"to_agency": to_agency, "to_name": p.get("to_name", ""), "forward": p.get("forward") == "on"}


class WithdrawForm(ActionForm):
    reason = _text(_("撤回理由"))
