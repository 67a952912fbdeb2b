"""Links to the staff pages of an object, without naming the back office.

Kernel and domain code link to objects — a notification's link, a review page's "see the
item", a webhook's path, a statistics row — but the back office is an edge above them
(docs/architecture.md: the arrows point down), so they must not name its URLs. They ask this
registry instead:

    links.url_for(application)               # the object's staff page (key: its model label)
    links.url("opinion.event.response", 12)  # a named page, with the builder's arguments

and the back office says how each is built, once, in ``BackofficeConfig.ready``
(``gongkai/backoffice/links.py``). Another edge could register its own builders the same way.
"""

from __future__ import annotations

from collections.abc import Callable

Builder = Callable[..., str]

_builders: dict[str, Builder] = {}


class LinkNotRegistered(LookupError):
    """No edge has said how to link this object or page (a wiring error, not a user's)."""


def register(name: str, build: Builder) -> None:
    """Say how the page ``name`` is linked; ``build(*args)`` returns the path. Last one wins."""
    _builders[name] = build


def registered() -> dict[str, Builder]:
    return dict(_builders)


def url(name: str, *args) -> str:
    """The path of the page ``name`` for ``args`` (raises ``LinkNotRegistered`` if unknown)."""
    try:
        build = _builders[name]
    except KeyError:
        raise LinkNotRegistered(name) from None
    return build(*args)


def key_for(obj) -> str:
    """The registry key of a model instance: its model label, e.g. ``foi.application``."""
    return obj._meta.label_lower


def url_for(obj) -> str:
    """The staff page of a model instance."""
    return url(key_for(obj), obj)
