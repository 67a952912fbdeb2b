"""Back-office pages and staff API of monitoring: scope, plan editing with preview, import, levels, tokens."""

import json

import pytest

from gongkai.core import clock
from gongkai.opinion import services
from gongkai.opinion.models import EventLevelChange, MonitoringPlan, Post, Source

from .monitoring_fixtures import *  # noqa: F403
from .monitoring_fixtures import at, rec

OFFICE = "/office/opinion"
ROOT = "敖勒召其镇多个小区自来水停水已经三天了，居民生活非常困难，打了很多次电话也没有人来处理。"


@pytest.fixture
def event(source):
    services.ingest_records(source=source, rows=[rec("root", ROOT)], channel="api")
    return Post.objects.get(external_id="root").event


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: at(2026, 5, 11, 18, 0))


def test_anonymous_is_sent_to_sign_in(client, db):
    for path in ("/events/", "/posts/", "/plans/", "/sources/", "/import/", "/aliases/"):
        assert client.get(OFFICE + path).status_code == 302


def test_staff_without_a_monitoring_role_is_refused(client, unit_admin):
    client.force_login(unit_admin)
    page = client.get(OFFICE + "/events/")
    assert page.status_code == 403
    assert "只有舆情监测人员" in page.content.decode()


def test_event_list_and_page_are_scoped(client, event, monitor, chengchuan_monitor, other_county_monitor):
    client.force_login(monitor)
    listing = client.get(OFFICE + "/events/").content.decode()
    assert event.title in listing
    page = client.get(f"{OFFICE}/events/{event.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "蓝色预警（一般性问题）" in text and "未达到黄色预警的任一条件" in text
    assert "敖勒召其镇人民政府" in text and 'name="reason"' in text
    for other in (chengchuan_monitor, other_county_monitor):
        client.force_login(other)
        assert event.title not in client.get(OFFICE + "/events/").content.decode()
        assert client.get(f"{OFFICE}/events/{event.pk}/").status_code == 404
        assert client.get(f"{OFFICE}/posts/{event.source_post_id}/").status_code == 404


def test_level_change_form(client, event, monitor):
    client.force_login(monitor)
    bad = client.post(f"{OFFICE}/events/{event.pk}/", {"level": "orange", "reason": ""})
    assert bad.status_code == 422 and "这个字段是必填项" in bad.content.decode()
    ok = client.post(f"{OFFICE}/events/{event.pk}/", {"level": "orange", "reason": "涉及饮水安全"})
    assert ok.status_code == 302
    event.refresh_from_db()
    assert (event.level, event.level_reason) == ("orange", "橙色（复杂敏感事件），人工上调：涉及饮水安全")
    page = client.get(f"{OFFICE}/events/{event.pk}/").content.decode()
    assert "人工调整" in page and "涉及饮水安全" in page


def test_level_change_form_denied_for_a_viewer_of_another_unit(client, event, chengchuan_monitor, township_govs):
    from gongkai.orgs.enums import Role

    from ..factories import UserFactory, grant

    # a news-office viewer of the banner sees the event but may not change the level
    viewer = UserFactory(username="news")
    grant(viewer, Role.NEWS_OFFICE, event.agencies.first())
    client.force_login(viewer)
    page = client.get(f"{OFFICE}/events/{event.pk}/")
    assert page.status_code == 200 and 'name="reason"' not in page.content.decode()
    denied = client.post(f"{OFFICE}/events/{event.pk}/", {"level": "red", "reason": "越权"})
    assert denied.status_code == 403
    event.refresh_from_db()
    assert event.level == "blue" and EventLevelChange.objects.filter(kind="manual").count() == 0


def test_event_status_actions(client, event, monitor):
    client.force_login(monitor)
    client.post(f"{OFFICE}/events/{event.pk}/status/", {"action": "dismiss", "reason": ""})
    event.refresh_from_db()
    assert event.status == "active"
    client.post(f"{OFFICE}/events/{event.pk}/status/", {"action": "dismiss", "reason": "与本地无关"})
    event.refresh_from_db()
    assert event.status == "dismissed"
    client.post(f"{OFFICE}/events/{event.pk}/status/", {"action": "dismiss", "reason": "再次"})
    event.refresh_from_db()
    assert event.status == "dismissed"
    client.post(f"{OFFICE}/events/{event.pk}/status/", {"action": "reopen"})
    event.refresh_from_db()
    assert event.status == "active"


def test_post_list_filters(client, source, monitor):
    services.ingest_records(
        source=source,
        rows=[rec("a", ROOT), rec("b", "城川镇中学食堂饭菜有异味"), rec("c", "今天天气很好")],
        channel="api",
    )
    client.force_login(monitor)
    text = client.get(OFFICE + "/posts/?q=食堂").content.decode()
    assert "今天天气很好" in client.get(OFFICE + "/posts/?q=天氣").content.decode()
    assert "城川镇中学食堂饭菜有异味" in text and "今天天气很好" not in text
    event_id = Post.objects.get(external_id="a").event_id
    text = client.get(f"{OFFICE}/posts/?event={event_id}").content.decode()
    assert "敖勒召其镇多个小区" in text and "城川镇中学" not in text
    detail = client.get(f"{OFFICE}/posts/{Post.objects.get(external_id='b').pk}/").content.decode()
    assert "原文（按接收原样）" in detail and "城川镇人民政府" in detail


def test_plan_create_with_preview_and_chinese_errors(client, source, monitor, banner, frozen):
    # given posts of the last day and of last week
    services.ingest_records(
        source=source,
        rows=[
            rec("y1", "敖勒召其镇停水三天", minutes=60 * 8),
            rec("y2", "敖勒召其镇停水应急演练", minutes=60 * 8 + 1),
            {"id": "old", "text": "敖勒召其镇停水", "published_at": "2026-05-01T09:00:00+08:00"},
        ],
        channel="api",
    )
    client.force_login(monitor)
    form = {
        "agency": banner.pk,
        "name": "停水",
        "expression": "敖勒召其镇 停水 NOT 演练",
        "description": "",
        "is_active": "on",
    }
    # preview: what it would have caught in the last 24 hours, nothing saved
    preview = client.post(OFFICE + "/plans/new/", {**form, "action": "preview"})
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "检查 2 条信息，命中 1 条" in text and "敖勒召其镇停水三天" in text
    assert MonitoringPlan.objects.count() == 0
    # a bad expression: the Chinese error, nothing saved
    bad = client.post(OFFICE + "/plans/new/", {**form, "expression": "停水 AND (", "action": "save"})
    assert bad.status_code == 422
    assert "表达式不完整：末尾缺少关键词。" in bad.content.decode()
    assert MonitoringPlan.objects.count() == 0
    # save
    saved = client.post(OFFICE + "/plans/new/", {**form, "action": "save"})
    plan = MonitoringPlan.objects.get()
    assert saved.status_code == 302 and saved.url == f"{OFFICE}/plans/{plan.pk}/"
    page = client.get(saved.url).content.decode()
    assert "敖勒召其镇，且停水，且不含演练" in page
    # the saved plan's page previews on request
    again = client.post(
        saved.url, {"name": "停水", "expression": "敖勒召其镇 停水", "action": "preview"}
    ).content.decode()
    assert "检查 2 条信息，命中 2 条" in again
    assert MonitoringPlan.objects.get().expression == "敖勒召其镇 停水 NOT 演练"


def test_plan_page_of_another_unit_is_not_visible(client, monitor, banner, other_county_monitor):
    plan = services.plan_create(actor=monitor, agency=banner, name="方案", expression="停水")
    client.force_login(other_county_monitor)
    assert client.get(f"{OFFICE}/plans/{plan.pk}/").status_code == 404


def test_import_page(client, source, monitor):
    client.force_login(monitor)
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = "编号,正文,发布时间\nf1,敖勒召其镇停水,2026-05-11 09:00\nf2,,2026-05-11 09:00\n".encode()
    page = client.post(
        OFFICE + "/import/", {"source": source.pk, "file": SimpleUploadedFile("导出.csv", data), "column_map": ""}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "新增 1 条，已存在 0 条，拒收 1 条" in text
    assert "正文（text）和标题（title）不能都为空。" in text
    bad_map = client.post(
        OFFICE + "/import/", {"source": source.pk, "file": SimpleUploadedFile("a.csv", data), "column_map": "正文"}
    )
    assert bad_map.status_code == 422 and "列映射第 1 行应写作“字段=列名”" in bad_map.content.decode()
    assert Post.objects.count() == 1


def test_source_page_issues_a_token_shown_once(client, source, monitor, outsider):
    client.force_login(monitor)
    page = client.post(f"{OFFICE}/sources/{source.pk}/", {"action": "issue_token"})
    text = page.content.decode()
    assert "只显示这一次" in text
    token = text.split("<code>gko_", 1)[1].split("</code>", 1)[0]
    assert services.source_authenticate("gko_" + token).pk == source.pk
    assert ("gko_" + token) not in client.get(f"{OFFICE}/sources/{source.pk}/").content.decode()
    client.force_login(outsider)
    assert client.get(f"{OFFICE}/sources/{source.pk}/").status_code in (403, 404)
    assert Source.objects.get(pk=source.pk).token_hint == ("gko_" + token)[:10]


def test_staff_event_api(client, event, monitor, other_county_monitor):
    client.force_login(monitor)
    listing = client.get("/api/v1/opinion/events").json()
    assert [e["id"] for e in listing] == [event.pk]
    detail = client.get(f"/api/v1/opinion/events/{event.pk}").json()
    assert detail["level"] == "blue" and detail["history"][0]["to_level"] == "blue"
    changed = client.post(
        f"/api/v1/opinion/events/{event.pk}/level",
        data=json.dumps({"level": "yellow", "reason": "关注度上升"}),
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["level"] == "yellow"
    client.force_login(other_county_monitor)
    assert client.get("/api/v1/opinion/events").json() == []
    assert client.get(f"/api/v1/opinion/events/{event.pk}").status_code == 404
    denied = client.post(
        f"/api/v1/opinion/events/{event.pk}/level",
        data=json.dumps({"level": "red", "reason": "越权"}),
        content_type="application/json",
    )
    assert denied.status_code == 404
    event.refresh_from_db()
    assert event.level == "yellow"


def test_alias_page(client, monitor, township_govs):
    client.force_login(monitor)
    page = client.post(OFFICE + "/aliases/", {"alias": "敖镇", "target": f"a{township_govs[0].pk}"})
    assert page.status_code == 302
    assert "敖镇" in client.get(OFFICE + "/aliases/").content.decode()
    again = client.post(OFFICE + "/aliases/", {"alias": "敖镇", "target": f"a{township_govs[0].pk}"})
    assert again.status_code == 422 and "别名“敖镇”已存在。" in again.content.decode()


def test_menu_has_the_monitoring_group(client, monitor):
    client.force_login(monitor)
    text = client.get(OFFICE + "/events/").content.decode()
    for label in ("舆情事件", "舆情信息", "监测方案", "舆情来源", "数据导入"):
        assert label in text
