"""Render blocks as clean HTML and as plain text.

The HTML is built from escaped text only (the input's markup never passes through), with this
vocabulary: h2, h3, h4, p, strong, em, br, ul, ol, li, table, tbody, tr, th, td (colspan).
"""

from __future__ import annotations

import re
from html import escape

from .model import Block, Cell, ListBlock, Para, Run, Table

_WS = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")


def _merge(runs: list[Run]) -> list[Run]:
    """Collapse whitespace, strip the ends and merge neighbours of the same format."""
    merged: list[Run] = []
    for run in runs:
        text = _WS.sub(" ", run.text)
        if not text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + text, run.bold, run.italic)
        else:
            merged.append(Run(text, run.bold, run.italic))
    # strip leading/trailing whitespace of the whole line
    while merged and not merged[0].text.strip(" \n"):
        merged.pop(0)
    while merged and not merged[-1].text.strip(" \n"):
        merged.pop()
    if merged:
        merged[0] = Run(merged[0].text.lstrip(" \n"), merged[0].bold, merged[0].italic)
        merged[-1] = Run(merged[-1].text.rstrip(" \n"), merged[-1].bold, merged[-1].italic)
    # a bold run that is only spaces is not worth a <strong>
    return [Run(r.text, r.bold and bool(r.text.strip()), r.italic and bool(r.text.strip())) for r in merged]


def _inline(runs: list[Run]) -> str:
    out = []
    for run in _merge(runs):
        html = escape(run.text, quote=False).replace("\n", "<br>")
        if run.italic:
            html = f"<em>{html}</em>"
        if run.bold:
            html = f"<strong>{html}</strong>"
        out.append(html)
    return "".join(out)


def _cell(cell: Cell) -> str:
    tag = "th" if cell.header else "td"
    span = f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    text = "<br>".join(escape(_WS.sub(" ", line).strip(), quote=False) for line in cell.text.split("\n"))
    return f"<{tag}{span}>{text}</{tag}>"


def render_html(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, Para):
            inner = _inline(block.runs)
            if not inner or not re.sub(r"<[^>]+>", "", inner).strip():
                continue
            if block.heading_level:
                level = min(4, block.heading_level + 1)
                parts.append(f"<h{level}>{inner}</h{level}>")
            else:
                parts.append(f"<p>{inner}</p>")
        elif isinstance(block, ListBlock):
            items = [i for i in (_inline(item) for item in block.items) if i]
            if items:
                tag = "ol" if block.ordered else "ul"
                parts.append(f"<{tag}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{tag}>")
        elif isinstance(block, Table) and block.rows:
            rows = "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in block.rows)
            parts.append(f"<table><tbody>{rows}</tbody></table>")
    return "\n".join(parts)


def render_text(blocks: list[Block]) -> str:
    lines = []
    for block in blocks:
        if isinstance(block, Para):
            text = "".join(r.text for r in _merge(block.runs))
            if text.strip():
                lines.append(text)
        elif isinstance(block, ListBlock):
            lines += ["".join(r.text for r in _merge(item)) for item in block.items]
        elif isinstance(block, Table):
            lines += [" ".join(_WS.sub(" ", c.text).strip() for c in row) for row in block.rows]
    return "\n".join(line for line in lines if line.strip())
