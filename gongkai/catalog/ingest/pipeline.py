"""The three entry points: Word file, pasted web page, pasted text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from . import chinese
from .docx_reader import read_docx
from .errors import BadDocument
from .html_reader import read_html, read_text
from .i18n import _
from .keywords import MAX_KEYWORD_CHARS, propose_keywords
from .metadata import analyse
from .model import Block, Cell, ExtractedDocument, ListBlock, Para, Run, Table
from .render import render_html, render_text


def extract_from_docx(
    file: bytes | BinaryIO,
    *,
    gazetteer: Iterable[str] = (),
    keyword_count: int = 5,
    keyword_max_chars: int = MAX_KEYWORD_CHARS,
) -> ExtractedDocument:
    """Read an uploaded .docx; raises :class:`BadDocument` for anything that is not a safe .docx."""
    blocks, notes = read_docx(file)
    return _finish(
        "docx",
        blocks,
        notes,
        gazetteer=gazetteer,
        keyword_count=keyword_count,
        keyword_max_chars=keyword_max_chars,
        strip_tags=False,
    )


def extract_from_html(
    html: str,
    *,
    gazetteer: Iterable[str] = (),
    keyword_count: int = 5,
    keyword_max_chars: int = MAX_KEYWORD_CHARS,
) -> ExtractedDocument:
    """Read a pasted web page: scripts, styles, attributes and site chrome are dropped."""
    blocks, linked_files = read_html(html)
    doc = _finish(
        "html",
        blocks,
        [],
        gazetteer=gazetteer,
        keyword_count=keyword_count,
        keyword_max_chars=keyword_max_chars,
        strip_tags=False,
    )
    if not doc.attachments and linked_files:
        doc.attachments = list(
            dict.fromkeys(chinese.to_simplified(n) if doc.converted_from_traditional else n for n in linked_files)
        )
    return doc


def extract_from_text(
    text: str,
    *,
    gazetteer: Iterable[str] = (),
    keyword_count: int = 5,
    keyword_max_chars: int = MAX_KEYWORD_CHARS,
) -> ExtractedDocument:
    """Read pasted plain text (one paragraph per line)."""
    blocks = read_text(text)
    return _finish(
        "text",
        blocks,
        [],
        gazetteer=gazetteer,
        keyword_count=keyword_count,
        keyword_max_chars=keyword_max_chars,
        strip_tags=True,
    )


# --- shared steps -------------------------------------------------------------------------------


def _map_text(blocks: list[Block], fn) -> None:
    for block in blocks:
        if isinstance(block, Para):
            block.runs = [Run(fn(r.text), r.bold, r.italic) for r in block.runs]
        elif isinstance(block, ListBlock):
            block.items = [[Run(fn(r.text), r.bold, r.italic) for r in item] for item in block.items]
        elif isinstance(block, Table):
            block.rows = [[Cell(fn(c.text), c.colspan, c.header) for c in row] for row in block.rows]


def _sub_runs(runs: list[Run], pattern, repl: str) -> tuple[list[Run], int]:
    """``pattern.sub(repl)`` over the text of a whole paragraph, keeping each character's format.

    A conversion artefact may straddle runs ("縣(區" bold, "(qū))" not); the replacement takes the
    format of the first character it replaces.
    """
    text = "".join(r.text for r in runs)
    matches = list(pattern.finditer(text))
    if not matches:
        return runs, 0
    formats = [(r.bold, r.italic) for r in runs for _ in r.text]
    chars: list[str] = []
    fmts: list[tuple[bool, bool]] = []
    pos = 0
    for m in matches:
        chars += text[pos : m.start()]
        fmts += formats[pos : m.start()]
        chars += repl
        fmts += [formats[m.start()]] * len(repl)
        pos = m.end()
    chars += text[pos:]
    fmts += formats[pos:]
    out: list[Run] = []
    for ch, fmt in zip(chars, fmts, strict=True):
        if out and (out[-1].bold, out[-1].italic) == fmt:
            out[-1].text += ch
        else:
            out.append(Run(ch, *fmt))
    return out, len(matches)


def _clean(blocks: list[Block], *, strip_tags: bool) -> tuple[bool, list[str]]:
    """Clean characters in place; return (converted from Traditional, warnings)."""
    warnings: list[str] = []
    counts = {"removed": 0, "broken": 0}

    def fix_runs(runs: list[Run]) -> list[Run]:
        runs = [Run(chinese.clean_inline(r.text, strip_tags=strip_tags), r.bold, r.italic) for r in runs]
        runs, broken = _sub_runs(runs, chinese.BROKEN_ARTEFACT, chinese.ILLEGIBLE)
        runs, removed = _sub_runs(runs, chinese.PINYIN_ARTEFACT, "")
        counts["broken"] += broken
        counts["removed"] += removed
        return runs

    def fix_text(text: str) -> str:
        text, removed, broken = chinese.remove_pinyin_artefacts(chinese.clean_inline(text, strip_tags=strip_tags))
        counts["removed"] += removed
        counts["broken"] += broken
        return text

    for block in blocks:
        if isinstance(block, Para):
            block.runs = fix_runs(block.runs)
        elif isinstance(block, ListBlock):
            block.items = [fix_runs(item) for item in block.items]
        elif isinstance(block, Table):
            block.rows = [[Cell(fix_text(c.text), c.colspan, c.header) for c in row] for row in block.rows]
    full = "\n".join(b.text for b in blocks)
    converted = chinese.looks_traditional(full)
    if converted:
        _map_text(blocks, chinese.to_simplified)
        warnings.append(_("原文为繁体中文，已转换为简体中文，请核对。"))
    if counts["removed"]:
        warnings.append(_("已清除 %(n)d 处拼音注音乱码（如“区(qū)”）。") % {"n": counts["removed"]})
    if counts["broken"]:
        warnings.append(_("正文有 %(n)d 处乱码无法还原，已用“□”标出，请对照原文修改。") % {"n": counts["broken"]})
    return converted, warnings


def _finish(
    source_format: str,
    blocks: list[Block],
    notes: list[str],
    *,
    gazetteer: Iterable[str],
    keyword_count: int,
    keyword_max_chars: int,
    strip_tags: bool,
) -> ExtractedDocument:
    converted, clean_warnings = _clean(blocks, strip_tags=strip_tags)
    if not any(b.text.strip() for b in blocks):
        raise BadDocument(_("文档中没有可识别的文字。"), reason="no_text")
    found = analyse(blocks)
    body = [b for i, b in enumerate(blocks) if i not in found.dropped]
    body_text = render_text(body)
    doc = ExtractedDocument(
        source_format=source_format,
        title=found.title,
        document_number=found.document_number,
        signing_date=found.signing_date,
        date_source=found.date_source,
        issuing_agency=found.issuing_agency,
        co_issuing_agencies=found.co_issuing_agencies,
        body_html=render_html(body),
        body_text=body_text,
        attachments=found.attachments,
        source_index_number=found.source_index_number,
        publishing_agency=found.publishing_agency,
        source_date=found.source_date,
        source_published_on=found.source_published_on,
        converted_from_traditional=converted,
        warnings=[*found.warnings, *clean_warnings, *notes],
    )
    if found.chrome_lines:
        doc.warnings.append(_("已删除网页导航、浏览次数等无关内容 %(n)d 行。") % {"n": found.chrome_lines})
    if not body_text.strip():
        doc.warnings.append(_("未识别到正文内容。"))
    doc.keywords = propose_keywords(
        doc.title or "", body_text, keyword_count, gazetteer=gazetteer, max_chars=keyword_max_chars
    )
    return doc
