"""Values from a public request (a portal page or the API), checked before any query.

An id that cannot overflow a database integer, and a category or topic code that is short and
printable: anything else is treated as "no such thing" by the caller, never a 500. Shared by the
portal and the API, so it sits below both (docs/architecture.md).
"""

from __future__ import annotations

from . import selectors

MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """A database id from user input, or None (never an overflow)."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def _usable(text: str, max_length: int) -> bool:
    """Short and printable: never a NUL byte (which PostgreSQL refuses in a query parameter)."""
    return 0 < len(text) <= max_length and text.isprintable()


def category_get(code):
    """The active category of a code from user input, or None."""
    text = str(code or "").strip()
    return selectors.public_category_get(text) if _usable(text, 10) else None


def topic_get(slug):
    text = str(slug or "").strip()
    return selectors.public_topic_get(text) if _usable(text, 60) else None
