"""Checks shared by the tests of every generated Word file: the GB/T 9704-2012 layout of
``gongkai.core.documents`` and the absence of raw codes in what people read."""

from __future__ import annotations

import io
import re
from importlib import import_module

from django.db import models
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length
from lxml import etree

from gongkai.core.documents import document_text

# ASCII identifiers with an underscore (``emergency_disaster``, ``not_processed``) never belong in a document.
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")
ENUM_MODULES = (
    "gongkai.opinion.enums",
    "gongkai.opinion.response.enums",
    "gongkai.foi.enums",
    "gongkai.workflow.enums",
)


def known_codes() -> set[str]:
    """Every value of the project's choices that could leak into a document, plus the category keys."""
    from gongkai.opinion.nlp.categories import LABELS

    codes = set(LABELS)
    for name in ENUM_MODULES:
        module = import_module(name)
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, models.TextChoices) and obj is not models.TextChoices:
                codes.update(v for v in obj.values if isinstance(v, str) and re.fullmatch(r"[a-z][a-z_.]{2,}", v))
    return codes


def raw_codes(text: str) -> set[str]:
    """The identifier-like codes found in ``text`` (URLs and e-mail addresses left out)."""
    text = URL.sub(" ", text)
    words = set(re.findall(r"(?<![A-Za-z0-9_.])[a-z][a-z_.]*[a-z](?![A-Za-z0-9_])", text))
    return set(SNAKE.findall(text)) | (words & known_codes())


def assert_no_raw_codes(data: bytes) -> str:
    text = document_text(data)
    assert raw_codes(text) == set(), text
    return text


def _mm(length) -> float:
    return round(Length(length).mm, 1)


def _style_fonts(style) -> dict[str, str]:
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    return {k: rfonts.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "eastAsia")}


def assert_official_layout(data: bytes, *, agency: str, title: str, doc_number: str = "") -> Document:
    """The .docx ``data`` is laid out per GB/T 9704-2012 (see gongkai/core/documents.py)."""
    doc = Document(io.BytesIO(data))
    # A4 and the margins of the 156 × 225 mm text block
    section = doc.sections[0]
    assert (_mm(section.page_width), _mm(section.page_height)) == (210.0, 297.0)
    assert [_mm(x) for x in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)] == [
        37.0,
        35.0,
        28.0,
        26.0,
    ]
    assert _mm(section.page_width - section.left_margin - section.right_margin) == 156.0
    assert _mm(section.page_height - section.top_margin - section.bottom_margin) == 225.0
    # body 仿宋 3号 at a fixed 28.95 pt line pitch, the East Asian font named too; title 小标宋 2号
    body = doc.styles["Normal"]
    assert _style_fonts(body) == dict.fromkeys(("ascii", "hAnsi", "eastAsia"), "仿宋_GB2312")
    assert body.font.size.pt == 16
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert round(body.paragraph_format.line_spacing.pt, 2) == 28.95
    title_style = doc.styles["公文标题"]
    assert _style_fonts(title_style)["eastAsia"] == "方正小标宋简体" and title_style.font.size.pt == 22
    assert _style_fonts(doc.styles["一级标题"])["eastAsia"] == "黑体"
    # no theme font overrides the named fonts, in the defaults or anywhere in the styles
    styles_xml = etree.tostring(doc.styles.element).decode()
    assert "eastAsiaTheme" not in etree.tostring(doc.styles.element.find(qn("w:docDefaults"))).decode()
    assert 'w:eastAsia="zh-CN"' in styles_xml
    # the font table gives each first font its fallback
    font_table = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    fonts = etree.fromstring(font_table.blob)
    alt = {f.get(qn("w:name")): f.find(qn("w:altName")) for f in fonts.findall(qn("w:font"))}
    assert alt["仿宋_GB2312"].get(qn("w:val")) == "仿宋"
    assert alt["方正小标宋简体"].get(qn("w:val")) == "方正小标宋_GBK"
    # the title, in the title style, centred
    titles = [p.text for p in doc.paragraphs if p.style.name == "公文标题"]
    assert "".join(titles) == title.replace("\n", "")
    # the 文号 line with its 六角括号 (when the document has one)
    if doc_number:
        assert doc_number in [p.text for p in doc.paragraphs]
        assert "〔" in doc_number and "〕" in doc_number
    # page numbers "— PAGE —" in 4号宋体, odd pages on the right, even pages on the left
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        xml = etree.tostring(paragraph._p).decode()
        assert "PAGE" in "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert paragraph.text == "— 1 —" and paragraph.alignment == side
        assert paragraph.style.name == "页码" and paragraph.style.font.size.pt == 14
        assert _style_fonts(paragraph.style)["eastAsia"] == "宋体"
    # the agency is the author; nothing says python-docx
    props = doc.core_properties
    assert props.author == agency and props.last_modified_by == agency
    assert props.title == title.replace("\n", "")
    for value in (props.author, props.title, props.subject, props.comments, props.keywords, props.category):
        assert "python-docx" not in (value or "")
    return doc


def assert_signature(doc: Document, *, agency: str, date_text: str) -> None:
    """发文机关署名 centred over the 成文日期, the date right-indented at least four characters (16 pt each)."""
    from gongkai.core.documents import _width

    texts = [p.text for p in doc.paragraphs]
    i = texts.index(date_text)
    assert texts[i - 1] == agency
    sign, date = doc.paragraphs[i - 1], doc.paragraphs[i]
    assert sign.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent.pt >= 64
    centre_sign = sign.paragraph_format.right_indent.pt + 8 * _width(agency)
    centre_date = date.paragraph_format.right_indent.pt + 8 * _width(date_text)
    assert abs(centre_sign - centre_date) < 0.1
