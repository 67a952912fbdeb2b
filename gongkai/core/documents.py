"""The layout of every generated Word file: a Chinese official document (GB/T 9704-2012《党政机关公文格式》).

One module so that reply letters, opinion logs and reports, review records and whatever comes next
look alike and follow the standard. The numbers and the clause they come from:

- 5.2.1 paper A4 (210 mm × 297 mm); 5.2.1 版心 156 mm × 225 mm with 天头 37 mm and 订口 28 mm, so the
  margins are top 37, bottom 35 (297 − 37 − 225), left 28, right 26 (210 − 28 − 156) mm.
- 5.2.2 body 3号仿宋 (16 pt), 22 lines of 28 characters a page: 225 mm / 22 = 10.23 mm ≈ 28.95 pt
  line pitch (fixed line spacing).
- 7.2.1 发文机关标志 in 小标宋, red, centred; 7.2.2 发文字号 (文号) under it, centred, year in
  六角括号 〔〕; 7.2.4 a red separator line under the 文号.
- 7.3.1 标题 2号小标宋 (22 pt), centred; 7.3.2 主送机关 flush left, ending with a full-width colon.
- 7.3.3 正文 3号仿宋, each paragraph indented two characters; headings 一、 in 黑体, （一） in 楷体,
  1. and （1） in 仿宋.
- 7.3.4 附件说明 one line below the body, indented two characters: ``附件：1. …``.
- 7.3.5 发文机关署名 centred over the 成文日期; the date right-indented four characters, written with
  Arabic numerals in full (``2026年1月5日``).
- 7.5 页码 4号半角宋体 Arabic numerals with an em dash on either side (``— 1 —``), 7 mm below the text
  block; odd pages on the right, even pages on the left, one character from the edge.

Fonts: Word cannot list fallback fonts on a run, so each run names the first font of its chain (e.g.
``仿宋_GB2312``) for every script, East Asian included (``w:eastAsia``), and the document's font table
gives the next one (``仿宋``) as ``w:altName``, which Word uses when the first is not installed; the
chains are kept here in full so the choice is documented. The core properties name the issuing
agency as author and carry the title (not python-docx's defaults).

API: ``official_document(agency=, title=, doc_number=, ...)`` returns a python-docx ``Document`` laid
out and with the title (and masthead) written; then ``add_addressee``, ``add_heading``,
``add_paragraph``, ``add_table``, ``add_attachments``, ``add_signature`` and ``to_bytes``.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

# 5.2.1: A4 and the 版心 156 × 225 mm
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
# 7.5: the page number's em dash is 7 mm below the text block; a 4号 line is about 6 mm high.
FOOTER_DISTANCE_MM = MARGIN_BOTTOM_MM - 7 - 6

# Chinese type sizes (字号) in points.
SIZE_2 = 22.0  # 二号: titles
SIZE_3 = 16.0  # 三号: body
SIZE_4 = 14.0  # 四号: page numbers
SIZE_SMALL_4 = 12.0  # 小四: table cells
# 5.2.2: 22 lines in the 225 mm text block.
LINE_PITCH_PT = 28.95

RED = RGBColor(0xFF, 0x00, 0x00)

# Font chains: the first is named on the runs, the second is the font table's altName.
TITLE_FONTS = ("方正小标宋简体", "方正小标宋_GBK", "华文中宋", "宋体", "SimSun")
BODY_FONTS = ("仿宋_GB2312", "仿宋", "FangSong")
HEADING_FONTS = ("黑体", "SimHei")
SUBHEADING_FONTS = ("楷体_GB2312", "楷体", "KaiTi")
PAGE_NUMBER_FONTS = ("宋体", "SimSun")

STYLE_BODY = "Normal"
STYLE_TITLE = "公文标题"
STYLE_MARK = "发文机关标志"
STYLE_HEADING_1 = "一级标题"
STYLE_HEADING_2 = "二级标题"
STYLE_TABLE = "表格文字"
STYLE_PAGE_NUMBER = "页码"
# ASCII style ids (the names stay Chinese for the people editing the file).
_STYLE_IDS = {
    STYLE_TITLE: "GongwenTitle",
    STYLE_MARK: "GongwenMasthead",
    STYLE_HEADING_1: "GongwenHeading1",
    STYLE_HEADING_2: "GongwenHeading2",
    STYLE_TABLE: "GongwenTable",
    STYLE_PAGE_NUMBER: "GongwenPageNumber",
}

_FONT_FAMILY = {  # w:family in the font table: roman (serif), modern (fixed pitch), swiss (sans)
    TITLE_FONTS[0]: "roman",
    BODY_FONTS[0]: "modern",
    HEADING_FONTS[0]: "modern",
    SUBHEADING_FONTS[0]: "modern",
    PAGE_NUMBER_FONTS[0]: "auto",
}

# Schema order of w:pPr (ECMA-376 17.3.1.26): the elements that must follow w:pBdr and w:outlineLvl.
_PPR_TAIL = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_OUTLINE_LVL = _PPR_TAIL
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", *_PPR_TAIL,
)  # fmt: skip

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def cn_date(day: dt.date) -> str:
    """7.3.5.1: the 成文日期 in Arabic numerals, year in full, month and day without leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def _set_fonts(rpr, fonts: Sequence[str]) -> None:
    """Name ``fonts[0]`` for every script (ascii, hAnsi, eastAsia, cs) and drop the theme fonts."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:  # second in w:rPr, after an optional w:rStyle
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(1 if rpr.find(qn("w:rStyle")) is not None else 0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), fonts[0])


def _run_fonts(run, fonts: Sequence[str]) -> None:
    _set_fonts(run._r.get_or_add_rPr(), fonts)


def _style(doc, name: str, *, fonts: Sequence[str], size: float, bold: bool = False, color=None):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != STYLE_BODY:
        style.style_id = _STYLE_IDS[name]
        style.base_style = styles[STYLE_BODY]
        style.next_paragraph_style = styles[STYLE_BODY]
        style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = color
    _set_fonts(style.element.get_or_add_rPr(), fonts)
    pf = style.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE_PITCH_PT)
    pf.widow_control = True
    return style


def _outline_level(style, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    el = ppr.find(qn("w:outlineLvl"))
    if el is None:
        el = OxmlElement("w:outlineLvl")
        ppr.insert_element_before(el, *_AFTER_OUTLINE_LVL)
    el.set(qn("w:val"), str(level))


def _doc_defaults(doc) -> None:
    """Document defaults: 仿宋 3号, Chinese language (so Word proofs and breaks lines as Chinese)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, BODY_FONTS)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(int(SIZE_3 * 2)))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")


def _styles(doc) -> None:
    _doc_defaults(doc)
    body = _style(doc, STYLE_BODY, fonts=BODY_FONTS, size=SIZE_3)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    title = _style(doc, STYLE_TITLE, fonts=TITLE_FONTS, size=SIZE_2)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(LINE_PITCH_PT * 35 / 29)  # a 2号 line needs a little more room
    _outline_level(title, 0)
    mark = _style(doc, STYLE_MARK, fonts=TITLE_FONTS, size=SIZE_2 * 1.5, color=RED)
    mark.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    h1 = _style(doc, STYLE_HEADING_1, fonts=HEADING_FONTS, size=SIZE_3)
    h1.paragraph_format.first_line_indent = Pt(SIZE_3 * 2)
    h1.paragraph_format.keep_with_next = True
    _outline_level(h1, 1)
    h2 = _style(doc, STYLE_HEADING_2, fonts=SUBHEADING_FONTS, size=SIZE_3)
    h2.paragraph_format.first_line_indent = Pt(SIZE_3 * 2)
    h2.paragraph_format.keep_with_next = True
    _outline_level(h2, 2)
    table = _style(doc, STYLE_TABLE, fonts=BODY_FONTS, size=SIZE_SMALL_4)
    table.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    number = _style(doc, STYLE_PAGE_NUMBER, fonts=PAGE_NUMBER_FONTS, size=SIZE_4)
    number.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _font_table(doc) -> None:
    """Declare the fonts with their Chinese charset and the next font of each chain as ``w:altName``."""
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    known = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for chain in (TITLE_FONTS, BODY_FONTS, HEADING_FONTS, SUBHEADING_FONTS, PAGE_NUMBER_FONTS):
        if chain[0] in known:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), chain[0])
        etree.SubElement(font, qn("w:altName")).set(qn("w:val"), chain[1])
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), _FONT_FAMILY[chain[0]])
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.gutter = Mm(0)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    # 5.2.2: a line grid of 22 lines a page.
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (``w:fldChar`` begin/separate/end) that Word updates on opening and printing."""

    def run_with(child):
        run = paragraph.add_run()
        _run_fonts(run, PAGE_NUMBER_FONTS)
        run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    shown = paragraph.add_run(placeholder)
    _run_fonts(shown, PAGE_NUMBER_FONTS)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _page_number(footer, *, odd: bool) -> None:
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.style = STYLE_PAGE_NUMBER
    pf = paragraph.paragraph_format
    # 7.5: odd page numbers on the right, even on the left, one (4号) character from the edge.
    if odd:
        pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        pf.right_indent = Pt(SIZE_4)
    else:
        pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
        pf.left_indent = Pt(SIZE_4)
    _run_fonts(paragraph.add_run("— "), PAGE_NUMBER_FONTS)
    _field(paragraph, "PAGE", "1")
    _run_fonts(paragraph.add_run(" —"), PAGE_NUMBER_FONTS)


def _page_numbers(doc) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _page_number(section.footer, odd=True)
    _page_number(section.even_page_footer, odd=False)


def _core_properties(doc, *, agency: str, title: str, subject: str, now: dt.datetime | None) -> None:
    from gongkai.core import clock

    now = now or clock.now()
    props = doc.core_properties
    props.author = agency
    props.last_modified_by = agency
    props.title = title
    props.subject = subject
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.language = "zh-CN"
    # python-docx writes the time with a Z: give it UTC
    props.created = props.modified = now.astimezone(dt.UTC) if now.tzinfo else now
    props.revision = 1


def _width(text: str) -> float:
    """Width in characters: full-width (CJK) counts 1, half-width counts ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def official_document(
    *,
    agency: str,
    title: str,
    doc_number: str = "",
    masthead: str | None = None,
    subject: str = "",
    now: dt.datetime | None = None,
):
    """A python-docx ``Document`` laid out per GB/T 9704-2012 with its 版头 and title written.

    ``agency`` is the issuing agency: the author in the core properties (and the default signature).
    ``masthead`` is the 发文机关标志 (e.g. ``某某县人民政府办公室`` or ``某某县人民政府办公室文件``); when
    given, the 文号 ``doc_number`` goes under it with a red line; without a masthead a ``doc_number`` is
    printed centred under the title. ``title`` may span lines (``\\n``).
    """
    doc = Document()
    _styles(doc)
    _font_table(doc)
    _page(doc)
    _page_numbers(doc)
    _core_properties(doc, agency=agency, title=title.replace("\n", ""), subject=subject, now=now)
    if masthead:
        mark = doc.add_paragraph(masthead, style=STYLE_MARK)
        mark.paragraph_format.space_after = Pt(LINE_PITCH_PT)
        if doc_number:
            doc.add_paragraph(doc_number, style=STYLE_BODY).alignment = WD_ALIGN_PARAGRAPH.CENTER
        _red_line(doc)
        doc.add_paragraph(style=STYLE_BODY)
    for line in title.split("\n"):
        doc.add_paragraph(line, style=STYLE_TITLE)
    if doc_number and not masthead:
        doc.add_paragraph(doc_number, style=STYLE_BODY).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(style=STYLE_BODY)  # 7.3.2: one blank line under the title
    return doc


def _red_line(doc) -> None:
    """7.2.4: the red separator line under the 文号 (a bottom border of the 文号 paragraph)."""
    paragraph = doc.paragraphs[-1]
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "11"), ("w:color", "FF0000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.insert_element_before(border, *_AFTER_PBDR)


def add_addressee(doc, name: str):
    """7.3.2 主送机关 (or the applicant addressed): flush left, ending with a full-width colon."""
    text = name if name.endswith("：") else f"{name}："
    return doc.add_paragraph(text, style=STYLE_BODY)


def add_heading(doc, text: str, level: int = 1):
    """7.3.3: 一、 (黑体) at level 1, （一） (楷体) at level 2; deeper levels are body text."""
    if level == 1:
        return doc.add_paragraph(text, style=STYLE_HEADING_1)
    if level == 2:
        return doc.add_paragraph(text, style=STYLE_HEADING_2)
    return add_paragraph(doc, text)


def add_paragraph(doc, text: str = "", *, indent: bool = True, align: str | None = None):
    """A body paragraph, indented two characters (7.3.3); ``align``: ``"center"`` or ``"right"``."""
    paragraph = doc.add_paragraph(text, style=STYLE_BODY)
    if indent and align is None:
        paragraph.paragraph_format.first_line_indent = Pt(SIZE_3 * 2)
    if align == "center":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return paragraph


def add_table(doc, header: Sequence[str], rows: Iterable[Sequence[object]], *, empty: str = "（无）"):
    """A bordered table in 小四仿宋 with a bold header row repeated on every page; ``empty`` when no rows."""
    rows = [[("" if v is None else str(v)) for v in row] for row in rows]
    if not rows:
        return add_paragraph(doc, empty)
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header_row = table.rows[0]
    trpr = header_row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    trpr.append(repeat)
    for cell, text in zip(header_row.cells, header, strict=True):
        _cell(cell, text, bold=True)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            _cell(cell, text)
    return table


def _cell(cell, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = STYLE_TABLE
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph(style=STYLE_TABLE)
        run = paragraph.add_run(line)
        if bold:
            run.bold = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def add_attachments(doc, names: Sequence[str], *, numbered: bool | None = None):
    """7.3.4: ``附件：1. …`` one blank line under the body, indented two characters; further names
    aligned under the first. Numbered when there are several (or when ``numbered`` says so)."""
    if not names:
        return None
    if numbered is None:
        numbered = len(names) > 1
    doc.add_paragraph(style=STYLE_BODY)
    first = None
    for n, name in enumerate(names, start=1):
        number = f"{n}. " if numbered else ""
        if n == 1:
            first = add_paragraph(doc, f"附件：{number}{name}")
        else:
            p = doc.add_paragraph(f"{number}{name}", style=STYLE_BODY)
            p.paragraph_format.left_indent = Pt(SIZE_3 * 5)  # under the first name: 2 + len("附件：")
    return first


def add_signature(doc, *, agency: str, on: dt.date, blank_lines: int = 2):
    """7.3.5.1: the 发文机关署名 centred over the 成文日期, which is right-indented four characters.

    Blank lines above leave room for the seal. When the agency's name is wider than the date, the
    date moves left so that the name keeps two characters from the right edge.
    """
    for _ in range(blank_lines):
        doc.add_paragraph(style=STYLE_BODY)
    date_text = cn_date(on)
    ws, wd = _width(agency), _width(date_text)
    date_indent = 4.0
    sign_indent = date_indent + (wd - ws) / 2
    if sign_indent < 2:
        sign_indent = 2.0
        date_indent = sign_indent + (ws - wd) / 2
    sign = doc.add_paragraph(agency, style=STYLE_BODY)
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.paragraph_format.right_indent = Pt(SIZE_3 * sign_indent)
    date = doc.add_paragraph(date_text, style=STYLE_BODY)
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    date.paragraph_format.right_indent = Pt(SIZE_3 * date_indent)
    return sign, date


def set_workbook_properties(workbook, *, author: str, title: str) -> None:
    """Excel files the platform writes name their issuing unit and title (not openpyxl's defaults)."""
    props = workbook.properties
    props.creator = props.lastModifiedBy = author
    props.title = title
    props.language = "zh-CN"


def to_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def document_text(data: bytes) -> str:
    """All the text a reader sees in a .docx: paragraphs, table cells, headers and footers (for tests
    and checks)."""
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in doc.sections:
        for hf in (section.header, section.footer, section.even_page_footer):
            parts.extend(p.text for p in hf.paragraphs)
    return "\n".join(parts)


__all__ = [
    "DOCX_CONTENT_TYPE",
    "add_addressee",
    "add_attachments",
    "add_heading",
    "add_paragraph",
    "add_signature",
    "add_table",
    "cn_date",
    "document_text",
    "official_document",
    "to_bytes",
]
