"""Letters that touch public opinion: when, within the observation window, enough complaints, calls
for help or reports concern one subject (the same place, or near-duplicate texts) and they are
rising (more in the second half of the window than in the first), they are reported to the opinion
module (``gongkai.opinion.interface.report_letters``), which forms or joins an opinion event; each
letter keeps the event's id and the event's posts carry the letters' tracking numbers (linked both
ways). Runs outside any transaction (from the sweep)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.opinion import interface as opinion
from gongkai.rules.selectors import rule_value_or_none

from ..enums import Kind, Status
from ..events import InteractionEvent
from ..models import Letter
from ..privacy import public_text
from ..rules import OPINION_LETTERS, OPINION_WINDOW
from .common import add_event

NEGATIVE_KINDS = (Kind.COMPLAINT, Kind.HELP, Kind.REPORT)


def _groups(letters: list[Letter]) -> list[list[Letter]]:
    """Letters of one subject: joined when they share a place or have near-duplicate texts."""
    parent = list(range(len(letters)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(letters):
        for j in range(i + 1, len(letters)):
            b = letters[j]
            if (a.place_id and a.place_id == b.place_id) or opinion.near_duplicate(a.simhash, b.simhash):
                parent[find(i)] = find(j)
    out: dict[int, list[Letter]] = {}
    for i, letter in enumerate(letters):
        out.setdefault(find(i), []).append(letter)
    return list(out.values())


def opinion_check(*, now: dt.datetime | None = None) -> int:
    """Report the letter groups that meet the rule; returns how many letters were reported."""
    now = now or clock.now()
    reported = 0
    offices = Letter.objects.filter(kind__in=NEGATIVE_KINDS).values_list("office_id", flat=True).distinct()
    for office_id in list(offices):
        sample = Letter.objects.filter(office_id=office_id).select_related("office__region").first()
        region = sample.office.region if sample else None
        threshold = rule_value_or_none(OPINION_LETTERS, region, now)
        window = rule_value_or_none(OPINION_WINDOW, region, now)
        if threshold is None or window is None:
            continue
        since = now - dt.timedelta(days=int(window.value))
        middle = since + (now - since) / 2
        letters = list(
            Letter.objects.filter(office_id=office_id, kind__in=NEGATIVE_KINDS, received_at__gte=since)
            .exclude(status__in=[Status.MERGED, Status.OUT_OF_SCOPE])
            .order_by("received_at", "id")
        )
        for group in _groups(letters):
            if len(group) < int(threshold.value):
                continue
            later = sum(1 for x in group if x.received_at >= middle)
            if later <= len(group) - later:
                continue
            fresh = [x for x in group if x.opinion_event_id is None]
            if not fresh:
                continue
            records = []
            for x in fresh:
                text = public_text(x)
                records.append(
                    {
                        "id": x.tracking_number,
                        "title": text["title"],
                        "text": text["content"],
                        "published_at": x.received_at.isoformat(),
                    }
                )
            events = opinion.report_letters(agency_id=office_id, records=records)
            with transaction.atomic():
                for x in fresh:
                    event_id = events.get(x.tracking_number)
                    if event_id is None:
                        continue
                    Letter.objects.filter(pk=x.pk).update(opinion_event_id=event_id)
                    add_event(x, actor=None, label=_("同一事项来信增多，已转报舆情监测"), public=False)
                    audit_log(actor=None, event=InteractionEvent.OPINION_RAISED, target=x, data={"event": event_id})
                    reported += 1
    return reported
