"""Checks run before a role is granted, registered by higher apps at start-up.

``orgs`` sits in the kernel and may not import a domain app; an app that has something to say
about a role grant (``oversight``: 先培训后上岗, 004 附件5 第七条) registers a check in its
``AppConfig.ready``. ``services.role_grant`` runs every check: a blocking notice refuses the grant
(nothing is written), the others are warnings — written into the grant's audit event and handed
back on the assignment (``assignment.grant_warnings``) for the page to show the granting
administrator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class GrantNotice:
    message: str
    blocking: bool = False
    code: str = ""


# check(*, user, role, agency, on_date) -> list[GrantNotice]
GrantCheck = Callable[..., list[GrantNotice]]

_CHECKS: dict[str, GrantCheck] = {}


def register(name: str, check: GrantCheck) -> None:
    """Add (or replace, on a second ``ready``) the check called ``name``."""
    _CHECKS[name] = check


def run(*, user, role: str, agency, on_date: dt.date) -> list[GrantNotice]:
    notices: list[GrantNotice] = []
    for check in _CHECKS.values():
        notices.extend(check(user=user, role=role, agency=agency, on_date=on_date) or [])
    return notices
