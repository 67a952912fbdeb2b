"""Back-office pages: the list, the whole lifecycle through the detail page's actions, denials."""

import pytest

from gongkai.policy.enums import PolicyState
from gongkai.policy.models import Policy

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    r = client.get("/office/policy/")
    assert r.status_code == 302 and "login" in r["Location"]


def test_other_unit_cannot_see_or_act(client, draft, outsider):
    client.force_login(outsider)
    assert client.get(f"/office/policy/{draft.pk}/").status_code == 404
    assert client.post(f"/office/policy/{draft.pk}/open/", {}).status_code == 404


def test_create_and_open_consultation_through_pages(client, drafter, department, local_rule, frozen):
    client.force_login(drafter)
    assert client.get("/office/policy/").status_code == 200
    assert client.get("/office/policy/new/").status_code == 200
    r = client.post("/office/policy/new/", {"agency": department.pk, "kind": "normative", "title": ""})
    assert r.status_code == 422 and "请填写文件名称" in r.content.decode()
    r = client.post(
        "/office/policy/new/",
        {
            "agency": department.pk,
            "kind": "normative",
            "title": "测试办法",
            "draft_text": "第一条 总则。",
            "explanation": "说明。",
        },
    )
    policy = Policy.objects.get(title="测试办法")
    assert r.status_code == 302
    r = client.post(
        f"/office/policy/{policy.pk}/open/", {"starts_on": "2026-03-02", "ends_on": "2026-03-05"}, follow=True
    )
    assert "不得短于" in r.content.decode()
    policy.refresh_from_db()
    assert policy.state == PolicyState.DRAFTING
    client.post(f"/office/policy/{policy.pk}/open/", {"starts_on": "2026-03-02", "ends_on": "2026-03-11"})
    policy.refresh_from_db()
    assert policy.state == PolicyState.CONSULTING
    assert client.get(f"/office/policy/{policy.pk}/").status_code == 200


def test_bad_date_is_a_chinese_message(client, draft, drafter, local_rule):
    client.force_login(drafter)
    r = client.post(f"/office/policy/{draft.pk}/open/", {"starts_on": "x", "ends_on": "2026-03-11"}, follow=True)
    assert r.status_code == 200 and "格式应为" in r.content.decode()


def test_submit_without_plan_is_returned_on_the_page(client, draft, drafter):
    client.force_login(drafter)
    r = client.post(f"/office/policy/{draft.pk}/submit/", follow=True)
    page = r.content.decode()
    assert "已退文" in page and "解读提纲" in page
    draft.refresh_from_db()
    assert draft.state == PolicyState.RETURNED


def test_expert_library_page(client, drafter, department, outsider, frozen):
    client.force_login(drafter)
    r = client.post(
        "/office/policy/experts/",
        {"agency": department.pk, "name": "李教授", "field": "教育", "affiliation": "大学", "contact": "13800001111"},
    )
    assert r.status_code == 302
    page = client.get("/office/policy/experts/").content.decode()
    assert "李教授" in page and "13800001111" not in page
    client.force_login(outsider)
    assert "李教授" not in client.get("/office/policy/experts/").content.decode()


def test_office_staff_receives_submission(client, draft, office_staff):
    draft.state = PolicyState.SUBMITTED
    draft.save()
    client.force_login(office_staff)
    page = client.get(f"/office/policy/{draft.pk}/").content.decode()
    assert "受理并送同步审签" in page and "退文" in page
