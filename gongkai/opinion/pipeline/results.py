"""What a batch returns to its caller (``services.ingest_records``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Warnings:
    """What a batch raised, for its caller to announce after the commit (``services.run_warning_hooks``):
    ``raised`` (event id, level, reason) for events that reached orange/red the first time,
    ``changes`` (event id, old level, new level, reason) for every automatic level change."""

    raised: list[tuple[int, str, str]] = field(default_factory=list)
    changes: list[tuple[int, str, str, str]] = field(default_factory=list)
    at: dt.datetime | None = None

    def __bool__(self) -> bool:
        return bool(self.raised or self.changes)


@dataclass
class BatchResult:
    received: int = 0
    created: int = 0
    existing: int = 0
    post_ids: list[int] = field(default_factory=list)
    events_created: int = 0
    events_touched: list[int] = field(default_factory=list)
    raised: list[int] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: Warnings = field(default_factory=Warnings)  # for the caller to announce after the commit
