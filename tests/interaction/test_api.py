"""The JSON API: public write/status/rate, staff actions, idempotent hotline cases, typed errors,
and no personal data in the public list."""

import json

from django.test import Client

from gongkai.interaction.enums import Status
from gongkai.interaction.models import Letter

from .conftest import reply

BASE = "/api/v1/interaction"


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def staff(user):
    c = Client()
    c.force_login(user)
    return c


def test_public_write_status_and_rate(county_gov, township, clerk, liaison, town_head, frozen):
    c = Client(REMOTE_ADDR="10.2.2.2")
    r = post(
        c,
        f"{BASE}/public/letters",
        {
            "office_id": county_gov.pk,
            "kind": "complaint",
            "title": "村道路灯长期不亮",
            "content": "路灯坏了三个月，请尽快维修。",
            "name": "王小明",
            "phone": "13912345678",
            "publish_consent": True,
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    letter = Letter.objects.get(public_id=body["public_id"])
    bad = post(c, f"{BASE}/public/letters/status", {"public_id": body["public_id"], "query_code": "NOPE"})
    assert bad.status_code == 404 and bad.json()["code"] == "query_failed"
    office = staff(clerk)
    r = post(office, f"{BASE}/letters/{letter.pk}/actions/route", {"agency_id": str(township.pk)})
    assert r.status_code == 200 and r.json()["status"] == Status.ASSIGNED
    assert r.json()["phone_masked"] == "139****5678" and "13912345678" not in json.dumps(r.json())
    denied = post(staff(liaison), f"{BASE}/letters/{letter.pk}/actions/route", {"agency_id": str(township.pk)})
    assert denied.status_code == 403 and denied.json()["code"] == "permission_denied"
    post(staff(liaison), f"{BASE}/letters/{letter.pk}/actions/claim", {})
    reply(letter, liaison=liaison, head=town_head)
    status = post(
        c, f"{BASE}/public/letters/status", {"public_id": body["public_id"], "query_code": body["query_code"]}
    )
    assert status.json()["status"] == Status.REPLIED and "路灯" in status.json()["reply_text"]
    rated = post(
        c,
        f"{BASE}/public/letters/rate",
        {"public_id": body["public_id"], "query_code": body["query_code"], "rating": "satisfied"},
    )
    assert rated.status_code == 200 and rated.json()["status"] == Status.CLOSED


def test_bad_public_input_is_a_typed_error(county_gov, frozen):
    c = Client()
    r = post(c, f"{BASE}/public/letters", {"office_id": county_gov.pk, "kind": "x", "title": "t", "content": "c"})
    assert r.status_code == 422 and r.json()["code"] == "validation_failed"
    r = post(c, f"{BASE}/public/letters", {"office_id": 999999, "kind": "consult", "title": "t", "content": "ccccc"})
    assert r.status_code == 404


def test_hotline_cases_are_idempotent_and_atomic(county_gov, clerk, frozen):
    office = staff(clerk)
    case = {
        "external_id": "GD-9",
        "kind": "help",
        "title": "求助",
        "content": "家中老人走失，请求帮助寻找。",
        "name": "孙八",
        "phone": "13800000009",
    }
    first = post(office, f"{BASE}/hotline/cases", {"office_id": county_gov.pk, "cases": [case]})
    assert first.status_code == 200 and first.json()[0]["created"] is True
    again = post(office, f"{BASE}/hotline/cases", {"office_id": county_gov.pk, "cases": [case]})
    assert again.json()[0]["created"] is False and again.json()[0]["letter_id"] == first.json()[0]["letter_id"]
    broken = {**case, "external_id": "GD-10", "kind": "bogus"}
    new_ok = {**case, "external_id": "GD-11"}
    r = post(office, f"{BASE}/hotline/cases", {"office_id": county_gov.pk, "cases": [new_ok, broken]})
    assert r.status_code == 422
    assert Letter.objects.count() == 1
    assert post(Client(), f"{BASE}/hotline/cases", {"office_id": county_gov.pk, "cases": [case]}).status_code == 401


def test_public_list_has_no_personal_data(county_gov, township, clerk, liaison, town_head, frozen):
    from gongkai.interaction import services

    from .conftest import submit

    letter, _ = submit(county_gov, content="我是王小明，电话13912345678，路灯坏了。")
    services.letter_transition(actor=clerk, letter=letter, action="route", agency=township)
    services.letter_transition(actor=liaison, letter=letter, action="claim")
    reply(letter, liaison=liaison, head=town_head, text="王小明您好，路灯已修复。")
    services.letter_publish(actor=clerk, letter=Letter.objects.get(pk=letter.pk))
    r = Client().get(f"{BASE}/public/published")
    text = json.dumps(r.json(), ensure_ascii=False)
    assert r.status_code == 200 and "路灯已修复" in r.json()[0]["reply"]
    for secret in ("王小明", "13912345678", "wang@example.cn", "幸福村3号"):
        assert secret not in text
