import datetime as dt

import pytest

from gongkai.core import clock


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class FrozenClock:
    def __init__(self, at: dt.datetime):
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, **kwargs) -> None:
        self.at += dt.timedelta(**kwargs)


@pytest.fixture
def frozen(monkeypatch):
    """Freeze gongkai.core.clock.now (everything in the outbox reads time through it)."""
    fake = FrozenClock(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC))
    monkeypatch.setattr(clock, "now", fake)
    return fake
