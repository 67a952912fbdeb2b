import datetime as dt

import pytest

from gongkai.core import clock

from ..clock import FrozenClock


@pytest.fixture
def frozen(monkeypatch):
    """Freeze gongkai.core.clock.now (everything in the outbox reads time through it)."""
    fake = FrozenClock(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC))
    monkeypatch.setattr(clock, "now", fake)
    return fake
