"""Which agencies' audit events a user may read — a question ``audit`` asks but does not answer.

``audit`` sits below ``orgs`` (docs/architecture.md), so it cannot import ``orgs.permissions``,
where a person's scope is decided. ``orgs`` registers its answer here when the app registry is
ready (``OrgsConfig.ready``); the audit selectors ask ``visible_agency_ids(user)``. Keeps the
arrow one way (no ``audit`` ↔ ``orgs`` cycle), checked by ``lint-imports``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

VisibleAgencyIds = Callable[[Any], "set[int] | None"]

_provider: VisibleAgencyIds | None = None


def register_visibility(provider: VisibleAgencyIds) -> None:
    """Set the function ``user -> set of agency ids | None (= all)``; the last one registered wins."""
    global _provider
    _provider = provider


def visible_agency_ids(user) -> set[int] | None:
    """Agency ids whose events ``user`` may read; ``None`` means all (system administrator)."""
    if _provider is None:
        # Fail loudly rather than show everything or nothing: a wiring error, not a user's.
        raise ImproperlyConfigured("No audit visibility rule registered: is gongkai.orgs in INSTALLED_APPS?")
    return _provider(user)
