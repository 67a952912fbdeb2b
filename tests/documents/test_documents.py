"""gongkai.core.documents: the one GB/T 9704-2012 layout of generated Word files."""

import datetime as dt

import pytest

from gongkai.core import documents

from .checks import assert_no_raw_codes, assert_official_layout, assert_signature, raw_codes


def _sample(**kwargs) -> bytes:
    doc = documents.official_document(
        agency="鄂托克前旗人民政府办公室",
        title="关于做好2026年政务公开工作的通知",
        doc_number="鄂前政办发〔2026〕1号",
        masthead="鄂托克前旗人民政府办公室文件",
        now=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC),
        **kwargs,
    )
    documents.add_addressee(doc, "各苏木镇人民政府，旗直各部门")
    documents.add_heading(doc, "一、总体要求")
    documents.add_heading(doc, "（一）工作目标", level=2)
    documents.add_paragraph(doc, "正文段落。")
    documents.add_table(doc, ["事项", "责任单位"], [["主动公开", "政府办"], ["依申请公开", None]])
    documents.add_attachments(doc, ["任务分工", "联系人名单"])
    documents.add_signature(doc, agency="鄂托克前旗人民政府办公室", on=dt.date(2026, 1, 5))
    return documents.to_bytes(doc)


def test_the_layout_of_a_generated_document():
    data = _sample()
    doc = assert_official_layout(
        data,
        agency="鄂托克前旗人民政府办公室",
        title="关于做好2026年政务公开工作的通知",
        doc_number="鄂前政办发〔2026〕1号",
    )
    texts = [p.text for p in doc.paragraphs]
    # 版头: the masthead in red over the 文号, which carries the red separator line
    assert texts[:2] == ["鄂托克前旗人民政府办公室文件", "鄂前政办发〔2026〕1号"]
    assert doc.paragraphs[0].style.name == "发文机关标志"
    assert str(doc.paragraphs[0].style.font.color.rgb) == "FF0000"
    assert 'w:color="FF0000"' in doc.paragraphs[1]._p.xml
    # 主送机关 flush left with a full-width colon; the body indented two characters (32 pt)
    addressee = next(p for p in doc.paragraphs if p.text.startswith("各苏木镇"))
    assert addressee.text.endswith("：") and addressee.paragraph_format.first_line_indent is None
    body = next(p for p in doc.paragraphs if p.text == "正文段落。")
    assert body.paragraph_format.first_line_indent.pt == 32
    assert next(p for p in doc.paragraphs if p.text == "（一）工作目标").style.name == "二级标题"
    assert texts[texts.index("附件：1. 任务分工") + 1] == "2. 联系人名单"
    assert_signature(doc, agency="鄂托克前旗人民政府办公室", date_text="2026年1月5日")
    # tables in 小四仿宋, header row repeated on every page, None printed as blank
    table = doc.tables[0]
    assert table.rows[0].cells[0].paragraphs[0].style.name == "表格文字"
    assert "w:tblHeader" in table.rows[0]._tr.xml
    assert table.rows[2].cells[1].text == ""
    assert doc.core_properties.created == dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)


def test_without_masthead_the_number_goes_under_the_title():
    doc = documents.official_document(agency="甲局", title="告知书", doc_number="甲依申复〔2026〕3号")
    texts = [p.text for p in doc.paragraphs]
    assert texts[:2] == ["告知书", "甲依申复〔2026〕3号"]


@pytest.mark.parametrize(
    ("agency", "sign_indent"),
    [
        ("甲局", 4 + (6 - 2) / 2),  # 2026年1月5日 is 6 characters wide: the name centred over it
        ("鄂托克前旗人民政府办公室", 2),  # wider than the date: two characters from the edge, the date moves
    ],
)
def test_signature_is_centred_over_the_date(agency, sign_indent):
    doc = documents.official_document(agency=agency, title="通知")
    sign, date = documents.add_signature(doc, agency=agency, on=dt.date(2026, 1, 5))
    assert sign.paragraph_format.right_indent.pt == pytest.approx(16 * sign_indent, abs=0.1)
    centre_sign = sign.paragraph_format.right_indent.pt + 16 * documents._width(agency) / 2
    centre_date = date.paragraph_format.right_indent.pt + 16 * 6 / 2
    assert centre_sign == pytest.approx(centre_date, abs=0.1)


def test_cn_date_has_no_leading_zeros():
    assert documents.cn_date(dt.date(2026, 3, 2)) == "2026年3月2日"


def test_raw_code_scan_finds_codes_and_spares_urls():
    assert raw_codes("平台分布：weibo 3 条；类别：emergency_disaster") == {"weibo", "emergency_disaster"}
    assert raw_codes("见 http://www.etkqq.gov.cn/xxgk/news_list/ 或 a_b@example.cn；文件.pdf") == set()
    assert_no_raw_codes(_sample())


def test_every_word_writer_goes_through_the_layout_module():
    # python-docx is imported for writing only by gongkai/core/documents.py (the ingest reader reads uploads)
    from pathlib import Path

    root = Path(documents.__file__).resolve().parents[1]
    allowed = {root / "core" / "documents.py"}
    writers = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path not in allowed
        and "ingest" not in path.parts
        and ("from docx import Document" in (text := path.read_text(encoding="utf-8")) or "docx.Document()" in text)
    ]
    assert writers == []
