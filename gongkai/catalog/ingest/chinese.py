"""Chinese-text helpers: Traditional → Simplified, conversion artefacts, dates, normalisation."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter

from gongkai.core.text import t2s

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = "a-zü" + _TONE_VOWELS

# "縣(區(qū))" — a character followed by its tone-marked pinyin in parentheses: the trace of a
# bad conversion tool. Only tone-marked lowercase pinyin right after a Chinese character is
# removed, so "(试行)", "(PPP)" or "(1)" are never touched.
PINYIN_ARTEFACT = re.compile(rf"(?<=[{CJK}])\((?=[{_PINYIN}]*[{_TONE_VOWELS}])[{_PINYIN}]{{1,7}}\)")
# "專家?guī)欤?fù)責" — the same artefact whose character was lost ("?") and whose neighbours were
# garbled; what it stood for cannot be restored, so it is marked with □ (the usual sign for an
# illegible character) and reported.
BROKEN_ARTEFACT = re.compile(
    rf"\?(?=[{_PINYIN}]*[{_TONE_VOWELS}])[{_PINYIN}]{{1,7}}\)"
    rf"(?:[{CJK}][?A-Za-z]?)?(?:\(?(?=[{_PINYIN}]*[{_TONE_VOWELS}])[{_PINYIN}]{{1,7}}\))?"
)
# HTML tags left in pasted text, including a closing tag whose "<" was garbled into "?".
_STRAY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,10}(?:\s[^<>]{0,200})?/?>|\?/[A-Za-z][A-Za-z0-9]{0,10}>")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[\u00a0\u3000\u2002\u2003\u2009\t\r\f\v]")

ILLEGIBLE = "□"


def clean_inline(text: str, *, strip_tags: bool = False) -> str:
    """Remove invisible characters and unify odd spaces (line breaks are kept)."""
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    if strip_tags:
        text = _STRAY_TAG.sub("", text)
    return text


def remove_pinyin_artefacts(text: str) -> tuple[str, int, int]:
    """Return (text, artefacts removed, illegible spots marked with □)."""
    text, broken = BROKEN_ARTEFACT.subn(ILLEGIBLE, text)
    text, removed = PINYIN_ARTEFACT.subn("", text)
    return text, removed, broken


# --- Traditional → Simplified (the process's one OpenCC converter, gongkai.core.text) ----------


def looks_traditional(text: str) -> bool:
    """True when enough of the Chinese characters are Traditional-only forms.

    Counted character by character (so phrase conversions cannot shift positions); a simplified
    text may contain a handful of characters OpenCC would change, a Traditional one contains many.
    """
    counts = Counter(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    total = sum(counts.values())
    if not total:
        return False
    conv = t2s()
    changed = sum(n for ch, n in counts.items() if conv.convert(ch) != ch)
    return changed >= 5 and changed / total >= 0.02


def to_simplified(text: str) -> str:
    return t2s().convert(text) if text else text


# --- Normalisation for matching ---------------------------------------------------------------


def nfkc(text: str) -> str:
    """Full-width digits/letters/punctuation to ASCII, for matching only (never for display)."""
    return unicodedata.normalize("NFKC", text)


def squash(text: str) -> str:
    """Form used to compare titles: NFKC without any whitespace."""
    return re.sub(r"\s+", "", nfkc(text))


# --- Dates -------------------------------------------------------------------------------------

_CN_DIGIT = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "O": 0,
    "0": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_YEAR = "〇○零O一二三四五六七八九"
_CN_SMALL = "一二三四五六七八九十"
DATE_PATTERN = (
    rf"(?P<y>(?:19|20)\d{{2}}|[{_CN_YEAR}]{{4}})\s*年\s*"
    rf"(?P<m>\d{{1,2}}|[{_CN_SMALL}]{{1,2}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|[{_CN_SMALL}]{{1,3}})\s*日"
)
DATE_RE = re.compile(DATE_PATTERN)
_ISO_DATE_RE = re.compile(r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")


def _cn_number(s: str) -> int:
    if s.isdigit():
        return int(s)
    if "十" not in s:
        return _CN_DIGIT[s] if len(s) == 1 else int("".join(str(_CN_DIGIT[c]) for c in s))
    tens, _, units = s.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[units] if units else 0)


def _to_date(y: str, m: str, d: str) -> dt.date | None:
    try:
        year = int(y) if y.isdigit() else int("".join(str(_CN_DIGIT[c]) for c in y))
        return dt.date(year, _cn_number(m), _cn_number(d))
    except (KeyError, ValueError):
        return None


def parse_cn_date(match: re.Match) -> dt.date | None:
    return _to_date(match["y"], match["m"], match["d"])


def find_dates(text: str) -> list[dt.date]:
    """All valid ``YYYY年M月D日`` dates (Arabic or Chinese numerals) in ``text``, in order."""
    found = []
    for m in DATE_RE.finditer(nfkc(text)):
        d = parse_cn_date(m)
        if d:
            found.append(d)
    return found


def parse_any_date(text: str) -> dt.date | None:
    """First date in ``text``: ``2018年11月05日``, ``二〇一八年十一月五日`` or ``2016-12-30``."""
    text = nfkc(text)
    candidates = [m for m in (DATE_RE.search(text), _ISO_DATE_RE.search(text)) if m]
    for m in sorted(candidates, key=lambda m: m.start()):
        d = _to_date(m["y"], m["m"], m["d"])
        if d:
            return d
    return None
