"""Read a pasted web page (HTML) or pasted text into blocks.

Only structure survives: headings, paragraphs, bold/italic, lists, tables. Scripts, styles,
forms, navigation and the like are dropped with their content; every attribute (style, class,
font, colour, link) is ignored.
"""

from __future__ import annotations

import re

from .errors import BadDocument
from .i18n import _
from .model import Block, Cell, ListBlock, Para, Run, Table

MAX_PASTE_CHARS = 2_000_000

_DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "button",
    "select",
    "option",
    "input",
    "textarea",
    "label",
    "nav",
    "header",
    "footer",
    "aside",
    "svg",
    "canvas",
    "template",
    "head",
    "title",
    "meta",
    "link",
    "map",
    "video",
    "audio",
    "img",
    "picture",
}
# Site furniture recognised by id/class names (navigation, breadcrumbs, share bars, footers).
_CHROME_ATTR = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|crumbs?|footer|sidebar|share|toolbar|copyright|banner|topbar|"
    r"dqwz)($|[\s_-])",
    re.I,
)
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "address",
    "center",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "hr",
    "body",
    "html",
    "tbody",
    "thead",
    "tfoot",
}
_HEADINGS = {"h1": 1, "h2": 1, "h3": 2, "h4": 3, "h5": 3, "h6": 3}
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.I)
_ITALIC_STYLE = re.compile(r"font-style\s*:\s*italic", re.I)
_FILE_LINK = re.compile(r"\.(docx?|wps|pdf|ofd|xlsx?|et|pptx?|zip|rar|7z|txt)(\?|#|$)", re.I)


def _check_paste(text: str) -> None:
    if not text or not text.strip():
        raise BadDocument(_("粘贴的内容为空。"), reason="empty")
    if len(text) > MAX_PASTE_CHARS:
        raise BadDocument(
            _("粘贴的内容过长（超过 %(n)d 字），请拆分后再提交。") % {"n": MAX_PASTE_CHARS}, reason="too_large"
        )


# --- HTML ---------------------------------------------------------------------------------------


def read_html(html: str) -> tuple[list[Block], list[str]]:
    """Return (blocks, names of linked files)."""
    _check_paste(html)
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        raise BadDocument(_("无法识别粘贴的网页内容。"), reason="corrupt") from None
    walker = _HtmlWalker()
    walker.walk(root, False, False)
    walker.flush()
    return walker.blocks, walker.linked_files


def _is_chrome_element(el) -> bool:
    if el.tag in ("html", "body", "main", "article"):
        return False
    for attr in ("id", "class", "role"):
        value = el.get(attr)
        if value and _CHROME_ATTR.search(value):
            return True
    return el.get("role") in ("navigation", "banner", "contentinfo") or el.get("hidden") is not None


class _HtmlWalker:
    def __init__(self):
        self.blocks: list[Block] = []
        self.runs: list[Run] = []
        self.heading = 0
        self.linked_files: list[str] = []

    def flush(self, heading: int = 0) -> None:
        runs = self.runs
        self.runs = []
        # <br> inside a paragraph splits it: gov pages use it between lines of a paragraph block.
        for line in _split_lines(runs):
            if "".join(r.text for r in line).strip():
                self.blocks.append(Para(runs=line, heading_level=heading, title_style=heading == 1))

    def walk(self, el, bold: bool, italic: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None:  # comment, processing instruction
            return
        tag = tag.lower()
        if tag in _DROP_TAGS or _is_chrome_element(el):
            return
        if tag == "table":
            self.flush()
            table = _read_table(el)
            if table.rows:
                self.blocks.append(table)
            return
        if tag in ("ul", "ol"):
            self.flush()
            items = [_inline_runs(li) for li in el.iterfind("li")]
            items = [i for i in items if "".join(r.text for r in i).strip()]
            if items:
                self.blocks.append(ListBlock(items=items, ordered=tag == "ol"))
            return
        if tag == "br":
            self.runs.append(Run("\n", bold, italic))
            return
        if tag == "a":
            href = el.get("href") or ""
            label = el.text_content().strip()
            if label and _FILE_LINK.search(href):
                self.linked_files.append(label)
        heading = _HEADINGS.get(tag, 0)
        is_block = heading or tag in _BLOCK_TAGS or tag == "li"
        if is_block:
            self.flush()
        style = el.get("style") or ""
        bold = bold or tag in ("b", "strong") or bool(_BOLD_STYLE.search(style))
        italic = italic or tag in ("i", "em") or bool(_ITALIC_STYLE.search(style))
        if heading:
            bold = False
        if el.text:
            self.runs.append(Run(el.text, bold, italic))
        for child in el:
            self.walk(child, bold, italic)
            if child.tail:
                self.runs.append(Run(child.tail, bold, italic))
        if is_block:
            self.flush(heading)


def _split_lines(runs: list[Run]) -> list[list[Run]]:
    lines: list[list[Run]] = [[]]
    for run in runs:
        parts = run.text.split("\n")
        for i, part in enumerate(parts):
            if i:
                lines.append([])
            if part:
                lines[-1].append(Run(re.sub(r"[ \t\r\f\v]+", " ", part), run.bold, run.italic))
    return lines


def _inline_runs(el) -> list[Run]:
    walker = _HtmlWalker()
    walker.walk(el, False, False)
    runs = list(walker.runs)
    for block in walker.blocks:
        lines = [block.runs] if isinstance(block, Para) else block.items if isinstance(block, ListBlock) else []
        for line in lines:
            runs += [Run(" "), *line]
    return [Run(re.sub(r"\s+", " ", r.text), r.bold, r.italic) for r in runs if r.text]


def _read_table(el) -> Table:
    rows = []
    for tr in el.iter("tr"):
        # Only rows of this table, not of a nested one.
        owner = next((a for a in tr.iterancestors("table")), None)
        if owner is not el:
            continue
        row = []
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            for br in cell.iter("br"):
                br.tail = "\n" + (br.tail or "")
            text = "\n".join(
                re.sub(r"[ \t\u00a0\u3000]+", " ", line).strip() for line in cell.text_content().split("\n")
            )
            text = re.sub(r"\n{2,}", "\n", text).strip()
            span = cell.get("colspan") or "1"
            row.append(Cell(text=text, colspan=int(span) if span.isdigit() else 1, header=cell.tag.lower() == "th"))
        if any(c.text for c in row):
            rows.append(row)
    return Table(rows=rows)


# --- plain text ---------------------------------------------------------------------------------

# "一、明确工作原则" — a short line opening with a Chinese ordinal is a section heading.
_TEXT_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、\S.{0,28}$")


def read_text(text: str) -> list[Block]:
    _check_paste(text)
    blocks: list[Block] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip(" \t\u3000\u00a0")
        if not stripped:
            blocks.append(Para(runs=[]))
            continue
        heading = 1 if _TEXT_HEADING.match(stripped) and stripped[-1] not in "。；;，,：:" else 0
        blocks.append(Para(runs=[Run(line)], heading_level=heading))
    return blocks
