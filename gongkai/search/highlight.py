"""Snippets with ``<mark>`` highlights, built in Python from the stored text.

Both engines share this code, so a hit looks the same on SQLite and on PostgreSQL. The
text is matched in its normalised form (same length as the original, see ``text.normalise``)
and cut from the original: escaping happens on the original pieces, then ``<mark>`` is
inserted around them, so the result is safe HTML whatever the stored text holds.
"""

from __future__ import annotations

import re
from html import escape

from .text import Term, normalise

_SPACE = re.compile(r"\s+")
SNIPPET_CHARS = 120
ELLIPSIS = "…"


def _pattern(terms: list[Term]) -> re.Pattern | None:
    strings = sorted({s for t in terms for s in t.highlights if s}, key=len, reverse=True)
    if not strings:
        return None
    return re.compile("|".join(re.escape(s) for s in strings))


def _spans(text: str, terms: list[Term]) -> list[tuple[int, int, str]]:
    pattern = _pattern(terms)
    if pattern is None:
        return []
    spans: list[tuple[int, int, str]] = []
    for m in pattern.finditer(normalise(text)):
        spans.append((m.start(), m.end(), m.group()))
    return spans


def _merged(spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Touching matches become one mark: <mark>舆情回应</mark>, not two."""
    out: list[tuple[int, int]] = []
    for s, e, _ in spans:
        if out and out[-1][1] == s:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _render(text: str, spans: list[tuple[int, int, str]], start: int, end: int) -> str:
    out: list[str] = []
    pos = start
    for s, e in _merged(spans):
        if s < start or e > end:
            continue
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight(text: str, terms: list[Term]) -> str:
    """The whole ``text`` as HTML with every match marked."""
    return _render(text, _spans(text, terms), 0, len(text))


def snippet(text: str, terms: list[Term], *, size: int = SNIPPET_CHARS) -> str:
    """An HTML excerpt of about ``size`` characters around the densest group of matches."""
    text = _SPACE.sub(" ", text or "").strip()
    if not text:
        return ""
    spans = _spans(text, terms)
    if not spans:
        end = min(len(text), size)
        return escape(text[:end]) + (ELLIPSIS if end < len(text) else "")
    # Choose the window (starting a little before some match) that covers the most distinct
    # matched strings, then the most matches; the earliest on a tie.
    best = (-1, -1, 0)
    for i, (s, _, _) in enumerate(spans[:200]):
        start = max(0, s - size // 6)
        inside = [sp for sp in spans[i:] if sp[1] <= start + size]
        score = (len({sp[2] for sp in inside}), len(inside))
        if score > best[:2]:
            best = (*score, start)
    start = best[2]
    end = min(len(text), start + size)
    if end - start < size:
        start = max(0, end - size)
    # Never cut through a match.
    for s, e, _ in spans:
        if s < start < e:
            start = s
        if s < end < e:
            end = e
    html = _render(text, spans, start, end)
    return (ELLIPSIS if start > 0 else "") + html + (ELLIPSIS if end < len(text) else "")
