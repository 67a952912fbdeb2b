"""Warning levels: cited thresholds, reasons in Chinese, rising levels, the hook, manual changes."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.notifications.models import Notification
from gongkai.opinion import services, signals
from gongkai.opinion.models import Event, EventLevelChange, Post
from gongkai.opinion.pipeline.levels import Metrics, evaluate, load_thresholds
from gongkai.rules.models import RuleRecord
from gongkai.rules.selectors import rule_value

from .monitoring_fixtures import *  # noqa: F403
from .monitoring_fixtures import rec

ROOT = "敖勒召其镇多个小区自来水停水已经三天了，居民生活非常困难，打了很多次电话也没有人来处理。"


@pytest.fixture
def low_thresholds(county):
    """Local thresholds of the banner (a rule record per level), small enough for a test."""
    start = dt.date(2020, 1, 1)
    for key, value in [
        ("opinion.warning_yellow", {"any": [{"min_volume": 3}]}),
        ("opinion.warning_orange", {"any": [{"min_volume": 5}]}),
        (
            "opinion.warning_red",
            {"any": [{"min_volume": 8}, {"categories": ["emergency_disaster"], "sensitive": True, "min_volume": 2}]},
        ),
    ]:
        RuleRecord.objects.create(
            key=key, jurisdiction=county, value=value, effective_from=start, citation="测试用本地规则", note=""
        )


@pytest.fixture
def hooks():
    raised, changed = [], []

    def on_raised(sender, event_id, level, reason, raised_at, **kw):
        raised.append((event_id, level, reason))

    def on_changed(sender, event_id, old_level, new_level, reason, kind, actor, **kw):
        changed.append((event_id, old_level, new_level, kind))

    signals.warning_raised.connect(on_raised, dispatch_uid="test-raised")
    signals.level_changed.connect(on_changed, dispatch_uid="test-changed")
    yield raised, changed
    signals.warning_raised.disconnect(dispatch_uid="test-raised")
    signals.level_changed.disconnect(dispatch_uid="test-changed")


def ingest(source, rows, capture):
    with capture(execute=True):
        return services.ingest_records(source=source, rows=rows, channel="api")


def reposts(start, n):
    return [rec(f"r{i}", "", kind="repost", repost_of="root", minutes=i) for i in range(start, start + n)]


def test_shipped_thresholds_are_cited_platform_defaults(db):
    for key in ("opinion.warning_yellow", "opinion.warning_orange", "opinion.warning_red", "opinion.sensitive_terms"):
        rv = rule_value(key, None, dt.date(2026, 5, 11))
        assert "二(五)" in rv.citation and "北京市人民政府办公厅" in rv.citation
        assert rv.record.note.startswith("阈值为平台默认值")
    assert rule_value("opinion.warning_orange", None, dt.date(2026, 5, 11)).value["any"][0] == {
        "min_volume": 500,
        "min_negative_share": 50,
    }


def test_evaluate_names_the_criterion_that_holds(db):
    t = load_thresholds(None, dt.date(2026, 5, 11))
    level, reason = evaluate(Metrics(volume=612, growth=40, negative_share=64.0, judged=600), t)
    assert (level, reason) == (
        "orange",
        "橙色（复杂敏感事件），因为声量 612 条（阈值 ≥ 500 条）且负面占比 64%（阈值 ≥ 50%）。",
    )
    level, reason = evaluate(Metrics(volume=12, growth=1), t)
    assert (level, reason) == (
        "blue",
        "蓝色（一般性问题），因为未达到黄色预警的任一条件（声量 12 条，最近一小时新增 1 条）。",
    )
    level, reason = evaluate(Metrics(volume=1200, category="emergency_disaster", judged=10), t)
    assert (level, reason) == (
        "red",
        "红色（重大突发事件），因为类别为“突发事件/自然灾害”且声量 1200 条（阈值 ≥ 1000 条）。",
    )


def test_levels_rise_as_the_event_grows_with_reasons_and_the_hook_fires_once(
    source, low_thresholds, hooks, monitor, chengchuan_monitor, other_county_monitor, django_capture_on_commit_callbacks
):
    raised, changed = hooks
    # 1 post: blue
    ingest(source, [rec("root", ROOT)], django_capture_on_commit_callbacks)
    event = Post.objects.get(external_id="root").event
    assert (event.level, event.level_reason) == (
        "blue",
        "蓝色（一般性问题），因为未达到黄色预警的任一条件（声量 1 条，最近一小时新增 1 条）。",
    )
    # 3 posts: yellow
    ingest(source, reposts(1, 2), django_capture_on_commit_callbacks)
    event.refresh_from_db()
    assert (event.level, event.level_reason) == ("yellow", "黄色（社会热点事件），因为声量 3 条（阈值 ≥ 3 条）。")
    assert raised == []
    # 5 posts: orange — the first warning
    ingest(source, reposts(3, 2), django_capture_on_commit_callbacks)
    event.refresh_from_db()
    assert (event.level, event.level_reason) == ("orange", "橙色（复杂敏感事件），因为声量 5 条（阈值 ≥ 5 条）。")
    assert event.warned_at is not None
    assert raised == [(event.pk, "orange", "橙色（复杂敏感事件），因为声量 5 条（阈值 ≥ 5 条）。")]
    # 8 posts: red — the level rises, the hook does not fire again
    ingest(source, reposts(5, 3), django_capture_on_commit_callbacks)
    event.refresh_from_db()
    assert event.level == "red"
    assert len(raised) == 1
    assert [c[1:] for c in changed] == [
        ("blue", "yellow", "auto"),
        ("yellow", "orange", "auto"),
        ("orange", "red", "auto"),
    ]
    history = list(EventLevelChange.objects.filter(event=event).values_list("from_level", "to_level", "kind", "actor"))
    assert history == [
        ("", "blue", "auto", None),
        ("blue", "yellow", "auto", None),
        ("yellow", "orange", "auto", None),
        ("orange", "red", "auto", None),
    ]
    # the monitors covering the township were told once; the others not at all
    notices = Notification.objects.filter(event="opinion.warning_raised")
    assert sorted(set(notices.values_list("recipient__username", flat=True))) == ["monitor"]
    assert notices.filter(channel="in_app").count() == 1
    assert notices.get(channel="in_app").subject == f"【橙色预警】{event.title}"


def test_red_by_category_and_sensitive_terms(source, low_thresholds, hooks, django_capture_on_commit_callbacks):
    raised, _changed = hooks
    text = "敖勒召其镇一化工厂发生爆炸，现场浓烟滚滚，已造成人员伤亡，消防正在救援"
    ingest(
        source,
        [rec("boom", text), rec("b1", "", kind="repost", repost_of="boom", minutes=1)],
        django_capture_on_commit_callbacks,
    )
    event = Post.objects.get(external_id="boom").event
    assert event.category == "emergency_disaster"
    assert event.sensitive_terms == ["伤亡", "爆炸"]
    assert event.level == "red"
    assert (
        event.level_reason
        == "红色（重大突发事件），因为类别为“突发事件/自然灾害”且含敏感词“伤亡、爆炸”且声量 2 条（阈值 ≥ 2 条）。"
    )
    assert [r[1] for r in raised] == ["red"]


def test_manual_change_is_audited_and_holds_until_the_event_grows_past_it(
    source, low_thresholds, hooks, monitor, django_capture_on_commit_callbacks
):
    raised, changed = hooks
    ingest(source, [rec("root", ROOT), *reposts(1, 4)], django_capture_on_commit_callbacks)
    event = Post.objects.get(external_id="root").event
    assert event.level == "orange"
    # when a monitor lowers it
    with django_capture_on_commit_callbacks(execute=True):
        services.event_set_level(
            actor=monitor, event=event, level="yellow", reason="经核实为个别小区管道检修，影响有限"
        )
    event.refresh_from_db()
    assert (event.level, event.manual_level, event.manual_base_level) == ("yellow", "yellow", "orange")
    assert event.level_reason == "黄色（社会热点事件），人工下调：经核实为个别小区管道检修，影响有限"
    last = EventLevelChange.objects.filter(event=event).last()
    assert (last.from_level, last.to_level, last.kind, last.actor, last.reason) == (
        "orange",
        "yellow",
        "manual",
        monitor,
        "经核实为个别小区管道检修，影响有限",
    )
    audit = AuditEvent.objects.get(event="opinion.event.level_changed")
    assert audit.data == {
        "old": {"level": "orange"},
        "new": {"level": "yellow"},
        "reason": "经核实为个别小区管道检修，影响有限",
    }
    assert audit.actor == monitor
    assert changed[-1] == (event.pk, "orange", "yellow", "manual")
    # more posts, still orange by the rules: the person's level holds
    ingest(source, reposts(5, 1), django_capture_on_commit_callbacks)
    event.refresh_from_db()
    assert (event.level, event.auto_level) == ("yellow", "orange")
    # the event grows past what it was when the person decided: red
    ingest(source, reposts(6, 3), django_capture_on_commit_callbacks)
    event.refresh_from_db()
    assert (event.level, event.manual_level) == ("red", "")
    assert (
        event.level_reason
        == "红色（重大突发事件），因为声量 9 条（阈值 ≥ 8 条）。（事件发展超过人工调整时的研判，自动升级。）"
    )
    assert len(raised) == 1  # warned once, at orange


def test_manual_raise_fires_the_hook_once(source, hooks, monitor, django_capture_on_commit_callbacks):
    raised, _changed = hooks
    ingest(source, [rec("root", ROOT)], django_capture_on_commit_callbacks)
    event = Post.objects.get(external_id="root").event
    with django_capture_on_commit_callbacks(execute=True):
        services.event_set_level(actor=monitor, event=event, level="red", reason="涉及饮水安全，上级要求重点关注")
    with django_capture_on_commit_callbacks(execute=True):
        services.event_set_level(actor=monitor, event=event, level="orange", reason="已恢复部分供水")
    with django_capture_on_commit_callbacks(execute=True):
        services.event_set_level(actor=monitor, event=event, level="red", reason="再次停水")
    assert [(eid, level) for eid, level, _r in raised] == [(event.pk, "red")]
    assert Notification.objects.filter(event="opinion.warning_raised", channel="in_app").count() == 1


@pytest.mark.parametrize("who", ["anonymous", "other_county", "other_township", "unit_admin"])
def test_manual_change_denied_changes_nothing(
    source, monitor, chengchuan_monitor, other_county_monitor, unit_admin, who, django_capture_on_commit_callbacks
):
    ingest(source, [rec("root", ROOT)], django_capture_on_commit_callbacks)
    event = Post.objects.get(external_id="root").event
    actor = {
        "anonymous": AnonymousUser(),
        "other_county": other_county_monitor,
        "other_township": chengchuan_monitor,
        "unit_admin": unit_admin,
    }[who]
    history_before = EventLevelChange.objects.count()
    audit_before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied) as err:
        services.event_set_level(actor=actor, event=event, level="red", reason="越权调整")
    assert err.value.message == "只有事件涉及单位的舆情监测人员或系统管理员可以调整预警级别。"
    event.refresh_from_db()
    assert (event.level, event.manual_level, event.warned_at) == ("blue", "", None)
    assert EventLevelChange.objects.count() == history_before
    assert AuditEvent.objects.count() == audit_before


def test_manual_change_by_township_monitor_and_sysadmin(
    source, chengchuan_monitor, sysadmin, django_capture_on_commit_callbacks
):
    ingest(source, [rec("cc", "城川镇中学食堂饭菜有异味，家长担心孩子的健康")], django_capture_on_commit_callbacks)
    event = Post.objects.get(external_id="cc").event
    services.event_set_level(actor=chengchuan_monitor, event=event, level="yellow", reason="家长关注度高")
    services.event_set_level(actor=sysadmin, event=event, level="blue", reason="已处置")
    event.refresh_from_db()
    assert event.level == "blue"
    assert list(
        EventLevelChange.objects.filter(event=event, kind="manual").values_list("actor__username", flat=True)
    ) == [
        "cc-monitor",
        "sysadmin",
    ]


@pytest.mark.parametrize(
    "level, reason, message",
    [
        ("purple", "理由", "请选择预警级别。"),
        ("red", "  ", "请填写调整理由。"),
        ("blue", "同级", "新级别与当前级别相同。"),
    ],
)
def test_manual_change_bad_input(source, monitor, level, reason, message, django_capture_on_commit_callbacks):
    ingest(source, [rec("root", ROOT)], django_capture_on_commit_callbacks)
    event = Post.objects.get(external_id="root").event
    with pytest.raises(ValidationFailed) as err:
        services.event_set_level(actor=monitor, event=event, level=level, reason=reason)
    assert err.value.message == message
    assert Event.objects.get(pk=event.pk).level == "blue"
