"""The edges (back-office views, API routers, portal views) read through the apps' selectors and write
through their services: no ORM query written in an edge module. This counts ``.objects.`` in them and fails
when a module has more than is allowed below, so the number can only go down."""

from __future__ import annotations

from pathlib import Path

import gongkai

ROOT = Path(gongkai.__file__).resolve().parent

EDGE_GLOBS = ("backoffice/views/**/*.py", "api/routers/**/*.py", "portal/views*.py")

# Modules still holding direct queries, with how many and why (none today). Lower a number (or drop the
# line) when queries move to a selector; never raise one without a reason written here.
ALLOWED: dict[str, tuple[int, str]] = {}


def _counts() -> dict[str, int]:
    counts = {}
    for pattern in EDGE_GLOBS:
        for path in sorted(ROOT.glob(pattern)):
            n = path.read_text(encoding="utf-8").count(".objects.")
            if n:
                counts[path.relative_to(ROOT).as_posix()] = n
    return counts


def test_edges_do_not_grow_direct_queries():
    over = {
        name: (n, ALLOWED.get(name, (0, ""))[0]) for name, n in _counts().items() if n > ALLOWED.get(name, (0, ""))[0]
    }
    assert not over, (
        "direct ORM queries (.objects.) in edge modules, found vs allowed: "
        f"{over}; add a named selector to the owning app's selectors.py and call it instead"
    )


def test_the_globs_find_the_edges():
    # A moved or renamed edge package would otherwise make the check above pass vacuously.
    for pattern in EDGE_GLOBS:
        assert list(ROOT.glob(pattern)), pattern
