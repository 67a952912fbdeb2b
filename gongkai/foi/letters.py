"""The reply letter (政府信息公开申请答复告知书) as a .docx (python-docx).

One paragraph per requested item, worded by its reply type (``replies.REPLY_TYPES``) with the
legal basis cited; the remedy sentence from the rule records ``foi.remedy_reconsideration_period``
and ``foi.remedy_litigation_period`` (with their citations); the list of attachments; the
agency's letter number and date. No personal data beyond the applicant's name is printed.
"""

from __future__ import annotations

import datetime as dt

from gongkai.core import documents
from gongkai.rules import selectors as rule_selectors

from . import replies
from .enums import AttachmentKind


def _cn_date(day: dt.date) -> str:
    return documents.cn_date(day)


def remedy_sentence(region, on: dt.date) -> str:
    """``如对本答复不服，可以自收到本告知书之日起60日内…；或者在6个月内…`` from the rule records."""
    parts = []
    recon = rule_selectors.rule_value_or_none("foi.remedy_reconsideration_period", region, on)
    litig = rule_selectors.rule_value_or_none("foi.remedy_litigation_period", region, on)
    if recon is not None:
        parts.append(f"自收到本告知书之日起{recon.value}日内依法申请行政复议（{recon.citation}）")
    if litig is not None:
        parts.append(f"在{litig.value}个月内依法向人民法院提起行政诉讼（{litig.citation}）")
    if not parts:
        return "如对本答复不服，可以依法申请行政复议或者提起行政诉讼。"
    return "如对本答复不服，可以" + "，或者".join(parts) + "。"


def item_sentence(item) -> str:
    rt = replies.reply_type(item.reply_type)
    if rt is None:
        return ""
    text = rt.text.format(where=item.published_where or "—", reason=item.reason or "")
    if item.reason and "{reason}" not in rt.text:
        text += f"说明：{item.reason}"
    return f"{text}（依据：{rt.basis}）"


def build_letter(app, *, items, on: dt.date) -> bytes:
    # GB/T 9704-2012 layout: the agency as 发文机关标志, the letter number as 文号 (gongkai.core.documents)
    doc = documents.official_document(
        agency=app.agency.name,
        masthead=app.agency.name,
        title="政府信息公开申请答复告知书",
        doc_number=app.letter_number,
    )
    add = documents.add_paragraph

    documents.add_addressee(doc, app.applicant_name)
    items_text = "；".join(f"“{i.title or i.description[:40]}”" for i in items)
    add(
        doc,
        f"本机关于{_cn_date(app.receipt_date)}收到您提出的政府信息公开申请（申请编号：{app.tracking_number}），"
        f"申请获取{items_text}。经审查，现答复如下：",
    )
    for i, item in enumerate(items, start=1):
        label = item.title or item.description[:60]
        add(doc, f"{i}. 关于“{label}”{f'（{item.document_number}）' if item.document_number else ''}：")
        add(doc, item_sentence(item))
    if app.reply_summary:
        add(doc, app.reply_summary)
    add(doc, remedy_sentence(app.agency.region, on))

    attachments = [a.name for a in app.attachments.filter(kind=AttachmentKind.REPLY)]
    documents.add_attachments(doc, attachments, numbered=True)

    profile = getattr(app.agency, "foi_profile", None)
    documents.add_signature(doc, agency=app.agency.name, on=on)
    if profile is not None and (profile.office_address or profile.office_phone):
        add(
            doc,
            "联系机构："
            + "，".join(x for x in (profile.office_name, profile.office_address, profile.office_phone) if x),
        )
    return documents.to_bytes(doc)
