"""Read a Word (.docx) file into blocks, refusing anything that is not a safe .docx."""

from __future__ import annotations

import io
import zipfile
from typing import BinaryIO

from .errors import BadDocument
from .i18n import _
from .model import Block, Cell, ListBlock, Para, Run, Table

# Technical limits (not statutory numbers): an official document with a few images is far below.
MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
MAX_COMPRESSION_RATIO = 200  # checked for entries above 1 MiB once inflated
_RATIO_FLOOR = 1024 * 1024

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_bytes(file: bytes | BinaryIO) -> bytes:
    if isinstance(file, bytes | bytearray | memoryview):
        data = bytes(file)
    else:
        if getattr(file, "seekable", lambda: False)():
            file.seek(0)
        data = file.read(MAX_DOCX_BYTES + 1)
        if isinstance(data, str):
            raise BadDocument(_("文件不是有效的 Word 文档（.docx），请上传 .docx 格式的文件。"), reason="not_docx")
    if not data:
        raise BadDocument(_("上传的文件为空。"), reason="empty")
    if len(data) > MAX_DOCX_BYTES:
        raise BadDocument(
            _("文件过大（超过 %(mb)d MB），请压缩图片或拆分后再上传。") % {"mb": MAX_DOCX_BYTES // (1024 * 1024)},
            reason="too_large",
        )
    return data


def check_package(data: bytes) -> None:
    """Refuse legacy/encrypted Word files, non-zips, corrupt zips, zip bombs and non-Word zips."""
    if data.startswith(_OLE_MAGIC):
        raise BadDocument(
            _("这是旧版 Word（.doc）文件或加密的文档，请在 Word 中另存为 .docx 格式（不设密码）后再上传。"),
            reason="legacy_doc",
        )
    if not data.startswith(_ZIP_MAGIC):
        raise BadDocument(_("文件不是有效的 Word 文档（.docx），请上传 .docx 格式的文件。"), reason="not_docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise BadDocument(_("Word 文档已损坏，无法读取，请在 Word 中重新保存后再上传。"), reason="corrupt") from None
    total = sum(i.file_size for i in infos)
    too_dense = any(
        i.file_size > _RATIO_FLOOR and i.file_size > MAX_COMPRESSION_RATIO * max(i.compress_size, 1) for i in infos
    )
    if len(infos) > MAX_ZIP_ENTRIES or total > MAX_UNCOMPRESSED_BYTES or too_dense:
        raise BadDocument(_("文件解压后过大或结构异常，已拒绝处理。"), reason="zip_bomb")
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise BadDocument(_("文件不是 Word 文档（.docx）：缺少正文部分，请上传 .docx 格式的文件。"), reason="not_docx")


def read_docx(file: bytes | BinaryIO) -> tuple[list[Block], list[str]]:
    """Return (blocks, notes) where notes are Chinese warnings about content left out."""
    data = read_bytes(file)
    check_package(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        return _walk(document)
    except BadDocument:
        raise
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise BadDocument(
            _("Word 文档已损坏或格式不受支持，无法读取，请在 Word 中重新保存为 .docx 后再上传。"),
            reason="corrupt",
        ) from exc
    except Exception as exc:  # lxml syntax errors, unexpected package shapes
        raise BadDocument(
            _("Word 文档已损坏或格式不受支持，无法读取，请在 Word 中重新保存为 .docx 后再上传。"),
            reason="corrupt",
        ) from exc


# --- walking ------------------------------------------------------------------------------------


def _walk(document) -> tuple[list[Block], list[str]]:
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    styles = _Styles(document)
    numbering = _numbering_formats(document)
    blocks: list[Block] = []
    pending_list: ListBlock | None = None
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            chain = styles.chain(_para_style_id(item, styles))
            list_info = _list_info(item, chain, numbering)
            if list_info is not None:
                ordered = list_info
                if pending_list is None or pending_list.ordered != ordered:
                    pending_list = ListBlock(ordered=ordered)
                    blocks.append(pending_list)
                pending_list.items.append(_runs(item, chain, styles))
                continue
            pending_list = None
            blocks.append(_para(item, chain, styles))
        elif isinstance(item, DocxTable):
            pending_list = None
            blocks.append(_table(item))
    notes = []
    body = document.element.body
    pictures = len(body.findall(f".//{_W}drawing")) + len(body.findall(f".//{_W}pict"))
    if pictures:
        notes.append(_("文档中的 %(n)d 张图片或图形未导入正文，如需公开请作为附件上传。") % {"n": pictures})
    return blocks, notes


def _on(element) -> bool | None:
    """Value of an OOXML on/off property element (``<w:b/>``, ``<w:b w:val="0"/>``)."""
    if element is None:
        return None
    return element.get(f"{_W}val") not in ("0", "false", "off", "none")


class _StyleInfo:
    __slots__ = ("based_on", "bold", "italic", "jc", "name")

    def __init__(self, el):
        name = el.find(f"{_W}name")
        self.name = (name.get(f"{_W}val") if name is not None else "").strip().lower()
        based = el.find(f"{_W}basedOn")
        self.based_on = based.get(f"{_W}val") if based is not None else None
        rpr = el.find(f"{_W}rPr")
        self.bold = _on(rpr.find(f"{_W}b")) if rpr is not None else None
        self.italic = _on(rpr.find(f"{_W}i")) if rpr is not None else None
        ppr = el.find(f"{_W}pPr")
        jc = ppr.find(f"{_W}jc") if ppr is not None else None
        self.jc = jc.get(f"{_W}val") if jc is not None else None


class _Styles:
    """The styles part read once (python-docx looks styles up by scanning them on every access)."""

    def __init__(self, document):
        self.by_id: dict[str, _StyleInfo] = {}
        self.default_paragraph: str | None = None
        try:
            root = document.styles.element
        except (KeyError, AttributeError, NotImplementedError):
            return
        for el in root.findall(f"{_W}style"):
            style_id = el.get(f"{_W}styleId")
            if not style_id:
                continue
            self.by_id[style_id] = _StyleInfo(el)
            if el.get(f"{_W}type") == "paragraph" and el.get(f"{_W}default") in ("1", "true", "on"):
                self.default_paragraph = style_id

    def chain(self, style_id: str | None) -> list[_StyleInfo]:
        chain = []
        while style_id and style_id in self.by_id and len(chain) < 10:
            info = self.by_id[style_id]
            chain.append(info)
            style_id = info.based_on
        return chain


def _para_style_id(paragraph, styles: _Styles) -> str | None:
    ppr = paragraph._p.pPr
    pstyle = ppr.find(f"{_W}pStyle") if ppr is not None else None
    return pstyle.get(f"{_W}val") if pstyle is not None else styles.default_paragraph


def _heading_level(chain: list[_StyleInfo]) -> tuple[int, bool]:
    """(level, is_title_style): Title → (1, True); Heading N / 标题 N → (N, False)."""
    for style in chain:
        name = style.name
        if name in ("title", "标题"):
            return 1, True
        for prefix in ("heading ", "标题 ", "标题"):
            if name.startswith(prefix) and name[len(prefix) :].strip().isdigit():
                return max(1, int(name[len(prefix) :].strip())), False
    return 0, False


def _para(paragraph, chain: list[_StyleInfo], styles: _Styles) -> Para:
    level, title_style = _heading_level(chain)
    ppr = paragraph._p.pPr
    jc_el = ppr.find(f"{_W}jc") if ppr is not None else None
    jc = jc_el.get(f"{_W}val") if jc_el is not None else next((s.jc for s in chain if s.jc), None)
    return Para(
        runs=_runs(paragraph, chain, styles, in_heading=bool(level)),
        heading_level=level,
        title_style=title_style or level == 1,
        centered=jc == "center",
    )


_RUN_XPATH = "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r | ./w:sdt/w:sdtContent/w:r"


def _first(values) -> bool | None:
    return next((v for v in values if v is not None), None)


def _runs(paragraph, chain: list[_StyleInfo], styles: _Styles, *, in_heading: bool = False) -> list[Run]:
    from docx.text.run import Run as DocxRun

    para_bold = bool(_first(s.bold for s in chain))
    para_italic = bool(_first(s.italic for s in chain))
    runs = []
    for r in paragraph._p.xpath(_RUN_XPATH):
        text = DocxRun(r, paragraph).text
        if not text:
            continue
        rpr = r.rPr
        bold = italic = None
        if rpr is not None:
            bold, italic = _on(rpr.find(f"{_W}b")), _on(rpr.find(f"{_W}i"))
            rstyle = rpr.find(f"{_W}rStyle")
            if rstyle is not None:
                char_chain = styles.chain(rstyle.get(f"{_W}val"))
                bold = bold if bold is not None else _first(s.bold for s in char_chain)
                italic = italic if italic is not None else _first(s.italic for s in char_chain)
        runs.append(
            Run(
                text=text,
                bold=(para_bold if bold is None else bold) and not in_heading,
                italic=para_italic if italic is None else italic,
            )
        )
    return runs


def _numbering_formats(document) -> dict[tuple[str, str], str]:
    """{(numId, ilvl): numFmt} from the numbering part, if any."""
    formats: dict[tuple[str, str], str] = {}
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return formats
    abstract = {}
    for an in numbering.findall(f"{_W}abstractNum"):
        levels = {}
        for lvl in an.findall(f"{_W}lvl"):
            fmt = lvl.find(f"{_W}numFmt")
            levels[lvl.get(f"{_W}ilvl")] = fmt.get(f"{_W}val") if fmt is not None else "decimal"
        abstract[an.get(f"{_W}abstractNumId")] = levels
    for num in numbering.findall(f"{_W}num"):
        ref = num.find(f"{_W}abstractNumId")
        if ref is None:
            continue
        for ilvl, fmt in abstract.get(ref.get(f"{_W}val"), {}).items():
            formats[(num.get(f"{_W}numId"), ilvl)] = fmt
    return formats


def _list_info(paragraph, chain: list[_StyleInfo], numbering) -> bool | None:
    """None if not a list item, else True for an ordered list, False for a bulleted one."""
    ppr = paragraph._p.pPr
    num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
    style_names = [s.name for s in chain]
    if num_pr is None:
        if any(n.startswith("list number") for n in style_names):
            return True
        if any(n.startswith("list bullet") for n in style_names):
            return False
        return None
    num_id = num_pr.find(f"{_W}numId")
    ilvl = num_pr.find(f"{_W}ilvl")
    num_val = num_id.get(f"{_W}val") if num_id is not None else None
    if num_val in (None, "0"):
        return None
    fmt = numbering.get((num_val, ilvl.get(f"{_W}val") if ilvl is not None else "0"))
    if fmt is None:
        return any("number" in n for n in style_names)
    return fmt not in ("bullet", "none")


def _table(table) -> Table:
    from docx.table import _Cell

    rows = []
    for tr in table._tbl.tr_lst:
        is_header = False
        trpr = tr.trPr
        if trpr is not None and trpr.find(f"{_W}tblHeader") is not None:
            is_header = True
        row = []
        for tc in tr.tc_lst:
            cell = _Cell(tc, table)
            tcpr = tc.tcPr
            span = 1
            if tcpr is not None:
                grid = tcpr.find(f"{_W}gridSpan")
                if grid is not None and (grid.get(f"{_W}val") or "1").isdigit():
                    span = max(1, int(grid.get(f"{_W}val")))
                vmerge = tcpr.find(f"{_W}vMerge")
                if vmerge is not None and vmerge.get(f"{_W}val") in (None, "continue"):
                    row.append(Cell(text="", colspan=span, header=is_header))
                    continue
            text = "\n".join(p.text for p in cell.paragraphs).strip()
            row.append(Cell(text=text, colspan=span, header=is_header))
        if any(c.text for c in row):
            rows.append(row)
    return Table(rows=rows)
