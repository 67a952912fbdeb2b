"""The national default records an app ships for the rule keys it registers (one helper for every app).

An app lists its defaults as ``(key, value, effective_from, effective_to, citation, note)`` tuples
and wraps them in ``RuleDefaults``: its data migrations call ``seed(apps)`` with the historical app
registry they are given, and tests that flushed the tables call ``ensure()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

DefaultRecord = tuple[str, Any, dt.date, dt.date | None, str, str]
# (key, region code, value, effective_from, effective_to, citation, note): a local profile's record.
LocalRecord = tuple[str, str, Any, dt.date, dt.date | None, str, str]


def create_missing(RuleRecord, *, key, jurisdiction, value, start, end, citation, note) -> bool:
    """Create one record unless one with the same key, jurisdiction and start date exists."""
    if RuleRecord.objects.filter(key=key, jurisdiction=jurisdiction, effective_from=start).exists():
        return False
    RuleRecord.objects.create(
        key=key,
        jurisdiction=jurisdiction,
        value=value,
        effective_from=start,
        effective_to=end,
        citation=citation,
        note=note,
    )
    return True


class RuleDefaults:
    """National defaults, and (``local``) records of sample local profiles by region code; a region
    not in the database is skipped."""

    def __init__(self, records: Sequence[DefaultRecord], local: Sequence[LocalRecord] = ()) -> None:
        self.records = list(records)
        self.local = list(local)

    def seed(self, apps) -> int:
        """Create the records that are missing; returns how many were created."""
        RuleRecord = apps.get_model("rules", "RuleRecord")
        Region = apps.get_model("orgs", "Region")
        created = 0
        for key, value, start, end, citation, note in self.records:
            created += create_missing(
                RuleRecord, key=key, jurisdiction=None, value=value, start=start, end=end, citation=citation, note=note
            )
        for key, code, value, start, end, citation, note in self.local:
            region = Region.objects.filter(code=code).first()
            if region is not None:
                created += create_missing(
                    RuleRecord,
                    key=key,
                    jurisdiction=region,
                    value=value,
                    start=start,
                    end=end,
                    citation=citation,
                    note=note,
                )
        return created

    def ensure(self) -> bool:
        """Restore the records if a test flushed them; True when something was restored."""
        from django.apps import apps as django_apps

        from .models import RuleRecord

        keys = {r[0] for r in self.records}
        national = RuleRecord.objects.filter(key__in=keys, jurisdiction__isnull=True).count()
        if national >= len(self.records) and not self.local:
            return False
        return self.seed(django_apps) > 0
