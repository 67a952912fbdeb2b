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


class RuleDefaults:
    def __init__(self, records: Sequence[DefaultRecord]) -> None:
        self.records = list(records)

    def seed(self, apps) -> int:
        """Create the default records that are missing (same key, national, same start date)."""
        RuleRecord = apps.get_model("rules", "RuleRecord")
        created = 0
        for key, value, start, end, citation, note in self.records:
            if RuleRecord.objects.filter(key=key, jurisdiction__isnull=True, effective_from=start).exists():
                continue
            RuleRecord.objects.create(
                key=key,
                jurisdiction=None,
                value=value,
                effective_from=start,
                effective_to=end,
                citation=citation,
                note=note,
            )
            created += 1
        return created

    def ensure(self) -> bool:
        """Restore the default records if a test flushed them; True when something was restored."""
        from django.apps import apps as django_apps

        from .models import RuleRecord

        keys = {r[0] for r in self.records}
        if RuleRecord.objects.filter(key__in=keys, jurisdiction__isnull=True).count() >= len(self.records):
            return False
        return self.seed(django_apps) > 0
