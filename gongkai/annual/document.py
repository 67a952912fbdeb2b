"""The report as a Word document (GB/T 9704 layout, ``core/documents.py``) and its tables as Excel.

The page, the .docx and the .xlsx all print the cells given by ``section_two_rows``/``section_three_rows``/
``appeal_row`` from the tables kept on the report, so every figure is the same everywhere.
"""

from __future__ import annotations

import io

from gongkai.core import documents as docs

from .section_two import MONEY


def cell_text(key: str, value) -> str:
    if value is None:
        return ""
    if key in MONEY:
        return f"{float(value):.2f}"
    return str(int(value))


def section_two_tables(tables: dict) -> list[dict]:
    """``[{"heading", "header": [...], "rows": [[label, text, ...]]}]`` as printed."""
    out = []
    for t in tables["section_two"]["tables"]:
        out.append(
            {
                "heading": t["heading"],
                "header": [f"{t['heading']} 信息内容", *t["columns"]],
                "rows": [[r["label"], *(cell_text(c["key"], c["value"]) for c in r["cells"])] for r in t["rows"]],
                "cells": [
                    {
                        "label": r["label"],
                        "cells": [{"text": cell_text(c["key"], c["value"]), "source": c["source"]} for c in r["cells"]],
                    }
                    for r in t["rows"]
                ],
            }
        )
    return out


def section_three_rows(tables: dict) -> tuple[list[str], list[list[str]]]:
    three = tables["section_three"]
    header = ["项目"] + [label for _, label in three["columns"]]
    rows = []
    for r in three["rows"]:
        rows.append(["　" * r["level"] + r["label"], *("" if v is None else str(v) for v in r["cells"])])
    return header, rows


def appeal_row(tables: dict) -> tuple[list[str], list[str]]:
    three = tables["section_three"]
    header, row = [], []
    for kind, kind_label in three["appeal_kinds"]:
        for result, result_label in three["appeal_results"]:
            header.append(f"{kind_label}\n{result_label}")
            row.append(str(three["appeals"][kind][result]))
    return header, row


def comparison_rows(tables: dict, previous: dict | None) -> list[list[str]]:
    """Year-on-year: every section 二 figure and the totals of 三 and 四, this year vs last year."""
    from .section_two import key_labels, values

    if not previous:
        return []
    rows = []
    now_v, prev_v = values(tables["section_two"]), values(previous["section_two"])
    labels = key_labels(tables["format"])
    for key, label in labels.items():
        a, b = now_v.get(key), prev_v.get(key)
        if b is None:
            rows.append([label, cell_text(key, a), "—", "—"])
        else:
            rows.append([label, cell_text(key, a), cell_text(key, b), cell_text(key, (a or 0) - (b or 0))])
    for name, fn in (
        ("本年新收政府信息公开申请数量", lambda t: t["facts"]["applications"]),
        ("行政复议、行政诉讼总数", lambda t: t["facts"]["appeals"]),
        ("主动公开政府信息条数", lambda t: t["facts"]["published"]),
    ):
        a, b = fn(tables), fn(previous)
        rows.append([name, str(a), str(b), str(a - b)])
    return rows


def report_docx(report, previous: dict | None = None) -> bytes:
    tables = report.tables
    doc = docs.official_document(agency=report.agency.name, title=report.title, subject="政府信息公开工作年度报告")
    docs.add_paragraph(
        doc,
        "本报告根据《中华人民共和国政府信息公开条例》第五十条和国务院办公厅政府信息与政务公开办公室"
        f"印发的年度报告格式（{'国办公开办函〔2021〕30号' if tables['format'] == '2021' else '国办公开办函〔2019〕60号'}）编制。",
    )
    docs.add_heading(doc, "一、总体情况")
    for line in report.section_one.splitlines():
        if line.strip():
            docs.add_paragraph(doc, line.strip())
    docs.add_heading(doc, "二、主动公开政府信息情况")
    for t in section_two_tables(tables):
        docs.add_table(doc, t["header"], t["rows"])
        docs.add_paragraph(doc, "")
    docs.add_heading(doc, "三、收到和处理政府信息公开申请情况")
    header, rows = section_three_rows(tables)
    docs.add_table(doc, header, rows)
    docs.add_heading(doc, "四、政府信息公开行政复议、行政诉讼情况")
    header, row = appeal_row(tables)
    docs.add_table(doc, header, [row])
    docs.add_heading(doc, "五、存在的主要问题及改进情况")
    for line in report.section_five.splitlines():
        if line.strip():
            docs.add_paragraph(doc, line.strip())
    docs.add_heading(doc, "六、其他需要报告的事项")
    for line in report.section_six.splitlines():
        if line.strip():
            docs.add_paragraph(doc, line.strip())
    comparison = comparison_rows(tables, previous)
    if comparison:
        docs.add_heading(doc, "附：主要数据与上年对比", level=2)
        docs.add_table(doc, ["项目", "本年", "上年", "增减"], comparison)
    if tables.get("missing"):
        docs.add_paragraph(doc, "截至本报告汇总时尚未报送年度报告的单位：" + "、".join(tables["missing"]) + "。")
    return docs.to_bytes(doc)


def report_xlsx(report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    tables = report.tables
    wb = Workbook()
    docs.set_workbook_properties(wb, author=report.agency.name, title=f"{report.title}统计表")
    ws = wb.active
    ws.title = "二、主动公开"
    ws.append([f"二、主动公开政府信息情况（{report.year}年，{report.agency.name}）"])
    ws["A1"].font = Font(bold=True)
    for t in section_two_tables(tables):
        ws.append([])
        ws.append(t["header"])
        for r in t["rows"]:
            ws.append(r)
    ws.column_dimensions["A"].width = 36
    ws3 = wb.create_sheet("三、申请情况")
    header, rows = section_three_rows(tables)
    ws3.append(header)
    for r in rows:
        ws3.append([r[0], *[int(v) if v != "" else None for v in r[1:]]])
    ws3.column_dimensions["A"].width = 60
    ws4 = wb.create_sheet("四、复议诉讼情况")
    header, row = appeal_row(tables)
    ws4.append(header)
    ws4.append([int(v) for v in row])
    for c in ws4[1]:
        c.alignment = Alignment(wrap_text=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
