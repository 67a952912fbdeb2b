"""The 保密审查记录 of an item as a Word file in the official layout (``core.documents``).

保密审查制度 art. 17: the review is recorded in writing and kept — title and 文号 or summary, the
grounds for not disclosing, the conclusion, and the responsible reviewer's signature and date. The
back office gathers the rows (the same ones its print page shows) and this module lays them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from gongkai.core import documents


@dataclass(frozen=True)
class ReviewRecord:
    agency: str
    title: str
    fields: Sequence[tuple[str, str]]  # (label, value) of the item
    decisions: Sequence[Sequence[str]]  # 环节, 审查责任人, 处理, 意见或结论, 日期
    consultations: Sequence[Sequence[str]]  # 类型, 征求对象, 发出日期, 答复期限, 答复
    redactions: Sequence[Sequence[str]]  # 位置, 不予公开的内容, 理由, 标注人
    item_number: int
    printed_at: dt.datetime
    notes: Sequence[str] = field(default_factory=tuple)


def review_record_docx(record: ReviewRecord) -> bytes:
    doc = documents.official_document(
        agency=record.agency, title="政府信息公开保密审查记录", subject=record.title, now=record.printed_at
    )
    documents.add_paragraph(doc, "内部：含不予公开的内容，仅供内部存档，不得公开。", indent=False)
    documents.add_table(doc, ["项目", "内容"], record.fields)
    documents.add_heading(doc, "一、审查经过")
    documents.add_table(
        doc, ["环节", "审查责任人", "处理", "意见或结论", "日期"], record.decisions, empty="尚未提交审查。"
    )
    documents.add_heading(doc, "二、征求意见")
    documents.add_table(doc, ["类型", "征求对象", "发出日期", "答复期限", "答复"], record.consultations, empty="无。")
    documents.add_heading(doc, "三、不予公开的内容（区分处理）")
    documents.add_table(doc, ["位置", "不予公开的内容", "理由", "标注人"], record.redactions, empty="无。")
    documents.add_paragraph(doc)
    documents.add_paragraph(doc, "保密审查责任人（签章）：＿＿＿＿＿＿＿＿")
    documents.add_paragraph(doc, "日期：＿＿＿＿年＿＿月＿＿日")
    documents.add_paragraph(
        doc, f"信息编号：{record.item_number}；{record.printed_at:%Y-%m-%d %H:%M} 生成。", indent=False
    )
    return documents.to_bytes(doc)
