"""Forms of the application (public site and back office). They only collect input: the rules
(identity checksum, phone format, required description, attachments) are checked by
``services.validate_input`` and its errors are put back on the fields (``apply_errors``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.errors import ValidationFailed

from .enums import ApplicantKind, Channel, DeliveryForm, IdType, ObtainMethod, RequestKind
from .services.inputs import ApplicationInput, ItemInput

ITEM_ROWS = 3
DATE = forms.DateInput(attrs={"type": "date"})


class ApplicationForm(forms.Form):
    applicant_kind = forms.ChoiceField(label=_("申请人类型"), choices=ApplicantKind.choices)
    applicant_name = forms.CharField(label=_("姓名或名称"), max_length=200)
    contact_person = forms.CharField(label=_("联系人（法人或其他组织填写）"), max_length=100, required=False)
    id_type = forms.ChoiceField(label=_("证件类型"), choices=IdType.choices)
    id_number = forms.CharField(label=_("证件号码"), max_length=40)
    phone = forms.CharField(label=_("联系电话"), max_length=40)
    email = forms.CharField(label=_("电子邮箱"), max_length=200, required=False)
    address = forms.CharField(label=_("通信地址"), max_length=300, required=False)
    postcode = forms.CharField(label=_("邮政编码"), max_length=6, required=False)
    purpose = forms.CharField(label=_("用途（选填）"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    delivery_form = forms.ChoiceField(label=_("获取信息的方式"), choices=DeliveryForm.choices)
    obtain_method = forms.ChoiceField(label=_("获取信息的途径"), choices=ObtainMethod.choices)
    attachment = forms.FileField(
        label=_("身份证明（PDF、JPG、PNG，选填）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, ITEM_ROWS + 1):
            required_note = "" if n > 1 else _("（必填）")
            self.fields[f"item_title_{n}"] = forms.CharField(
                label=_("第 %(n)s 项 信息名称") % {"n": n}, max_length=300, required=False
            )
            self.fields[f"item_docno_{n}"] = forms.CharField(
                label=_("第 %(n)s 项 文件编号") % {"n": n}, max_length=100, required=False
            )
            self.fields[f"item_desc_{n}"] = forms.CharField(
                label=_("第 %(n)s 项 所需信息的内容描述%(req)s") % {"n": n, "req": required_note},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    APPLICANT_FIELDS = (
        "applicant_kind",
        "applicant_name",
        "contact_person",
        "id_type",
        "id_number",
        "phone",
        "email",
        "address",
        "postcode",
    )
    WANTED_FIELDS = ("purpose", "delivery_form", "obtain_method", "attachment")

    def groups(self):
        """(legend, bound fields) in the order the page shows them."""
        items = [
            self[f"{kind}_{n}"] for n in range(1, ITEM_ROWS + 1) for kind in ("item_title", "item_docno", "item_desc")
        ]
        out = []
        head = [self[name] for name in getattr(self, "HEAD_FIELDS", ()) if name in self.fields]
        if head:
            out.append((_("收到申请"), head))
        out.append((_("申请人信息"), [self[n] for n in self.APPLICANT_FIELDS]))
        out.append((_("所需政府信息（每项须填写内容描述）"), items))
        out.append((_("获取方式"), [self[n] for n in self.WANTED_FIELDS]))
        return out

    def to_input(self) -> ApplicationInput:
        d = self.cleaned_data
        items = [
            ItemInput(
                title=d.get(f"item_title_{n}", ""),
                document_number=d.get(f"item_docno_{n}", ""),
                description=d.get(f"item_desc_{n}", ""),
            )
            for n in range(1, ITEM_ROWS + 1)
        ]
        files = []
        upload = d.get("attachment")
        if upload:
            files.append((upload.name, upload.read()))
        return ApplicationInput(
            applicant_kind=d["applicant_kind"],
            applicant_name=d["applicant_name"],
            contact_person=d.get("contact_person", ""),
            id_type=d["id_type"],
            id_number=d["id_number"],
            phone=d["phone"],
            email=d.get("email", ""),
            address=d.get("address", ""),
            postcode=d.get("postcode", ""),
            purpose=d.get("purpose", ""),
            delivery_form=d["delivery_form"],
            obtain_method=d["obtain_method"],
            items=items,
            attachments=files,
            kind=d.get("kind") or RequestKind.DISCLOSURE,
            correction_detail=d.get("correction_detail", ""),
        )

    def apply_errors(self, exc: ValidationFailed) -> None:
        """Put a ``validate_input`` error back on its fields (the rest as a form error)."""
        fields = (exc.detail or {}).get("fields") if isinstance(exc.detail, dict) else None
        if not fields:
            self.add_error(None, exc.message)
            return
        for key, message in fields.items():
            name = key
            if key.startswith("items."):
                name = f"item_desc_{key.split('.', 1)[1]}"
            elif key == "items":
                name = "item_desc_1"
            elif key == "attachments":
                name = "attachment"
            if name in self.fields:
                self.add_error(name, message)
            else:
                self.add_error(None, message)


class StaffApplicationForm(ApplicationForm):
    """Registration by staff of an application received in person, by post, fax or e-mail."""

    agency = forms.ModelChoiceField(label=_("受理机关"), queryset=None)
    channel = forms.ChoiceField(label=_("申请方式"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE])
    kind = forms.ChoiceField(label=_("申请类型"), choices=RequestKind.choices)
    correction_detail = forms.CharField(
        label=_("要求更正的内容（申请更正时填写）"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    submitted_on = forms.DateField(label=_("提交（寄出）日期"), widget=DATE)
    signed_for_on = forms.DateField(
        label=_("签收日期（信函；平常信函填与申请人确认之日）"), widget=DATE, required=False
    )
    confirmed_on = forms.DateField(label=_("双方确认日期（传真、电子邮件）"), widget=DATE, required=False)
    receipt_note = forms.CharField(label=_("收到情况说明（如口头申请已记录）"), max_length=300, required=False)

    HEAD_FIELDS = (
        "agency",
        "channel",
        "kind",
        "submitted_on",
        "signed_for_on",
        "confirmed_on",
        "receipt_note",
        "correction_detail",
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
