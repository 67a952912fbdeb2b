"""The pipeline's rumour suspicion: propagation of the source post's reposts, the model of the event's age."""

from __future__ import annotations

import pytest

from gongkai.opinion import services
from gongkai.opinion.models import Post
from gongkai.opinion.nlp import Propagation, Repost, normalise, score_many

from .monitoring_fixtures import *  # noqa: F403
from .monitoring_fixtures import rec

ROOT = "网传鄂托克前旗敖勒召其镇水库决堤了，紧急扩散！下游的村子都要被淹了，政府一直瞒着不说。"
REPOSTS = [
    # (external id, minutes after the source post, parent repost, text)
    ("r1", 3, "", "真的吗？求证"),
    ("r2", 9, "r1", "谣言吧，别信"),
    ("r3", 25, "", "转发"),
    ("r4", 70, "r3", "太吓人了"),
    ("r5", 130, "", "辟谣了，假的"),
    ("r6", 150, "r5", "不实信息"),
]


def _repost_rows(reposts):
    return [
        rec(ext, text, kind="repost", repost_of="root", minutes=m, author_id=f"u{k}", **({"parent_id": p} if p else {}))
        for k, (ext, m, p, text) in enumerate(reposts)
    ]


def _expected(reposts, watched_hours):
    """The judgement of the run-time model for the source post with these reposts, watched so long."""
    prop = Propagation(
        reposts=[Repost(m / 60.0, ext, p, f"u{k}", normalise(text)) for k, (ext, m, p, text) in enumerate(reposts)],
        hours=watched_hours,
    )
    (j,) = score_many([normalise(ROOT)], [prop])
    return j


def _ingest(source, rows):
    return services.ingest_records(source=source, rows=rows, channel="api")


@pytest.fixture
def watched(township_govs):
    return township_govs


@pytest.mark.parametrize("together", [True, False], ids=["same batch", "separate batches"])
def test_reposts_in_the_source_posts_batch_count_for_its_propagation(source, watched, together):
    # given a source post and its reposts, in one batch or in two
    if together:
        _ingest(source, [rec("root", ROOT), *_repost_rows(REPOSTS)])
    else:
        _ingest(source, [rec("root", ROOT)])
        _ingest(source, _repost_rows(REPOSTS))

    # then the event's rumour score uses the propagation, the same either way
    event = Post.objects.get(external_id="root").event
    expected = _expected(REPOSTS, 150 / 60.0)
    assert event.rumour_horizon_hours == expected.horizon_hours == 2
    assert event.rumour == pytest.approx(expected.rumour)
    assert event.rumour_evidence == [e for e in expected.evidence if e.startswith("传播")]
    assert event.rumour_evidence  # propagation cues, not the text-only score


def test_an_event_older_than_48_hours_is_scored_by_the_48_hour_model(source, watched):
    # given a source post with its first-hours reposts
    _ingest(source, [rec("root", ROOT), *_repost_rows(REPOSTS[:3])])
    event = Post.objects.get(external_id="root").event
    assert event.rumour_horizon_hours == 0 or event.rumour_horizon_hours < 48

    # when more reposts come in, the last one more than two days after the source post
    late = [*REPOSTS[3:], ("r7", 50 * 60, "", "还在传")]
    _ingest(source, _repost_rows(late))

    # then the 48 h model judges it, on the reposts of the first 48 h
    event.refresh_from_db()
    expected = _expected(REPOSTS, 48.0)
    assert event.rumour_horizon_hours == expected.horizon_hours == 48
    assert event.rumour == pytest.approx(expected.rumour)
    assert event.rumour_evidence == [e for e in expected.evidence if e.startswith("传播")]
