"""The pipeline's parts outside ``Batch``, each alone: the batch preparation (``prepare``), an
event's delta and its merge (``delta``), the level decision and category (``figures``), and the
``statistics`` stage of ``Batch`` after ``assign``."""

from django.db import transaction

from gongkai.opinion.enums import PostKind, WarningLevel
from gongkai.opinion.ingest.records import parse_records
from gongkai.opinion.models import Event
from gongkai.opinion.pipeline import state as state_mod
from gongkai.opinion.pipeline.delta import NEGATIVE_AT, Delta, add_post, merge
from gongkai.opinion.pipeline.figures import decide_level, settle_category
from gongkai.opinion.pipeline.prepare import prepare
from gongkai.opinion.pipeline.stages import Batch

from .monitoring_fixtures import *  # noqa: F403
from .monitoring_fixtures import at, rec

TEXT = "敖勒召其镇的自来水已经停了三天，小区居民苦不堪言，希望镇政府尽快回应"


def _records(rows):
    good, rejected = parse_records(rows)
    assert rejected == []
    return [r for _i, r in good]


# --- prepare -------------------------------------------------------------------------------------------


def test_prepare_keeps_the_first_of_a_repeated_id_and_orders_originals_before_reposts(source):
    records = _records(
        [
            rec("r1", "转发", minutes=1, kind="repost", repost_of="p1"),
            rec("p1", TEXT, minutes=5),
            rec("p1", "同一编号的第二条", minutes=6),
            rec("p0", "城川镇的中学食堂，饭菜有异味", minutes=9),
        ]
    )
    prep = prepare(source, records, at(hh=12))
    # one record per external id (the first), originals in time order, then the reposts
    assert [r.external_id for r in prep.new] == ["p1", "p0", "r1"]
    assert prep.kinds[-1] == PostKind.REPOST
    assert prep.ts_list[:2] == sorted(prep.ts_list[:2])
    # every list of the preparation runs along ``new``
    for name in prep.LISTS:
        assert len(getattr(prep, name)) == 3, name
    assert prep.judged[0] is not None and prep.hashes[0] is not None
    # ``keep`` narrows all lists together
    prep.keep([2])
    assert [r.external_id for r in prep.new] == ["r1"] and len(prep.norm) == len(prep.sims) == 1


# --- delta and merge ---------------------------------------------------------------------------------------


def _post(d, *, ts, negativity, score=0, pid=1, kind=PostKind.POST, dup=False, category=""):
    add_post(
        d,
        ts=ts,
        kind=kind,
        source_kind="weibo",
        dup=dup,
        negativity=negativity,
        category=category,
        score=score,
        pid=pid,
        text="文本",
    )


def test_a_delta_counts_posts_and_merges_into_its_event():
    base = at().timestamp()
    d = Delta()
    _post(d, ts=base, negativity=NEGATIVE_AT, score=5, pid=1, category="民生")
    _post(d, ts=base + 600, negativity=0.1, score=9, pid=2, dup=True)
    _post(d, ts=base + 1200, negativity=None, pid=3)
    assert (d.volume, d.originals, d.dups) == (3, 2, 1)
    assert (d.neg, d.neu, d.pos) == (1, 0, 1)
    ev = Event(
        title="t",
        first_seen_at=at(hh=10),
        last_seen_at=at(hh=10),
        volume=2,
        negative_count=2,
        negativity_mean=0.8,
        top_post_ids=[[99, 7]],
    )
    merge(ev, d, at(hh=12))
    assert ev.volume == 5
    assert ev.negative_count == 3 and ev.positive_count == 1
    # the mean over the judged posts: (0.8 * 2 + 0.6 + 0.1) / 4
    assert ev.negativity_mean == round((0.8 * 2 + NEGATIVE_AT + 0.1) / 4, 4)
    assert ev.top_post_ids == [[2, 9], [99, 7], [1, 5], [3, 0]]
    assert ev.first_seen_at == at() and ev.last_seen_at == at(hh=10)  # the earlier post moves the start
    assert ev.platforms == {"weibo": 3}
    assert ev.category_counts == {"民生": 1}
    assert ev.growth_rate > 0


# --- level decision and category ------------------------------------------------------------------------


def _event(**kw):
    return Event(title="t", first_seen_at=at(), last_seen_at=at(), **kw)


def test_automatic_levels_only_rise():
    ev = _event(level=WarningLevel.ORANGE, level_reason="昨天")
    assert decide_level(ev, WarningLevel.BLUE, "今天") == (WarningLevel.ORANGE, "昨天")
    assert decide_level(ev, WarningLevel.RED, "更严重") == (WarningLevel.RED, "更严重")


def test_a_manual_level_holds_until_the_automatic_one_rises_past_its_base():
    ev = _event(
        level=WarningLevel.BLUE,
        level_reason="人工下调",
        manual_level=WarningLevel.BLUE,
        manual_base_level=WarningLevel.ORANGE,
    )
    assert decide_level(ev, WarningLevel.ORANGE, "自动") == (WarningLevel.BLUE, "人工下调")
    assert ev.manual_level == WarningLevel.BLUE
    level, reason = decide_level(ev, WarningLevel.RED, "自动")
    assert level == WarningLevel.RED and reason.startswith("自动") and "自动升级" in reason
    assert ev.manual_level == ""


def test_the_category_is_the_most_frequent_once_it_is_common_enough():
    ev = _event(category_counts={"民生": 1, "教育": 1}, negative_count=1, neutral_count=1)
    settle_category(ev)
    assert ev.category == ""  # one post each: not yet
    ev.category_counts = {"民生": 3, "教育": 1}
    settle_category(ev)
    assert ev.category == "民生"


# --- statistics (after assign, before write) -----------------------------------------------------------


def test_statistics_merges_the_deltas_links_the_units_and_picks_the_thresholds(source, township_govs):
    state_mod.reset()
    now = at(hh=12)
    records = _records([rec("a1", TEXT), rec("a2", "敖勒召其镇自来水停水第三天，居民要求镇政府回应", minutes=5)])
    b = Batch(source, records, prepare(source, records, now), now, state_mod.get())
    with transaction.atomic():
        assert b.drop_existing()
        b.lookup_known()
        b.assign()
        b.statistics()
    (eid,) = b.deltas
    ev = b.events[eid]
    assert ev.volume == b.deltas[eid].volume == 2
    # the township government named in the posts is linked to the event (rows written by ``write``)
    linked = {row.agency_id for row in b.link_rows if hasattr(row, "agency_id")}
    assert township_govs[0].pk in linked
    assert eid in b.event_thresholds
    assert not Event.objects.exists()
    state_mod.reset()


def test_statistics_adds_nothing_for_an_event_deleted_meanwhile(source):
    state_mod.reset()
    now = at(hh=12)
    records = _records([rec("a1", TEXT)])
    b = Batch(source, records, prepare(source, records, now), now, state_mod.get())
    b.deltas = {12345: Delta()}
    b.touched_existing = []
    with transaction.atomic():
        b.statistics()
    assert b.events == {} and b.event_thresholds == {} and b.link_rows == []
    state_mod.reset()
