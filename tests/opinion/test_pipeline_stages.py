"""The batch pipeline's stages (``pipeline.stages.Batch``), each run alone."""

import datetime as dt

from django.db import transaction

from gongkai.opinion import services
from gongkai.opinion.enums import LinkMethod, WarningLevel
from gongkai.opinion.ingest.records import parse_records
from gongkai.opinion.models import Event, Post
from gongkai.opinion.pipeline import levels
from gongkai.opinion.pipeline import state as state_mod
from gongkai.opinion.pipeline.delta import Delta
from gongkai.opinion.pipeline.prepare import prepare
from gongkai.opinion.pipeline.results import Warnings
from gongkai.opinion.pipeline.stages import Batch

from .monitoring_fixtures import *  # noqa: F403
from .monitoring_fixtures import at, rec

TEXT = "敖勒召其镇的自来水已经停了三天，小区居民苦不堪言，希望镇政府尽快回应"


def make_batch(source, rows, now=None):
    now = now or at(hh=12)
    good, rejected = parse_records(rows)
    assert rejected == []
    records = [r for _i, r in good]
    return Batch(source, records, prepare(source, records, now), now, state_mod.get())


def test_drop_existing_leaves_out_the_stored_records(source):
    services.ingest_records(source=source, rows=[rec("a1", TEXT)], channel="api")
    b = make_batch(source, [rec("a1", TEXT), rec("a2", "城川镇的中学食堂，饭菜有异味", minutes=5)])
    assert b.drop_existing() is True
    assert [r.external_id for r in b.new] == ["a2"]
    assert b.result.existing == 1
    # a batch of stored records only: nothing left
    assert make_batch(source, [rec("a1", TEXT)]).drop_existing() is False


def test_assign_links_a_repost_to_its_source_of_the_same_batch_and_writes_nothing(source):
    state_mod.reset()
    b = make_batch(source, [rec("r1", "转发", minutes=3, kind="repost", repost_of="p1"), rec("p1", TEXT)])
    with transaction.atomic():
        assert b.drop_existing()
        b.lookup_known()
        b.assign()
    # the source post is ordered first, the repost links to it and joins its (new) event
    p1, r1 = b.posts
    assert p1[2] == "p1" and r1[2] == "r1"
    assert r1[17] == p1[0]  # thread root
    assert r1[18] == LinkMethod.LINK
    assert r1[29] == p1[29] is not None  # the same event
    assert list(b.new_events) == [p1[29]]
    assert b.deltas[p1[29]].volume == 2
    # nothing is written before ``write``
    assert not Post.objects.exists() and not Event.objects.exists()
    state_mod.reset()


def test_judge_levels_returns_the_warnings_and_calls_no_service(source, monkeypatch):
    def refuse(**kw):
        raise AssertionError("the pipeline must not notify")

    monkeypatch.setattr(services, "notify_warning", refuse)
    b = make_batch(source, [rec("a1", TEXT)])
    now = b.now
    orange = Event(id=1, title="t", level=WarningLevel.ORANGE, first_seen_at=now, last_seen_at=now)
    blue = Event(id=2, title="u", level=WarningLevel.BLUE, first_seen_at=now, last_seen_at=now)
    b.deltas = {1: Delta(), 2: Delta()}
    b.events = {1: orange, 2: blue}
    none = levels.Thresholds(levels={}, sensitive_terms=(), citations={})
    b.event_thresholds = {1: none, 2: none}
    b.judge_levels()
    # the orange event keeps its level (automatic levels only rise) and is warned once
    assert orange.level == WarningLevel.ORANGE and orange.warned_at == now
    assert b.warnings.raised == [(1, WarningLevel.ORANGE, orange.level_reason)]
    assert b.warnings.changes == []
    assert blue.warned_at is None
    assert [r.event_id for r in b.level_rows] == [1, 2]


def test_run_warning_hooks_sends_the_signals_for_returned_warnings(monkeypatch):
    from gongkai.opinion import signals

    sent, notified = [], []
    monkeypatch.setattr(services, "notify_warning", lambda **kw: notified.append(kw))

    def on_changed(sender, event_id, old_level, new_level, **kw):
        sent.append((event_id, old_level, new_level))

    signals.level_changed.connect(on_changed, dispatch_uid="test-stages")
    try:
        when = dt.datetime(2026, 5, 11, tzinfo=dt.UTC)
        services.run_warning_hooks(
            Warnings(raised=[(7, "orange", "因为")], changes=[(7, "blue", "orange", "因为")], at=when)
        )
    finally:
        signals.level_changed.disconnect(dispatch_uid="test-stages")
    assert sent == [(7, "blue", "orange")]
    assert notified == [{"event_id": 7, "level": "orange", "reason": "因为"}]
