"""The JSON API of news release: public column and directory, the staff flow with typed errors."""

import datetime as dt

import pytest
from django.test import Client

from .helpers import approve_all

pytestmark = pytest.mark.django_db

BASE = "/api/v1/press"


def _plan(department, when="2026-05-25T10:00:00+08:00"):
    return {
        "agency": department.pk,
        "topic": "接口发布会",
        "planned_at": when,
        "place": "发布厅",
        "speakers": "发言人",
        "talking_points": "口径",
        "risk_assessment": "低",
    }


def test_staff_flow_and_public_column(planner, department, news_office, unit_admin, frozen):
    staff = Client()
    staff.force_login(planner)
    created = staff.post(f"{BASE}/conferences", _plan(department), content_type="application/json")
    assert created.status_code == 201, created.content
    cid = created.json()["id"]
    assert created.json()["status"] == "draft"
    public = Client()
    assert public.get(f"{BASE}/public/conferences/{cid}").status_code == 404
    early = staff.post(f"{BASE}/conferences/{cid}/announce", {}, content_type="application/json")
    assert early.status_code == 409 and early.json()["code"] == "invalid_transition"
    sub = staff.post(f"{BASE}/conferences/{cid}/submit", {"comment": "请审批"}, content_type="application/json")
    assert sub.json()["status"] == "under_review" and sub.json()["review_id"]
    from gongkai.press.models import Conference

    approve_all(Conference.objects.get(pk=cid), news_office, unit_admin)
    assert (
        staff.post(f"{BASE}/conferences/{cid}/announce", {}, content_type="application/json").json()["status"]
        == "announced"
    )
    listing = public.get(f"{BASE}/public/conferences").json()
    assert [c["id"] for c in listing["items"]] == [cid]
    held = staff.post(
        f"{BASE}/conferences/{cid}/hold",
        {"held_at": frozen().isoformat(), "spokesperson_attended": True},
        content_type="application/json",
    )
    assert held.status_code == 200 and held.json()["status"] == "held"
    staff.post(f"{BASE}/conferences/{cid}/publish", {"transcript": "实录"}, content_type="application/json")
    detail = public.get(f"{BASE}/public/conferences/{cid}").json()
    assert detail["transcript"] == "实录" and detail["status"] == "published"
    assert "talking_points" not in detail


def test_typed_errors(planner, outsider, department, frozen):
    staff = Client()
    staff.force_login(outsider)
    denied = staff.post(f"{BASE}/conferences", _plan(department), content_type="application/json")
    assert denied.status_code == 403 and denied.json()["code"] == "permission_denied"
    staff.force_login(planner)
    bad = staff.post(f"{BASE}/conferences", {**_plan(department), "topic": " "}, content_type="application/json")
    assert bad.status_code == 422 and "发布主题" in bad.json()["message"]
    extra = staff.post(f"{BASE}/conferences", {**_plan(department), "oops": 1}, content_type="application/json")
    assert extra.status_code == 422
    assert Client().get(f"{BASE}/conferences").status_code == 401
    assert staff.get(f"{BASE}/compliance?year=2026").status_code == 403


def test_directory_interviews_and_compliance(unit_admin, department, news_office, planner, frozen):
    from gongkai.press import services

    f = services.filing_create(
        actor=unit_admin,
        agency=department,
        role="spokesperson",
        name="褚云",
        title="副局长",
        office_phone="1",
        since=dt.date(2026, 1, 1),
    )
    services.filing_submit(actor=unit_admin, filing=f)
    approve_all(f, news_office)
    public = Client()
    [row] = public.get(f"{BASE}/public/spokespersons").json()
    assert row["spokesperson"]["name"] == "褚云" and row["liaison"] is None
    i = services.interview_plan(actor=planner, agency=department, title="访谈", guest="局长", scheduled_at=frozen())
    asked = public.post(
        f"{BASE}/public/interviews/{i.pk}/questions",
        {"asker": "网友", "text": "问题？"},
        content_type="application/json",
    )
    assert asked.status_code == 201 and asked.json()["status"] == "pending"
    [shown] = public.get(f"{BASE}/public/interviews").json()
    assert shown["questions"] == []  # not before moderation
    staff = Client()
    staff.force_login(news_office)
    table = staff.get(f"{BASE}/compliance?year=2026&quarter=2")
    assert table.status_code == 200
    assert any(u["agency_id"] == department.pk for u in table.json())


def test_interview_moderation_through_the_api(planner, department, outsider, frozen):
    from gongkai.press import services

    i = services.interview_plan(actor=planner, agency=department, title="访谈", guest="局长", scheduled_at=frozen())
    q = services.question_submit(interview=i, asker="网友", text="问题？", ip="10.1.1.1")
    staff = Client()
    staff.force_login(outsider)
    assert (
        staff.post(
            f"{BASE}/interviews/{i.pk}/questions/{q.pk}/moderate", {"approve": True}, content_type="application/json"
        ).status_code
        == 404
    )
    staff.force_login(planner)
    ok = staff.post(
        f"{BASE}/interviews/{i.pk}/questions/{q.pk}/moderate", {"approve": True}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    again = staff.post(
        f"{BASE}/interviews/{i.pk}/questions/{q.pk}/moderate", {"approve": False}, content_type="application/json"
    )
    assert again.status_code == 409
    assert staff.post(f"{BASE}/interviews/{i.pk}/start", {}, content_type="application/json").json()["status"] == "live"
    staff.post(f"{BASE}/interviews/{i.pk}/questions/{q.pk}/answer", {"answer": "答复"}, content_type="application/json")
    staff.post(f"{BASE}/interviews/{i.pk}/close", {}, content_type="application/json")
    published = staff.post(f"{BASE}/interviews/{i.pk}/publish", {"transcript": ""}, content_type="application/json")
    assert published.status_code == 200 and "答复" in published.json()["transcript"]
    assert staff.post(f"{BASE}/interviews/{i.pk}/bogus", {}, content_type="application/json").status_code == 422
