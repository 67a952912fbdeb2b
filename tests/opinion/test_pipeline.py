"""The batch pipeline: unit recognition, duplicates, repost linking, event grouping and statistics."""

import pytest

from gongkai.opinion import services
from gongkai.opinion.enums import SourceKind
from gongkai.opinion.models import Event, EventAgency, Post, UnitAlias
from gongkai.opinion.nlp import normalise
from gongkai.opinion.pipeline import gazetteer
from tests.opinion.pipeline_helpers import reset_gazetteer

from .monitoring_fixtures import *  # noqa: F403
from .monitoring_fixtures import at, rec


def ingest(source, rows):
    return services.ingest_records(source=source, rows=rows, channel="api")


def names(ids, model):
    return sorted(model.objects.filter(pk__in=ids).values_list("name", flat=True))


@pytest.fixture
def register(township_govs, edu, health, banner):
    reset_gazetteer()
    return township_govs


def recognise(text, context=()):
    return gazetteer.current().recognise(normalise(text), context)


# --- jurisdiction and unit recognition -----------------------------------------------------------


def test_townships_by_name_and_short_name_concern_their_governments(register, county):
    from gongkai.orgs.models import Agency, Region

    # given posts naming the demo townships (full and short forms)
    r1 = recognise("敖勒召其镇的自来水已经停了三天，小区居民苦不堪言")
    r2 = recognise("城川这边的中学食堂，饭菜有异味")
    # then each names its township and concerns the township government
    assert names(r1.region_ids, Region) == ["敖勒召其镇"]
    assert names(r1.agency_ids, Agency) == ["敖勒召其镇人民政府"]
    assert names(r2.region_ids, Region) == ["城川镇"]
    assert names(r2.agency_ids, Agency) == ["城川镇人民政府"]


def test_departments_by_full_short_and_level_word_names(register):
    from gongkai.orgs.models import Agency

    # a full name is enough on its own
    assert names(recognise("鄂托克前旗教育局回应了家长的关切").agency_ids, Agency) == ["鄂托克前旗教育局"]
    # "旗教育局" / "卫健委" are generic names: accepted with a place of this banner in the post
    assert names(recognise("城川镇的学校问题，旗教育局管不管？卫健委也该查查食堂").agency_ids, Agency) == [
        "城川镇人民政府",
        "鄂托克前旗卫生健康委员会",
        "鄂托克前旗教育局",
    ]


def test_generic_name_needs_context_when_several_counties_have_it(register):
    from gongkai.orgs.models import Agency, Region

    from ..factories import AgencyFactory, RegionFactory

    other = RegionFactory(code="532923", name="祥云县")
    AgencyFactory(name="祥云县教育局", short_name="教育局", region=other)
    reset_gazetteer()
    # without a place: two 教育局 in the register → none chosen
    assert recognise("教育局什么时候回应？").agency_ids == []
    # with a place, the one of that place
    assert names(recognise("祥云县教育局什么时候回应？").agency_ids, Agency) == ["祥云县教育局"]
    assert names(recognise("祥云的家长问：教育局什么时候回应？").agency_ids, Agency) == ["祥云县教育局"]
    # with context from the source's unit
    banner_region = Region.objects.get(name="鄂托克前旗").pk
    assert names(recognise("教育局什么时候回应？", [banner_region]).agency_ids, Agency) == ["鄂托克前旗教育局"]


def test_aliases_are_recognised(register, monitor):
    from gongkai.orgs.models import Agency

    services.alias_create(actor=monitor, alias="敖镇", agency=register[0])
    reset_gazetteer()
    assert names(recognise("敖镇的停水问题").agency_ids, Agency) == ["敖勒召其镇人民政府"]
    assert UnitAlias.objects.count() == 1


def test_posts_store_recognised_units_and_events_concern_them(source, register):
    ingest(source, [rec("p1", "城川镇中学食堂饭菜有异味，旗教育局管不管")])
    post = Post.objects.get(external_id="p1")
    event = post.event
    assert sorted(EventAgency.objects.filter(event=event).values_list("agency__name", flat=True)) == [
        "城川镇人民政府",
        "鄂托克前旗教育局",
    ]
    assert list(event.regions.values_list("name", flat=True)) == ["城川镇"]


def test_irrelevant_posts_are_stored_without_an_event(source, register):
    ingest(source, [rec("x1", "今天天气很好，适合出去走走"), rec("x2", "敖勒召其镇停水了")])
    assert Post.objects.get(external_id="x1").event_id is None
    assert Post.objects.get(external_id="x2").event_id is not None
    assert Event.objects.count() == 1


# --- duplicates -----------------------------------------------------------------------------------------

LONG = "鄂托克前旗敖勒召其镇多个小区自来水停水已经三天了，居民生活非常困难，打了很多次电话也没有人来处理，希望有关部门尽快解决。"


def test_exact_and_near_duplicates_collapse_into_the_first_posts_event(source, register):
    # given a post, a copy with other punctuation and an emoticon, and a copy with one word changed
    ingest(source, [rec("d1", LONG)])
    ingest(
        source,
        [
            rec("d2", LONG.replace("，", " ").replace("。", "！！[怒]"), minutes=3),
            rec("d3", LONG.replace("三天", "四天"), minutes=5),
            rec("d4", "城川镇中学食堂饭菜有异味，家长担心孩子的健康，希望旗教育局派人来查一查。", minutes=6),
        ],
    )
    d1, d2, d3, d4 = (Post.objects.get(external_id=e) for e in ("d1", "d2", "d3", "d4"))
    # then
    assert (d2.duplicate_of_id, d2.duplicate_kind, d2.link_method) == (d1.pk, "exact", "duplicate")
    assert (d3.duplicate_of_id, d3.duplicate_kind) == (d1.pk, "near")
    assert d4.duplicate_of_id is None
    assert d1.event_id == d2.event_id == d3.event_id != d4.event_id
    event = d1.event
    event.refresh_from_db()
    assert (event.volume, event.original_count, event.duplicate_count) == (3, 1, 2)


def test_short_common_texts_are_not_duplicates(source, register):
    ingest(source, [rec("s1", "敖勒召其镇停水"), rec("s2", "敖勒召其镇停水", minutes=1)])
    assert Post.objects.filter(duplicate_of__isnull=False).count() == 0


# --- reposts and replies ------------------------------------------------------------------------------------


def test_reposts_join_their_source_through_links_across_batches(source, register):
    ingest(source, [rec("root", LONG)])
    ingest(
        source,
        [
            rec("r1", "转发微博", kind="repost", repost_of="root", minutes=10),
            rec("r2", "", kind="repost", repost_of="root", parent_id="r1", minutes=12),
            rec("c1", "真的吗？", kind="comment", parent_id="r2", minutes=13),
        ],
    )
    root, r1, r2, c1 = (Post.objects.get(external_id=e) for e in ("root", "r1", "r2", "c1"))
    assert (r1.thread_root_id, r1.parent_id, r1.link_method) == (root.pk, None, "link")
    assert (r2.thread_root_id, r2.parent_id) == (root.pk, r1.pk)
    assert (c1.thread_root_id, c1.parent_id) == (root.pk, r2.pk)
    assert {p.event_id for p in (root, r1, r2, c1)} == {root.event_id}
    root.event.refresh_from_db()
    assert root.event.volume == 4


def test_a_source_post_arriving_after_its_reposts_adopts_them(source, register):
    # given reposts whose source is not known yet
    ingest(
        source,
        [
            rec("r1", "", kind="repost", repost_of="late", minutes=5),
            rec("r2", "转发", kind="repost", repost_of="late", minutes=6),
        ],
    )
    assert Post.objects.filter(thread_root__isnull=True, repost_of_external_id="late").count() == 2
    # when the source post arrives
    ingest(source, [rec("late", LONG)])
    # then the reposts join it and its event
    late = Post.objects.get(external_id="late")
    assert set(Post.objects.filter(external_id__in=["r1", "r2"]).values_list("thread_root_id", "event_id")) == {
        (late.pk, late.event_id)
    }
    late.event.refresh_from_db()
    assert late.event.volume == 3


def test_a_repost_without_link_joins_its_source_by_quoted_text(source, register):
    ingest(source, [rec("orig", LONG)])
    # a repost with a comment and the quoted original, but no link fields
    ingest(source, [rec("q1", "太过分了！//@某网友:" + LONG[:40], kind="repost", minutes=30)])
    orig, q1 = Post.objects.get(external_id="orig"), Post.objects.get(external_id="q1")
    assert (q1.thread_root_id, q1.link_method, q1.event_id) == (orig.pk, "similarity", orig.event_id)


def test_a_relevant_reply_gives_its_thread_an_event(source, register):
    # given an unrelated original and a repost of it (no event: nothing relevant)
    ingest(
        source,
        [
            rec("o", "今天的晚霞真好看，大家都来看看吧，太美了，分享给朋友们"),
            rec("o1", "好看", kind="repost", repost_of="o", minutes=1),
        ],
    )
    assert Post.objects.filter(event__isnull=False).count() == 0
    # when a reply names a township
    ingest(source, [rec("o2", "这是在城川镇拍的吧", kind="comment", repost_of="o", minutes=2)])
    # then the whole thread forms an event seeded by the original
    event = Event.objects.get()
    assert event.source_post.external_id == "o"
    assert set(Post.objects.values_list("event_id", flat=True)) == {event.pk}
    assert event.volume == 3


# --- event grouping and statistics --------------------------------------------------------------------------


def test_posts_on_the_same_matter_group_into_one_event(source, register):
    ingest(
        source,
        [
            rec("a1", "敖勒召其镇自来水停水三天了，居民生活困难，希望尽快解决", minutes=0),
            rec("a2", "敖勒召其镇停水已经第三天了，自来水公司不管，镇政府也不回应", minutes=20),
            rec("b1", "城川镇中学食堂饭菜有异味，家长担心孩子健康", minutes=25),
        ],
    )
    ingest(source, [rec("a3", "敖勒召其镇自来水什么时候恢复？停水影响做饭", minutes=40)])
    a1, a2, a3, b1 = (Post.objects.get(external_id=e) for e in ("a1", "a2", "a3", "b1"))
    assert a1.event_id == a2.event_id == a3.event_id
    assert b1.event_id != a1.event_id
    assert Event.objects.count() == 2
    event = a1.event
    assert event.title == "敖勒召其镇自来水停水三天了，居民生活困难，希望尽快解决"
    assert "敖勒召其镇" in event.keywords and "停水" in event.keywords


def test_place_and_plan_subject_group_short_posts_that_share_little_else(source, register, monitor, banner):
    services.plan_create(actor=monitor, agency=banner, name="停水", expression="停水 / 断水 / 没水")
    ingest(
        source,
        [
            rec("w1", "城川镇又停水了，三天没水，也没有任何通知", minutes=0),
            rec("w2", "城川镇停水什么时候恢复？孩子上学都没法洗漱", minutes=10),
            # the same place without the plan's subject is another matter
            rec("x1", "城川镇中学食堂饭菜有异味，家长担心孩子健康", minutes=15),
            # the same subject in another township is another matter too
            rec("y1", "敖勒召其镇今天也停水了，居委会说在抢修管道", minutes=20),
        ],
    )
    w1, w2, x1, y1 = (Post.objects.get(external_id=e) for e in ("w1", "w2", "x1", "y1"))
    assert w1.event_id == w2.event_id
    assert len({w1.event_id, x1.event_id, y1.event_id}) == 3


def test_event_statistics(source, register, monitor, banner):
    forum = services.source_create(actor=monitor, agency=banner, name="本地论坛", kind=SourceKind.FORUM)
    news = services.source_create(actor=monitor, agency=banner, name="旗融媒体", kind=SourceKind.NEWS_PORTAL)
    ingest(source, [rec("e1", LONG, reposts=100, comments=20, likes=5, minutes=0)])
    ingest(source, [rec(f"r{i}", "真的吗", kind="repost", repost_of="e1", minutes=10 + i) for i in range(5)])
    services.ingest_records(
        source=forum, rows=[rec("f1", "敖勒召其镇停水三天没人管，太气人了，物业电话打不通", minutes=50)], channel="api"
    )
    services.ingest_records(
        source=news,
        rows=[rec("n1", "敖勒召其镇自来水停水三天，镇政府回应：正在抢修供水管道", kind="news", minutes=55)],
        channel="api",
    )
    event = Post.objects.get(external_id="e1").event
    event.refresh_from_db()
    assert event.volume == 8
    assert event.platforms == {"weibo": 6, "forum": 1, "news_portal": 1}
    assert event.media_count == 1
    assert event.engagement == 125
    assert event.first_seen_at == at(2026, 5, 11, 9, 0)
    assert event.last_seen_at == at(2026, 5, 11, 9, 55)
    assert event.growth_rate == 8.0
    assert event.top_post_ids[0] == [Post.objects.get(external_id="e1").pk, 125]
    assert event.negative_count + event.neutral_count + event.positive_count == 8
    assert event.negative_count >= 1


def test_replaying_the_same_records_leaves_events_unchanged(source, register):
    rows = [rec("a1", LONG), rec("a2", "转发", kind="repost", repost_of="a1", minutes=1)]
    ingest(source, rows)
    before = list(Event.objects.values_list("id", "volume", "level", "hourly"))
    out = ingest(source, rows)
    assert (out.created, out.existing) == (0, 2)
    assert list(Event.objects.values_list("id", "volume", "level", "hourly")) == before


def test_quoted_text_anchors_are_the_same_in_every_process():
    # anchors decide whether a repost without links joins its source; with a per-process salted hash
    # the windows chosen as anchors differed from one worker process to the next
    import subprocess
    import sys

    from gongkai.opinion.pipeline.signatures import anchors

    text = "敖勒召其镇自来水停水三天了居民生活困难希望尽快解决镇政府也不回应"
    code = "import sys; from gongkai.opinion.pipeline.signatures import anchors; print(anchors(sys.argv[1]))"
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", code, text],
            capture_output=True,
            text=True,
            check=True,
            env={**__import__("os").environ, "PYTHONHASHSEED": seed},
        ).stdout
        assert out.strip() == str(anchors(text))
    assert anchors(text)  # a text this long has anchors
