"""Partial disclosure (区分处理, SPEC R3.7): the public copy of a body without withheld passages.

Passages are exact text of one paragraph, list item or table cell. Each is replaced in the
public copy by a note naming the ground; the function checks that no withheld passage is
left in the text it returns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.catalog.ingest.html_reader import read_html
from gongkai.catalog.ingest.model import Cell, ListBlock, Para, Table
from gongkai.catalog.ingest.pipeline import _sub_runs
from gongkai.catalog.ingest.render import render_html, render_text
from gongkai.core.errors import ValidationFailed


@dataclass(frozen=True)
class Passage:
    text: str
    ground_label: str


def note_for(ground_label: str) -> str:
    return f"［此处内容{ground_label}，依法不予公开］"


def blocks_of(body_html: str):
    blocks, _warnings = read_html(body_html) if body_html.strip() else ([], [])
    return blocks


def block_texts(body_html: str) -> list[str]:
    """The text of every paragraph, list item and table cell (where a passage must lie)."""
    texts: list[str] = []
    for block in blocks_of(body_html):
        if isinstance(block, Para):
            texts.append(block.text)
        elif isinstance(block, ListBlock):
            texts += ["".join(r.text for r in item) for item in block.items]
        elif isinstance(block, Table):
            texts += [c.text for row in block.rows for c in row]
    return texts


def passage_found(body_html: str, passage: str) -> bool:
    return any(passage in text for text in block_texts(body_html))


def redact(body_html: str, passages: Iterable[Passage]) -> tuple[str, str]:
    """Return ``(public_html, public_text)`` with every passage replaced by its note."""
    passages = [p for p in passages if p.text.strip()]
    blocks = blocks_of(body_html)
    for passage in passages:
        pattern = re.compile(re.escape(passage.text))
        note = note_for(passage.ground_label)
        for block in blocks:
            if isinstance(block, Para):
                block.runs, _ = _sub_runs(block.runs, pattern, note)
            elif isinstance(block, ListBlock):
                block.items = [_sub_runs(item, pattern, note)[0] for item in block.items]
            elif isinstance(block, Table):
                block.rows = [[Cell(pattern.sub(note, c.text), c.colspan, c.header) for c in row] for row in block.rows]
    html = render_html(blocks)
    text = render_text(blocks)
    for passage in passages:
        if passage.text in text or passage.text in html:
            raise ValidationFailed("区分处理后的公开文本仍含有不予公开的内容，请检查标注。")
    return html, text


def normalise_body(body_html: str) -> tuple[str, str]:
    """Clean any HTML a user typed into the body the same way an import is cleaned."""
    blocks = blocks_of(body_html)
    return render_html(blocks), render_text(blocks)
