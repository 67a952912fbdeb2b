"""Keyword proposals with jieba (TF-IDF over nouns), for the user to edit (SPEC R2.2).

jieba is loaded lazily, once per process, in a private ``jieba.Tokenizer``
(``gongkai.core.text.private_tokenizer``) so that the words added here (the domain vocabulary
and the caller's gazetteer of organisation and place names) never change how other parts of the platform (e.g. the search index) segment text.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from pathlib import Path

from gongkai.core import text as core_text

MAX_KEYWORD_CHARS = 10  # default of SPEC R2.2 (004 附件1 (二)); callers pass the rule value as max_chars

_DATA = Path(__file__).resolve().parent / "data"
_ALLOWED_POS = ("n", "nr", "ns", "nt", "nz", "nrt", "vn", "l", "j")
_TITLE_BONUS = 0.5  # share of the best body score added to each word of the title
_NUMERIC = re.compile(r"[0-9０-９]|^[零〇○一二三四五六七八九十百千万亿两第年月日号个项条款章节次]+$")
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
_NOT_WORD = re.compile(r"[^\u4e00-\u9fffA-Za-z]")

_lock = threading.Lock()
_state: dict = {}


def _load_stopwords() -> frozenset[str]:
    lines = (_DATA / "stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def _load_idf(jieba_module) -> tuple[dict[str, float], float]:
    """jieba's IDF table (read here: importing jieba.analyse would also build unused defaults)."""
    path = Path(jieba_module.__file__).resolve().parent / "analyse" / "idf.txt"
    idf: dict[str, float] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word, _, value = line.rstrip("\n").partition(" ")
            if value:
                idf[word] = float(value)
    values = sorted(idf.values())
    return idf, values[len(values) // 2] if values else 10.0


def _engine():
    """Tokenizer, POS tagger, IDF table and stop words: built on first use, then reused."""
    if not _state:
        core_text.jieba()  # imported and set up once per process (gongkai.core.text)
        import jieba.posseg

        tokenizer = core_text.private_tokenizer()
        tokenizer.load_userdict(str(_DATA / "domain_terms.txt"))
        idf, median_idf = _load_idf(jieba)
        _state.update(
            tokenizer=tokenizer,
            tagger=jieba.posseg.POSTokenizer(tokenizer),
            idf=idf,
            median_idf=median_idf,
            stopwords=_load_stopwords(),
            added=set(),
        )
    return _state


def _tfidf(state: dict, text: str) -> dict[str, float]:
    """TF-IDF of the nouns of ``text`` (as jieba.analyse does, without its slow HMM pass)."""
    counts: dict[str, int] = {}
    total = 0
    for pair in state["tagger"].cut(text, HMM=False):
        word = pair.word
        if len(word.strip()) < 2 or pair.flag not in _ALLOWED_POS:
            continue
        counts[word] = counts.get(word, 0) + 1
        total += 1
    idf, median = state["idf"], state["median_idf"]
    return {w: n / total * idf.get(w, median) for w, n in counts.items()} if total else {}


def warm_up() -> None:
    """Load jieba now (e.g. at worker start) instead of on the first proposal."""
    with _lock:
        _engine()


def _acceptable(word: str, stopwords: frozenset[str], max_chars: int) -> bool:
    return (
        2 <= len(word) <= max_chars
        and bool(_HAS_CJK.search(word))
        and not _NOT_WORD.search(word)
        and not _NUMERIC.search(word)
        and word not in stopwords
    )


def propose_keywords(
    title: str,
    body_text: str,
    k: int = 5,
    *,
    gazetteer: Iterable[str] = (),
    max_chars: int = MAX_KEYWORD_CHARS,
) -> list[str]:
    """Up to ``k`` keywords for a document, best first, each 2–``max_chars`` characters, no stop words/numbers.

    ``gazetteer``: organisation and place names (e.g. ``鄂托克前旗``, ``政务公开``) that must stay
    whole; they join the process's private jieba dictionary (names are never removed again, which
    only ever helps segmentation).
    """
    if k <= 0 or not ((title or "").strip() or (body_text or "").strip()):
        return []
    with _lock:
        state = _engine()
        for name in gazetteer:
            name = (name or "").strip()
            if name and name not in state["added"] and " " not in name:
                state["tokenizer"].add_word(name, tag="nz")
                state["added"].add(name)
        scores = _tfidf(state, f"{title or ''}\n{body_text or ''}")
        title_words = set(_tfidf(state, title)) if title else set()
    stopwords = state["stopwords"]
    # A word of the title is a better keyword than its frequency in the body alone says.
    bonus = _TITLE_BONUS * max(scores.values(), default=1.0)
    for word in title_words:
        scores[word] = scores.get(word, 0.0) + bonus
    ranked = sorted(scores, key=lambda w: -scores[w])
    chosen: list[str] = []
    for word in ranked:
        if not _acceptable(word, stopwords, max_chars):
            continue
        if any(word in c for c in chosen):
            continue  # already covered by a longer keyword
        longer_of = [i for i, c in enumerate(chosen) if c in word]
        if longer_of:
            chosen[longer_of[0]] = word  # prefer the compound ("信息公开" → "政府信息公开")
            chosen = [c for i, c in enumerate(chosen) if i == longer_of[0] or i not in longer_of]
            continue
        chosen.append(word)
        if len(chosen) >= k:
            break
    return chosen
