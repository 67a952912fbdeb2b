"""Chinese text normalisation and segmentation for the search index.

The index and the query go through exactly the same steps, so that a word typed by a
citizen meets the word stored for a document:

1. ``normalise``: full-width ASCII → half-width, Traditional → Simplified (OpenCC, when
   installed), lower case. Every step maps one character to one character where it can, so
   that positions in the normalised text are positions in the original (used to highlight).
2. ``index_tokens``: the normalised text is cut into blocks of word characters (letters,
   digits, CJK); each block is segmented with jieba's search mode without HMM (dictionary
   words only, so that the same string is segmented the same way wherever it occurs), and
   tokens keep word characters only. The index stores these tokens joined by spaces.
3. ``query_terms``: the query is segmented in jieba's precise mode; each word becomes a term
   that matches the word itself or, for long words, all of its dictionary sub-words (the
   search-mode segmentation of a document may have emitted the pieces of a longer word
   instead of the word). A lone CJK character typed as a query (not one cut out of a longer
   block, which the index holds as a token of its own) matches as a prefix of a token.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

try:  # OpenCC is optional: without it Traditional text is indexed as it is.
    import opencc

    _T2S = opencc.OpenCC("t2s")
except Exception:  # pragma: no cover - depends on the installation
    _T2S = None

# Full-width ASCII (U+FF01..U+FF5E) → ASCII; ideographic space → space. One char to one char.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20

# "Other number" characters (①, ², ½) are separators: PostgreSQL's parser drops them and the
# two engines must see the same tokens.
for _cp in range(0x20000):
    if unicodedata.category(chr(_cp)) == "No":
        _WIDTH[_cp] = 0x20

_BLOCK = re.compile(r"[^\W_]+")
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


@lru_cache(maxsize=200_000)
def _segment_block(block: str) -> tuple[str, ...]:
    return tuple(t for t in jieba.cut_for_search(block, HMM=False) if t.strip())


@lru_cache(maxsize=20_000)
def _precise_block(block: str) -> tuple[str, ...]:
    return tuple(t for t in jieba.cut(block, HMM=False) if t.strip())


def index_tokens(text: str) -> list[str]:
    """Tokens of ``text`` for the index (normalised, jieba search mode)."""
    tokens: list[str] = []
    for block in _BLOCK.findall(normalise(text)):
        tokens.extend(_segment_block(block))
    return tokens


def segment(text: str) -> str:
    """The space-separated token string that the index stores for ``text``."""
    return " ".join(index_tokens(text))


@dataclass(frozen=True)
class Term:
    """One word of a query: matches ``word`` (as a prefix when ``prefix``) or all of ``parts``."""

    word: str
    parts: tuple[str, ...] = ()
    prefix: bool = False

    @property
    def highlights(self) -> tuple[str, ...]:
        """Strings to mark in a snippet, longest first."""
        return tuple(sorted({self.word, *self.parts}, key=len, reverse=True))


def query_terms(query: str) -> list[Term]:
    """Terms of a user query, deduplicated, in order; every term must match (AND)."""
    terms: list[Term] = []
    seen: set[str] = set()
    for block in _BLOCK.findall(normalise(query)):
        for word in _precise_block(block):
            if word in seen:
                continue
            seen.add(word)
            if len(word) == 1 and is_cjk(word) and len(block) == 1:
                # A lone character typed as a query: any word starting with it.
                terms.append(Term(word, prefix=True))
                continue
            parts = tuple(dict.fromkeys(p for p in _segment_block(word) if p != word))
            # Parts are useful only when they cover every character of the word.
            if parts and set(word) <= set("".join(parts)):
                terms.append(Term(word, parts))
            else:
                terms.append(Term(word))
    return terms
