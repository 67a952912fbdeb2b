import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.audit.selectors import audit_event_list_visible_to
from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.orgs.enums import Role
from tests.factories import UserFactory, grant

from .test_chain import _drop_update_trigger


@pytest.fixture
def events(unit_admin, outsider, department, other_department, monkeypatch):
    """One event per unit on different days, and a system-wide one."""
    times = iter(
        [
            dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC),
            dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.UTC),
            dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC),
        ]
    )
    monkeypatch.setattr(clock, "now", lambda: next(times))
    mine = audit_log(
        actor=unit_admin,
        event="agency.updated",
        target=department,
        data={"old": {"name": "旧名称", "short_name": ""}, "new": {"name": "新名称", "short_name": "教育局"}},
    )
    theirs = audit_log(actor=outsider, event="agency.updated", target=other_department, data={"old": {}, "new": {}})
    system = audit_log(actor=None, event="system.sweep", data={"overdue": 0})
    monkeypatch.undo()
    return {"mine": mine, "theirs": theirs, "system": system}


# --- selector --------------------------------------------------------------------------------


def test_scope_unit_user_sees_own_units_events_only(unit_admin, events):
    assert list(audit_event_list_visible_to(unit_admin)) == [events["mine"]]


def test_scope_system_admin_sees_everything(sysadmin, events):
    assert list(audit_event_list_visible_to(sysadmin)) == [events["system"], events["theirs"], events["mine"]]


def test_scope_anonymous_sees_nothing(events):
    assert list(audit_event_list_visible_to(AnonymousUser())) == []


def test_scope_a_covering_role_sees_the_units_below(county_gov, events):
    office = UserFactory(username="office")
    grant(office, Role.DISCLOSURE_OFFICE_STAFF, county_gov)
    assert list(audit_event_list_visible_to(office)) == [events["theirs"], events["mine"]]


def test_filters(sysadmin, unit_admin, events):
    def seqs(**filters):
        return [e.seq for e in audit_event_list_visible_to(sysadmin, **filters)]

    mine, theirs, system = events["mine"].seq, events["theirs"].seq, events["system"].seq
    assert seqs(event="system.sweep") == [system]
    assert seqs(actor="unitad") == [mine]
    assert seqs(target_type="orgs.agency") == [theirs, mine]
    assert seqs(date_from=dt.date(2026, 3, 5)) == [system, theirs]
    assert seqs(date_to=dt.date(2026, 3, 5)) == [theirs, mine]
    assert seqs(date_from=dt.date(2026, 3, 5), date_to=dt.date(2026, 3, 5)) == [theirs]


# --- pages -------------------------------------------------------------------------------------


def test_the_list_page_shows_who_what_when_and_old_new_as_a_table(client, unit_admin, events):
    client.force_login(unit_admin)
    response = client.get(reverse("backoffice:audit_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "鄂托克前旗教育局" in page
    assert "鄂托克前旗卫生健康委员会" not in page
    assert "system.sweep" not in page
    assert '<th scope="row">机构名称</th><td>旧名称</td><td>新名称</td>' in page
    assert '<th scope="row">简称</th><td></td><td>教育局</td>' in page
    assert "2026-03-01 18:00:00" in page  # shown in Asia/Shanghai
    assert "校验审计链" not in page


def test_the_list_page_filters_and_reports_bad_dates_in_chinese(client, sysadmin, events):
    client.force_login(sysadmin)
    page = client.get(reverse("backoffice:audit_list") + "?event=system.sweep").content.decode()
    assert "共 1 条记录" in page
    page = client.get(reverse("backoffice:audit_list") + "?date_from=2026-13-01").content.decode()
    assert "请输入有效的日期，例如 2026-01-31。" in page
    assert "共 3 条记录" in page
    response = client.get(reverse("backoffice:audit_list") + "?date_from=2026-03-09&date_to=2026-03-01")
    assert response.status_code == 200
    assert "结束日期不能早于开始日期。" in response.content.decode()


def test_the_list_page_paginates(client, sysadmin, department):
    for i in range(55):
        audit_log(actor=None, event="bulk", target=department, data={"i": i})
    client.force_login(sysadmin)
    first = client.get(reverse("backoffice:audit_list")).content.decode()
    assert "第 1 / 2 页" in first
    second = client.get(reverse("backoffice:audit_list") + "?page=2").content.decode()
    assert "第 2 / 2 页" in second
    assert len(re.findall(r'href="/office/audit/\d+/"', first)) == 50
    assert len(re.findall(r'href="/office/audit/\d+/"', second)) == 5


def test_the_detail_page_is_scoped(client, unit_admin, events):
    client.force_login(unit_admin)
    response = client.get(reverse("backoffice:audit_detail", args=[events["mine"].pk]))
    assert response.status_code == 200
    assert events["mine"].hash in response.content.decode()
    response = client.get(reverse("backoffice:audit_detail", args=[events["theirs"].pk]))
    assert response.status_code == 404
    assert "未找到该审计记录，或您无权查看。" in response.content.decode()


def test_anonymous_users_are_sent_to_sign_in(client, events):
    for url in (
        reverse("backoffice:audit_list"),
        reverse("backoffice:audit_detail", args=[events["mine"].pk]),
        reverse("backoffice:audit_verify"),
    ):
        assert client.get(url).status_code == 302


def test_verify_is_for_system_administrators(client, unit_admin, events):
    client.force_login(unit_admin)
    count = AuditEvent.objects.count()
    for method in (client.get, client.post):
        response = method(reverse("backoffice:audit_verify"))
        assert response.status_code == 403
        assert "只有系统管理员可以校验审计链。" in response.content.decode()
    assert AuditEvent.objects.count() == count


def test_verify_reports_an_intact_chain_then_the_first_tampered_row(client, sysadmin, events):
    client.force_login(sysadmin)
    page = client.post(reverse("backoffice:audit_verify")).content.decode()
    assert "审计链完好：共校验 3 条记录。" in page
    # given the second row altered behind the application's back
    _drop_update_trigger()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_repr = %s WHERE id = %s", ["someone", events["theirs"].pk])
    # when
    page = client.post(reverse("backoffice:audit_verify")).content.decode()
    # then
    seq = events["theirs"].seq
    assert f"审计链校验失败：第一处断裂在序号 {seq}（记录内容与其哈希不符（记录被篡改））" in page
    assert reverse("backoffice:audit_detail", args=[events["theirs"].pk]) in page


# --- API -----------------------------------------------------------------------------------------


def test_api_events_are_scoped_and_paginated(client, unit_admin, sysadmin, events):
    client.force_login(unit_admin)
    body = client.get("/api/v1/audit/events").json()
    assert (body["count"], body["page"], body["page_size"]) == (1, 1, 50)
    [item] = body["items"]
    assert (item["event"], item["actor"], item["target"], item["agency_id"]) == (
        "agency.updated",
        "unitadmin",
        "鄂托克前旗教育局",
        events["mine"].agency_id,
    )
    assert item["data"]["new"]["name"] == "新名称"
    client.force_login(sysadmin)
    body = client.get("/api/v1/audit/events?page_size=2&page=2").json()
    assert (body["count"], [i["seq"] for i in body["items"]]) == (3, [events["mine"].seq])
    body = client.get("/api/v1/audit/events?date_from=2026-03-05&target_type=orgs.agency").json()
    assert [i["seq"] for i in body["items"]] == [events["theirs"].seq]


def test_api_event_detail_is_scoped(client, unit_admin, events):
    client.force_login(unit_admin)
    assert client.get(f"/api/v1/audit/events/{events['mine'].pk}").status_code == 200
    response = client.get(f"/api/v1/audit/events/{events['theirs'].pk}")
    assert response.status_code == 404
    assert response.json()["message"] == "未找到该审计记录，或您无权查看。"


def test_api_errors(client, sysadmin, events):
    response = client.get("/api/v1/audit/events")
    assert response.status_code == 401
    assert response.json() == {"code": "not_authenticated", "message": "请先登录。", "detail": None}
    client.force_login(sysadmin)
    for query in ("page_size=500", "page=0", "date_from=2026-02-30"):
        response = client.get(f"/api/v1/audit/events?{query}")
        assert response.status_code == 422, query
        assert response.json()["code"] == "validation_failed"
    response = client.get("/api/v1/audit/events?date_from=2026-03-09&date_to=2026-03-01")
    assert response.status_code == 422
    assert response.json()["message"] == "结束日期不能早于开始日期。"


def test_api_verify(client, sysadmin, unit_admin, events):
    assert client.get("/api/v1/audit/verify").status_code == 401
    client.force_login(unit_admin)
    response = client.get("/api/v1/audit/verify")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    client.force_login(sysadmin)
    assert client.get("/api/v1/audit/verify").json() == {"ok": True, "checked": 3, "broken_seq": None, "reason": ""}
    _drop_update_trigger()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET data = %s WHERE id = %s", ['{"overdue": 9}', events["system"].pk])
    body = client.get("/api/v1/audit/verify").json()
    assert (body["ok"], body["broken_seq"]) == (False, events["system"].seq)


def test_review_events_on_an_object_show_the_reviews_status_labels(client, sysadmin, department):
    # given a review decision logged on the reviewed object (its data describes the review)
    from gongkai.workflow.events import WorkflowEvent

    audit_log(
        actor=sysadmin,
        event=WorkflowEvent.APPROVED,
        target=department,
        data={"old": {"status": "in_progress", "step": "科室审核"}, "new": {"status": "approved", "step": None}},
    )
    # when the audit page shows it
    client.force_login(sysadmin)
    page = client.get(reverse("backoffice:audit_list")).content.decode()
    # then the status is named as the review names it, never by its code
    assert '<th scope="row">状态</th><td>审核中</td><td>审核通过</td>' in page
    assert "in_progress" not in page and ">approved<" not in page
