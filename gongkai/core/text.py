"""The one place that sets up the Chinese text tools: one OpenCC converter, one jieba set-up.

Shared by search (``gongkai.search.text``), the catalogue (``gongkai.catalog.ingest``) and the
opinion pipeline (``gongkai.opinion.nlp.normalize``, ``gongkai.opinion.pipeline``); none of them
builds a converter or configures jieba itself.

- ``T2S``: OpenCC's Traditional → Simplified converter (``t2s``), built once per process when this
  module is imported; ``None`` when OpenCC is not installed (search and opinion then keep
  Traditional text as it is). ``t2s()`` returns it and raises when OpenCC is missing (the
  catalogue's conversion of a Traditional document needs it).
- ``FULL_WIDTH``: full-width ASCII (U+FF01..U+FF5E) → ASCII and the ideographic space → space,
  one character to one character; the base of the search and opinion translation tables.
- jieba is imported on first use only (its dictionary takes seconds to load; search never needs
  it). ``jieba()`` is the module with its start-up chatter silenced; its default dictionary is
  the **shared** one: the opinion pipeline segments with it (``jieba().lcut``) and adds the register's
  names to it (``add_words``). ``private_tokenizer()`` is a tokenizer of its own with a copy of
  the default dictionary, for a caller whose extra words must never change the shared
  segmentation (the catalogue's keyword proposals).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from types import ModuleType

try:  # OpenCC ships as a wheel (requirements.txt); without it Traditional text stays as it is.
    import opencc

    T2S = opencc.OpenCC("t2s")
except Exception:  # pragma: no cover - depends on the installation
    T2S = None

# Full-width ASCII (U+FF01..U+FF5E) → ASCII; ideographic space → space. One char to one char.
FULL_WIDTH: dict[int, int | None] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
FULL_WIDTH[0x3000] = 0x20


def t2s():
    """The process's OpenCC ``t2s`` converter; raises ImportError when OpenCC is not installed."""
    if T2S is None:
        raise ImportError("OpenCC (the opencc package) is not installed")
    return T2S


# --- jieba ---------------------------------------------------------------------------------------

_jieba_lock = threading.Lock()
_jieba: ModuleType | None = None
_shared_words: set[str] = set()


def jieba() -> ModuleType:
    """The jieba module, imported and set up (logging at WARNING) once per process."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import jieba as module

                module.setLogLevel(logging.WARNING)
                _jieba = module
    return _jieba


def add_words(names: Iterable[str], *, freq: int, tag: str) -> None:
    """Add ``names`` to the shared dictionary (each once per process; never removed again)."""
    module = jieba()
    for name in names:
        if name not in _shared_words:
            module.add_word(name, freq=freq, tag=tag)
            _shared_words.add(name)


def private_tokenizer():
    """A new ``jieba.Tokenizer`` holding the default dictionary, independent of the shared one."""
    module = jieba()
    tokenizer = module.Tokenizer()
    if module.dt.initialized and module.dt.dictionary == tokenizer.dictionary:
        # Another part of the process has loaded the default dictionary: copy it (fast).
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(module.dt.FREQ), module.dt.total, True
    else:
        tokenizer.initialize()
    return tokenizer
