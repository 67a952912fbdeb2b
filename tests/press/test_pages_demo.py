"""Back-office pages (through the real views) and the demo loader."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.press.models import Conference

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_plan_submit_and_pages(client, planner, department, news_office, unit_admin, frozen):
    client.force_login(planner)
    assert client.get("/office/press/conferences/new/").status_code == 200
    r = client.post(
        "/office/press/conferences/new/",
        {
            "agency": department.pk,
            "kind": "conference",
            "topic": "页面策划的发布会",
            "planned_at": "2026-05-25T10:00",
            "place": "发布厅",
            "speakers": "发言人",
            "talking_points": "口径",
            "risk_assessment": "低",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    c = Conference.objects.get(topic="页面策划的发布会")
    client.post(f"/office/press/conferences/{c.pk}/submit/", {"comment": ""})
    c.refresh_from_db()
    assert c.status == "under_review"
    # The news office decides on the review page of the review engine.
    client.force_login(news_office)
    page = client.get(f"/office/press/conferences/{c.pk}/").content.decode()
    assert "同级政府新闻办审批" in page or "新闻发布会审批" in page
    for url in (
        "/office/press/conferences/",
        "/office/press/interviews/",
        "/office/press/spokespersons/",
        "/office/press/compliance/",
        "/office/press/spokespersons/export.xlsx",
    ):
        assert client.get(url).status_code == 200, url


def test_refused_action_shows_chinese_message(client, planner, department, plan_values):
    from gongkai.press import services

    c = services.conference_plan(actor=planner, agency=department, **plan_values)
    client.force_login(planner)
    r = client.post(f"/office/press/conferences/{c.pk}/announce/")
    assert r.status_code == 409 and "不能执行" in r.content.decode()


def test_upload_through_the_page_refuses_wrong_type(
    client, planner, department, plan_values, news_office, unit_admin, frozen
):
    from gongkai.press import services

    from .helpers import approve_all

    c = services.conference_plan(actor=planner, agency=department, **plan_values)
    services.conference_submit(actor=planner, conference=c)
    approve_all(c, news_office, unit_admin)
    services.conference_hold(actor=planner, conference=c, held_at=frozen())
    client.force_login(planner)
    r = client.post(
        f"/office/press/conferences/{c.pk}/media/",
        {"kind": "video", "title": "", "file": SimpleUploadedFile("x.exe", b"MZ" * 10)},
    )
    assert r.status_code == 422 and "只接受" in r.content.decode()
    assert c.media.count() == 0


def test_other_unit_cannot_open_the_plan(client, outsider, planner, department, plan_values):
    from gongkai.press import services

    c = services.conference_plan(actor=planner, agency=department, **plan_values)
    client.force_login(outsider)
    assert client.get(f"/office/press/conferences/{c.pk}/").status_code == 404


def test_demo_loader_is_idempotent(frozen, settings):
    from gongkai.orgs.demo import load_demo
    from gongkai.press.demo import load_demo_press

    load_demo()
    first = load_demo_press()
    assert first == {"filings": 2, "conferences": 1, "interviews": 1}
    assert load_demo_press() == {"filings": 0, "conferences": 0, "interviews": 0}
    c = Conference.objects.get()
    assert c.status == "published"


def test_assessment_figure_links_list_the_records(
    client, news_office, planner, department, plan_values, unit_admin, frozen
):
    import datetime as dt

    from gongkai.press import interface

    from .helpers import held_conference

    held = held_conference(
        planner=planner,
        agency=department,
        approvers=(news_office, unit_admin),
        values=plan_values,
        held_at=frozen(),
        frozen=frozen,
    )
    figure = next(
        f
        for f in interface.assessment_figures(
            agency_id=department.pk, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
        )
        if f["key"] == "press.conferences_held"
    )
    client.force_login(news_office)
    page = client.get(figure["url"]).content.decode()
    assert held.topic in page
    assert plan_values["topic"] not in client.get(figure["url"].replace("2026-12-31", "2026-01-31")).content.decode()
