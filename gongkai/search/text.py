"""Chinese text normalisation and the index/query tokens of the search index.

A query matches a document when every block of the query (a run of letters, digits and CJK
characters; spaces and punctuation separate blocks) occurs in the document's title or in its
body, after both went through the same normalisation. Chinese has no spaces, so a block is
matched as a substring: 府 finds 政府, 府信 finds 政府信息, 政政 finds only texts that repeat
政. Runs of letters and digits are matched from the start of such a run in the text (``pdf``
finds ``pdf`` and ``pdfs``, not ``xpdf``), as words are in any search engine.

1. ``normalise``: full-width ASCII → half-width, Traditional → Simplified (OpenCC, when
   installed; the one converter of ``gongkai.core.text``), lower case. Every step maps one
   character to one character where it can, so that positions in the normalised text are
   positions in the original (used to highlight).
2. ``index_tokens``: the inverted index holds, for each run of CJK characters, every
   character and every pair of adjacent characters, and every run of letters and digits
   whole (cut at ``MAX_RUN``). No dictionary is involved: the same characters give the same
   tokens whatever the segmenter's dictionary holds, in every process.
3. ``query_terms``: each block becomes a ``Term`` whose tokens every match holds (its
   characters, or the pairs of adjacent characters of a longer CJK run, its letter/digit runs
   — the last one as a prefix). For one or two CJK characters, or one run of letters and
   digits, the tokens are the exact condition. A longer block is checked once more against
   ``canonical`` text stored beside the index (``Term.verify``), so that 信息公开 does not
   find a text holding 信息 and 公开 apart: no false hits, no misses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from gongkai.core.text import FULL_WIDTH
from gongkai.core.text import T2S as _T2S  # None without OpenCC: Traditional text is indexed as it is

# Full-width ASCII → half-width (gongkai.core.text); one char to one char.
_WIDTH = dict(FULL_WIDTH)

# "Other number" characters (①, ², ½) are separators on both engines.
for _cp in range(0x20000):
    if unicodedata.category(chr(_cp)) == "No":
        _WIDTH[_cp] = 0x20

_CJK = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_BLOCK = re.compile(r"[^\W_]+")
# Within a block: a run of CJK characters, or a run of other word characters.
_RUN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_WORD_RUN = re.compile(rf"[^\W_{_CJK}]+")
# Longest letter/digit token: longer runs are indexed by their beginning (PostgreSQL caps a
# lexeme at 2 KB; nobody types more).
MAX_RUN = 64
# In ``canonical`` text, marks the start of every run of letters and digits.
RUN_START = "\x1e"
# Separates the title from the body in the stored canonical text: no block can span it.
FIELD_SEPARATOR = "\n"
# Finding whether anything needs mapping is much cheaper than str.translate with a large table.
_MAPPED = frozenset(chr(cp) for cp in _WIDTH)


def _width(text: str) -> str:
    return text if _MAPPED.isdisjoint(text) else text.translate(_WIDTH)


def is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3134F


def _t2s_char(ch: str) -> str:
    converted = _T2S.convert(ch) if _T2S is not None else ch
    return converted if len(converted) == 1 else ch


def normalise(text: str) -> str:
    """Full-width → half-width, Traditional → Simplified, lower case; same length as ``text``."""
    if not text:
        return ""
    out = _width(text)
    if _T2S is not None and not out.isascii():
        converted = _T2S.convert(out)
        # OpenCC's phrase tables keep lengths for t2s in practice; fall back to one char at a time.
        out = converted if len(converted) == len(out) else "".join(_t2s_char(ch) for ch in out)
    lowered = out.lower()
    if len(lowered) != len(out):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in out)
    return lowered


def normalise_many(texts: list[str]) -> list[str]:
    """``normalise`` of each text, with one OpenCC call for all of them."""
    if _T2S is None or not texts:
        return [normalise(t) for t in texts]
    joined = _width("\n".join(t.replace("\n", " ") for t in texts))
    parts = _T2S.convert(joined).lower().split("\n")
    if len(parts) != len(texts) or any(len(p) != len(t) for p, t in zip(parts, texts, strict=True)):
        return [normalise(t) for t in texts]
    return parts


def _run_tokens(run: str, into: dict[str, None]) -> None:
    if is_cjk(run[0]):
        into.update(dict.fromkeys(run))
        into.update(dict.fromkeys(run[i : i + 2] for i in range(len(run) - 1)))
    else:
        into[run[:MAX_RUN]] = None


def index_tokens(text: str) -> list[str]:
    """The distinct index tokens of ``text``, in order of first occurrence."""
    tokens: dict[str, None] = {}
    for block in _BLOCK.findall(normalise(text)):
        for run in _RUN.findall(block):
            _run_tokens(run, tokens)
    return list(tokens)


def segment(text: str) -> str:
    """The space-separated token string that the SQLite index stores for ``text``."""
    return " ".join(index_tokens(text))


def _canonical_block(block: str) -> str:
    return _WORD_RUN.sub(lambda m: RUN_START + m.group(), block)


def canonical(text: str, *, normalised: bool = False) -> str:
    """Normalised ``text`` as blocks separated by one space, every letter/digit run marked.

    A query block occurs in a text iff ``canonical(block)`` is a substring of
    ``canonical(text)``: separators never fall inside a block, and the run mark makes a
    letter/digit run of the query start where a run of the text starts.
    """
    return " ".join(_canonical_block(b) for b in _BLOCK.findall(text if normalised else normalise(text)))


def stored_text(title: str, body: str) -> str:
    """The canonical title and body as stored beside the index for ``Term.verify``."""
    return canonical(title) + FIELD_SEPARATOR + canonical(body)


@dataclass(frozen=True)
class Term:
    """One block of a query.

    A document matches when it holds every one of ``tokens``, a token starting with each of
    ``prefixes``, and — when ``verify`` is set — when its stored canonical text contains
    ``verify``. ``text`` is the normalised block, used to rank and to highlight.
    """

    text: str
    tokens: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    verify: str = ""

    @property
    def word(self) -> str:
        return self.text

    @property
    def highlights(self) -> tuple[str, ...]:
        """Strings to mark in a snippet."""
        return (self.text,)


def block_term(block: str) -> Term:
    """The term of one normalised query block."""
    runs = _RUN.findall(block)
    tokens: dict[str, None] = {}
    prefixes: list[str] = []
    for i, run in enumerate(runs):
        if is_cjk(run[0]):
            if len(run) == 1:
                tokens[run] = None
            else:
                tokens.update(dict.fromkeys(run[j : j + 2] for j in range(len(run) - 1)))
        elif i == len(runs) - 1:
            prefixes.append(run[:MAX_RUN])  # the text's run may go on: pdf finds pdfs
        else:
            tokens[run[:MAX_RUN]] = None  # followed by a CJK character: the whole run
    (first,) = runs[:1]
    exact = len(runs) == 1 and (len(first) <= 2 if is_cjk(first[0]) else len(first) < MAX_RUN)
    return Term(block, tuple(tokens), tuple(prefixes), "" if exact else _canonical_block(block))


def query_terms(query: str) -> list[Term]:
    """Terms of a user query, deduplicated, in order; every term must match (AND)."""
    terms: dict[str, Term] = {}
    for block in _BLOCK.findall(normalise(query)):
        if block not in terms:
            terms[block] = block_term(block)
    return list(terms.values())
