"""The applicant's input (online form, API, counter registration) and its checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from gongkai.core import clock
from gongkai.core.errors import ValidationFailed

from .. import validators
from ..enums import (
    ORGANISATION_KINDS,
    ApplicantKind,
    Channel,
    DeliveryForm,
    IdType,
    ObtainMethod,
    RequestKind,
)

MAX_ITEMS = 20
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
QUERY_CODE_LENGTH = 10
PUBLIC_ID_LENGTH = 12  # 31**12 ≈ 7.9e17: not guessable, unlike the sequential tracking number


# =====================================================================================
# Input
# =====================================================================================


@dataclass
class ItemInput:
    description: str
    title: str = ""
    document_number: str = ""


@dataclass
class ApplicationInput:
    applicant_kind: str
    applicant_name: str
    id_type: str
    id_number: str
    phone: str
    items: list[ItemInput]
    delivery_form: str
    obtain_method: str
    email: str = ""
    address: str = ""
    postcode: str = ""
    contact_person: str = ""
    purpose: str = ""
    kind: str = RequestKind.DISCLOSURE
    correction_detail: str = ""
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


def _text(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit]


def validate_input(data: ApplicationInput) -> ApplicationInput:
    """Check every field; raise one ``ValidationFailed`` listing all problems (``detail["fields"]``)."""
    errors: dict[str, str] = {}

    def check(name: str, fn, *args):
        try:
            return fn(*args)
        except ValidationFailed as exc:
            errors[name] = exc.message
            return None

    if data.kind not in RequestKind.values:
        errors["kind"] = "申请类型无效。"
    if data.applicant_kind not in ApplicantKind.values:
        errors["applicant_kind"] = "请选择申请人类型（自然人或法人、其他组织的类别）。"
    data.applicant_name = _text(data.applicant_name, 200)
    if not data.applicant_name:
        errors["applicant_name"] = "请填写申请人姓名或名称。"
    data.contact_person = _text(data.contact_person, 100)
    if data.applicant_kind in ORGANISATION_KINDS and not data.contact_person:
        errors["contact_person"] = "法人或其他组织申请的，请填写联系人。"
    if data.id_type not in IdType.values:
        errors["id_type"] = "请选择证件类型。"
    elif data.applicant_kind == ApplicantKind.NATURAL and data.id_type == IdType.CREDIT_CODE:
        errors["id_type"] = "自然人请选择个人身份证件。"
    elif data.applicant_kind in ORGANISATION_KINDS and data.id_type not in (IdType.CREDIT_CODE, IdType.OTHER):
        errors["id_type"] = "法人或其他组织请选择统一社会信用代码或其他有效证件。"
    else:
        number = check("id_number", validators.check_id_number, data.id_type, data.id_number)
        if number is not None:
            data.id_number = number
    phone = check("phone", validators.check_phone, data.phone)
    if phone is not None:
        data.phone = phone
    data.email = _text(data.email, 200)
    if data.email:
        email = check("email", validators.check_email, data.email)
        if email is not None:
            data.email = email
    elif data.delivery_form == DeliveryForm.EMAIL or data.obtain_method == ObtainMethod.EMAIL:
        errors["email"] = "选择以电子邮件获取的，请填写电子邮箱。"
    data.address = _text(data.address, 300)
    if not data.address and data.obtain_method == ObtainMethod.POST:
        errors["address"] = "选择邮寄的，请填写通信地址。"
    data.postcode = _text(data.postcode, 6)
    if data.postcode and not (len(data.postcode) == 6 and data.postcode.isdigit()):
        errors["postcode"] = "邮政编码应为 6 位数字。"
    data.purpose = _text(data.purpose, 2000)
    if data.delivery_form not in DeliveryForm.values:
        errors["delivery_form"] = "请选择获取信息的方式。"
    if data.obtain_method not in ObtainMethod.values:
        errors["obtain_method"] = "请选择获取信息的途径。"
    items = [i for i in data.items if (i.description or i.title or i.document_number or "").strip()]
    if not items:
        errors["items"] = "请至少填写一项所需政府信息的内容描述。"
    elif len(items) > MAX_ITEMS:
        errors["items"] = f"一份申请最多填写 {MAX_ITEMS} 项所需信息；更多信息请分别申请。"
    else:
        for n, item in enumerate(items, start=1):
            item.title = _text(item.title, 300)
            item.document_number = _text(item.document_number, 100)
            item.description = _text(item.description, 4000)
            if not item.description:
                errors[f"items.{n}"] = f"第 {n} 项：请填写所需信息的内容描述。"
            elif len(item.description) < 4:
                errors[f"items.{n}"] = f"第 {n} 项：内容描述过短，请具体说明所需信息。"
    data.items = items
    data.correction_detail = _text(data.correction_detail, 4000)
    if data.kind == RequestKind.CORRECTION and not data.correction_detail:
        errors["correction_detail"] = "申请更正的，请说明需要更正的内容和理由。"
    checked: list[tuple[str, bytes]] = []
    for name, blob in data.attachments:
        result = check("attachments", validators.check_attachment, name, blob)
        if result is not None:
            checked.append((result[0], blob))
    data.attachments = checked
    if errors:
        raise ValidationFailed("；".join(dict.fromkeys(errors.values())), detail={"fields": errors})
    return data


def derive_receipt_date(
    *,
    channel: str,
    submitted_on: dt.date,
    signed_for_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
    today: dt.date | None = None,
) -> tuple[dt.date, str]:
    """The day the answer clock starts from (SPEC R4.2, 条例 art. 31) and how it was derived.

    In person and online (the platform confirms receipt at once with the tracking number):
    the day of submission. Post: the day signed for (ordinary letters: the day receipt was
    confirmed with the applicant — recorded as the day signed for, with a note). Fax and
    e-mail: the day both sides confirmed.
    """
    today = today or clock.today()
    if channel not in Channel.values:
        raise ValidationFailed("请选择申请方式。")
    if not isinstance(submitted_on, dt.date):
        raise ValidationFailed("请填写提交日期。")
    if submitted_on > today:
        raise ValidationFailed("提交日期不能晚于今天。")
    if channel in (Channel.IN_PERSON, Channel.ONLINE):
        how = "当面提交之日" if channel == Channel.IN_PERSON else "网上提交、系统即时确认收到之日"
        return submitted_on, f"{how}（条例第三十一条）"
    if channel == Channel.LETTER:
        if signed_for_on is None:
            raise ValidationFailed("信函申请请填写签收日期（平常信函填写与申请人确认之日）。")
        if signed_for_on > today or signed_for_on < submitted_on:
            raise ValidationFailed("签收日期应在寄出日期之后、今天之前。")
        return signed_for_on, "行政机关签收之日（条例第三十一条第二项）"
    if confirmed_on is None:
        raise ValidationFailed("传真、电子邮件申请请填写双方确认之日。")
    if confirmed_on > today or confirmed_on < submitted_on:
        raise ValidationFailed("双方确认日期应在提交日期之后、今天之前。")
    return confirmed_on, "双方确认之日（条例第三十一条第三项）"
