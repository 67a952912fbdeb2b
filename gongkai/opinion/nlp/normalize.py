"""Text normalisation before analysis (the original text is kept elsewhere, as received).

Steps, the same at training and at run time:

1. Traditional → Simplified with OpenCC (``t2s``, the converter of ``gongkai.core.text``), one
   OpenCC call per batch;
2. full-width ASCII → half-width, ideographic space → space, lower case;
3. Weibo emoticons ``[泪]``, URLs and ``@mentions`` (also the ``//@name:`` repost chains) removed;
4. white space collapsed, the text cut to ``MAX_CHARS`` characters (a post longer than that says
   what it says in its first few thousand characters; the cut keeps the cost per post bounded).

Anything that is not a string (``None``, numbers) becomes the empty string: the models score the
empty string as "nothing known" rather than raising.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gongkai.core.text import FULL_WIDTH
from gongkai.core.text import T2S as _T2S  # None without OpenCC: Traditional text stays as it is

MAX_CHARS = 2000


_WIDTH = dict(FULL_WIDTH)
_WIDTH[0x00A0] = 0x20
for _cp in (0x200B, 0x200C, 0x200D, 0xFEFF):  # zero-width characters and the byte-order mark
    _WIDTH[_cp] = None

# Emoticons: a short bracketed word without spaces, e.g. [哈哈] [爱你] [doge]. Long bracketed text is kept.
_EMOTICON = re.compile(r"\[[^\[\]\s]{1,10}\]")
_URL = re.compile(r"(?:https?://|www\.)[^\s\u3000-\u303f\uff01-\uff5e\u4e00-\u9fff]*", re.IGNORECASE)
_MENTION = re.compile(r"(?://)?@[^\s:：,，。!！?？@/()（）\[\]【】]{1,30}[:：]?")
_SPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    text = _EMOTICON.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def _as_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return ""


def normalise_many(texts: Iterable[object]) -> list[str]:
    """The normalised form of each text (see the module docstring); one OpenCC call for all."""
    raw = [_as_text(t)[: MAX_CHARS * 4] for t in texts]
    if not raw:
        return []
    # Line breaks separate the texts during the one OpenCC call, so none may stay inside a text.
    flat = [t.replace("\r", " ").replace("\n", " ") for t in raw]
    if _T2S is not None:
        joined = "\n".join(flat)
        converted = _T2S.convert(joined).split("\n")
        # OpenCC keeps line breaks; convert one by one should it ever not.
        flat = converted if len(converted) == len(flat) else [_T2S.convert(t) for t in flat]
    return [_clean(t.translate(_WIDTH).lower())[:MAX_CHARS] for t in flat]


def normalise(text: object) -> str:
    """The normalised form of one text."""
    return normalise_many([text])[0]
