"""The reply letter (政府信息公开申请答复告知书) as a .docx (python-docx).

One paragraph per requested item, worded by its reply type (``replies.REPLY_TYPES``) with the
legal basis cited; the remedy sentence from the rule records ``foi.remedy_reconsideration_period``
and ``foi.remedy_litigation_period`` (with their citations); the list of attachments; the
agency's letter number and date. No personal data beyond the applicant's name is printed.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.rules import selectors as rule_selectors

from . import replies
from .enums import AttachmentKind

FONT = "仿宋"


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


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


def _set_font(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def item_sentence(item) -> str:
    rt = replies.reply_type(item.reply_type)
    if rt is None:
        return ""
    text = rt.text.format(where=item.published_where or "—", reason=item.reason or "")
    if item.reason and "{reason}" not in rt.text:
        text += f"说明：{item.reason}"
    return f"{text}（依据：{rt.basis}）"


def build_letter(app, *, items, on: dt.date) -> bytes:
    doc = Document()
    _set_font(doc)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"{app.agency.name}\n政府信息公开申请答复告知书")
    run.bold = True
    run.font.size = Pt(20)
    number = doc.add_paragraph(app.letter_number)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_paragraph(f"{app.applicant_name}：")
    items_text = "；".join(f"“{i.title or i.description[:40]}”" for i in items)
    doc.add_paragraph(
        f"本机关于{_cn_date(app.receipt_date)}收到您提出的政府信息公开申请（申请编号：{app.tracking_number}），"
        f"申请获取{items_text}。经审查，现答复如下："
    )
    for i, item in enumerate(items, start=1):
        label = item.title or item.description[:60]
        doc.add_paragraph(f"{i}. 关于“{label}”{f'（{item.document_number}）' if item.document_number else ''}：")
        doc.add_paragraph(item_sentence(item))
    if app.reply_summary:
        doc.add_paragraph(app.reply_summary)
    doc.add_paragraph(remedy_sentence(app.agency.region, on))

    attachments = [a.name for a in app.attachments.filter(kind=AttachmentKind.REPLY)]
    if attachments:
        doc.add_paragraph("附件：" + "；".join(f"{n}. {name}" for n, name in enumerate(attachments, start=1)))

    profile = getattr(app.agency, "foi_profile", None)
    sign = doc.add_paragraph(f"{app.agency.name}\n{_cn_date(on)}")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if profile is not None and (profile.office_address or profile.office_phone):
        doc.add_paragraph(
            "联系机构："
            + "，".join(x for x in (profile.office_name, profile.office_address, profile.office_phone) if x)
        )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
