"""A stand-in for ``gongkai.core.clock.now`` (everything reads time through it); tests freeze it
with ``monkeypatch.setattr(clock, "now", FrozenClock(...))`` in their ``frozen`` fixture."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


class FrozenClock:
    def __init__(self, at: dt.datetime):
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at

    def set(self, y, m, d, hh=9, mm=0) -> None:
        """Move to a local time (Asia/Shanghai), 09:00 unless told."""
        self.at = timezone.make_aware(dt.datetime(y, m, d, hh, mm))

    def advance(self, **kwargs) -> None:
        self.at += dt.timedelta(**kwargs)
