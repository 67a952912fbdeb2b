"""The art. 26 clock of an unpublished proactive item (rules deadlines)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.core.errors import DomainError
from gongkai.rules import services as rule_services
from gongkai.rules.enums import DeadlineStatus

from ..enums import Attribute, ItemStatus
from ..models import InformationItem

# 条例 art. 26: proactive disclosure within 20 working days of the information being formed or changed.
DISCLOSURE_RULE = "disclosure.proactive_period"

# --- The art. 26 clock ------------------------------------------------------------------------------


def _disclosure_clock_title(item: InformationItem) -> str:
    return f"主动公开期限：{item.title}"[:200]


def _sync_disclosure_clock(item: InformationItem, *, restart: bool = False, start: dt.date | None = None) -> None:
    """Give an unpublished, proactively disclosable item its art. 26 clock (from 产生时间, or
    ``start``); with ``restart`` an open clock is closed and a new one started. Items that are
    not 主动公开 have no clock. Where no rule or calendar covers the start date (before the
    2008 条例, or outside the calendar's range) the item simply has no clock."""
    current = item.disclosure_deadline
    if (
        current is not None
        and current.status != DeadlineStatus.CLOSED
        and (restart or item.attribute != Attribute.ACTIVE)
    ):
        rule_services.deadline_close(actor=None, deadline=current)
        current = None
        item.disclosure_deadline = None
    needs_clock = item.attribute == Attribute.ACTIVE and item.status != ItemStatus.PUBLISHED and item.produced_on
    if needs_clock and (current is None or current.status == DeadlineStatus.CLOSED):
        try:
            item.disclosure_deadline = rule_services.deadline_start(
                actor=None,
                target=item,
                agency=item.agency,
                rule_key=DISCLOSURE_RULE,
                start=start or item.produced_on,
                handler=item.created_by,
                title=_disclosure_clock_title(item),
            )
        except DomainError:
            item.disclosure_deadline = None
    InformationItem.objects.filter(pk=item.pk).update(disclosure_deadline=item.disclosure_deadline)


def _stop_disclosure_clock(item: InformationItem, at: dt.datetime) -> None:
    """At publication: close the clock and record whether the item was published after its due date."""
    deadline = item.disclosure_deadline
    if deadline is None:
        return
    if deadline.status != DeadlineStatus.CLOSED:
        deadline = rule_services.deadline_close(actor=None, deadline=deadline, at=at)
        item.disclosure_deadline = deadline
    if deadline.due_at is not None:
        item.published_late = at > deadline.due_at


def disclosure_clock_backfill() -> int:
    """Periodic (and for databases from before the clock): start the clock of every unpublished
    proactive item that lacks one, and record lateness of items published with a clock but no
    verdict yet. Idempotent; returns how many items changed."""
    changed = 0
    pending = InformationItem.objects.filter(
        attribute=Attribute.ACTIVE, disclosure_deadline__isnull=True, published_at__isnull=True
    ).exclude(status=ItemStatus.PUBLISHED)
    for item in pending.select_related("agency__region").order_by("pk")[:500]:
        with transaction.atomic():
            _sync_disclosure_clock(item)
            changed += item.disclosure_deadline is not None
    published = InformationItem.objects.filter(
        published_at__isnull=False, published_late__isnull=True, attribute=Attribute.ACTIVE
    )
    for item in published.select_related("agency__region", "disclosure_deadline").order_by("pk")[:500]:
        with transaction.atomic():
            first = item.published_at
            if item.disclosure_deadline is None:
                try:
                    item.disclosure_deadline = rule_services.deadline_start(
                        actor=None,
                        target=item,
                        agency=item.agency,
                        rule_key=DISCLOSURE_RULE,
                        start=item.produced_on,
                        title=_disclosure_clock_title(item),
                    )
                except DomainError:
                    continue
            _stop_disclosure_clock(item, first)
            InformationItem.objects.filter(pk=item.pk).update(
                disclosure_deadline=item.disclosure_deadline, published_late=item.published_late
            )
            changed += 1
    return changed
