"""Slice 5: the back-office pages (scope, registration, actions, downloads, statistics)."""

import datetime as dt

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.foi.enums import Action, Status
from gongkai.foi.models import Application

from .conftest import VALID_ID, register
from .helpers import T, approve_review, draft_all

FORM = {
    "agency": "",
    "channel": "in_person",
    "kind": "disclosure",
    "submitted_on": "2026-03-02",
    "receipt_note": "口头申请，已当场记录",
    "applicant_kind": "natural",
    "applicant_name": "李四",
    "id_type": "resident_id",
    "id_number": VALID_ID,
    "phone": "13812345678",
    "email": "",
    "address": "鄂托克前旗某路2号",
    "delivery_form": "paper",
    "obtain_method": "post",
    "item_title_1": "校车采购合同",
    "item_desc_1": "2025年校车采购合同及验收报告",
}


def test_anonymous_is_sent_to_sign_in(client, db):
    assert client.get("/office/foi/").status_code == 302


def test_lists_are_scoped(client, department, handler, outsider, frozen):
    app, _ = register(handler, department)
    client.force_login(outsider)
    page = client.get("/office/foi/")
    assert page.status_code == 200 and app.tracking_number not in page.content.decode()
    assert client.get(f"/office/foi/{app.pk}/").status_code == 404
    client.force_login(handler)
    text = client.get("/office/foi/").content.decode()
    assert app.tracking_number in text and "1501**********0015" in text and VALID_ID not in text


def test_register_in_person(client, department, handler, frozen):
    client.force_login(handler)
    response = client.post("/office/foi/new/", {**FORM, "agency": department.pk})
    app = Application.objects.get(applicant_name="李四")
    assert response.status_code == 302 and response["Location"] == f"/office/foi/{app.pk}/"
    assert (app.channel, app.receipt_date, app.registered_by) == ("in_person", dt.date(2026, 3, 2), handler)
    page = client.get(response["Location"]).content.decode()
    assert 'id="query-code"' in page and "2026-03-30" in page
    # the query code is shown only once
    assert 'id="query-code"' not in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "150102199003070016", "校验位不正确"),
        ("id_number", "15010219900231001X", "出生日期无效"),
        ("phone", "1391234", "联系电话格式不正确"),
        ("item_desc_1", "", "请至少填写一项所需政府信息的内容描述"),
        ("address", "", "选择邮寄的，请填写通信地址"),
        ("applicant_kind", "commercial", "请填写联系人"),
        ("channel", "letter", "签收日期"),
    ],
)
def test_register_refuses_bad_input(client, department, handler, frozen, field, value, message):
    client.force_login(handler)
    data = {**FORM, "agency": department.pk, field: value}
    if field == "item_desc_1":
        data["item_title_1"] = ""
    response = client.post("/office/foi/new/", data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_outsider_cannot_register_for_another_agency(client, department, outsider, frozen):
    client.force_login(outsider)
    response = client.post("/office/foi/new/", {**FORM, "agency": department.pk})
    assert response.status_code == 422  # the agency is not among the choices
    assert not Application.objects.exists()


def test_case_page_actions_and_refusals(client, department, handler, frozen):
    app, _ = register(handler, department)
    client.force_login(handler)
    page = client.get(f"/office/foi/{app.pk}/").content.decode()
    assert "告知补正" in page and "期限是怎样计算的" in page
    # an action out of order is refused with a message and changes nothing
    response = client.post(f"/office/foi/{app.pk}/act/send/")
    assert response.status_code == 409 and "不能“发出答复”" in response.content.decode()
    assert Application.objects.get(pk=app.pk).status == Status.RECEIVED
    # a valid one moves the case
    response = client.post(f"/office/foi/{app.pk}/act/request_supplement/", {"text": "请写明文件名称"})
    assert response.status_code == 302
    assert Application.objects.get(pk=app.pk).status == Status.SUPPLEMENT_REQUESTED


def test_personal_data_view_is_audited(client, department, handler, county_head, frozen):
    app, _ = register(handler, department)
    client.force_login(county_head)
    assert client.post(f"/office/foi/{app.pk}/personal/").status_code == 403
    client.force_login(handler)
    before = AuditEvent.objects.filter(event="foi.personal_data_viewed").count()
    page = client.post(f"/office/foi/{app.pk}/personal/").content.decode()
    assert VALID_ID in page
    assert AuditEvent.objects.filter(event="foi.personal_data_viewed").count() == before + 1


def test_draft_page_and_letter_download(client, department, handler, reviewer, unit_admin, frozen):
    app, _ = register(handler, department)
    app = T(app, handler, Action.ACCEPT)
    item = app.items.get()
    client.force_login(handler)
    bad = client.post(f"/office/foi/{app.pk}/draft/", {f"type_{item.pk}": "already_published"})
    assert bad.status_code == 422 and "已公开的位置" in bad.content.decode()
    ok = client.post(f"/office/foi/{app.pk}/draft/", {f"type_{item.pk}": "disclose"})
    assert ok.status_code == 302
    app = approve_review(T(Application.objects.get(pk=app.pk), handler, Action.SUBMIT_REVIEW), reviewer, unit_admin)
    assert client.get(f"/office/foi/{app.pk}/letter/").status_code == 404
    T(app, handler, Action.SEND)
    letter = client.get(f"/office/foi/{app.pk}/letter/")
    assert letter.status_code == 200 and letter.content[:2] == b"PK"


def test_extension_request_and_approval_pages(client, department, handler, head, frozen):
    app, _ = register(handler, department)
    app = T(app, handler, Action.ACCEPT)
    client.force_login(handler)
    assert "申请延长答复期限" in client.get(f"/office/foi/{app.pk}/").content.decode()
    assert client.post(f"/office/foi/{app.pk}/act/extend/", {"reason": "x"}).status_code == 403
    client.post(f"/office/foi/{app.pk}/extension-request/", {"reason": "档案量大"})
    client.force_login(head)
    assert "批准延长答复期限" in client.get(f"/office/foi/{app.pk}/").content.decode()
    assert client.post(f"/office/foi/{app.pk}/act/extend/", {"reason": "档案量大"}).status_code == 302
    assert Application.objects.get(pk=app.pk).events.filter(action=Action.EXTEND).exists()


def test_statistics_page_and_export(client, department, handler, reviewer, unit_admin, frozen):
    app, _ = register(handler, department)
    app = approve_review(
        T(draft_all(T(app, handler, Action.ACCEPT), handler), handler, Action.SUBMIT_REVIEW), reviewer, unit_admin
    )
    T(app, handler, Action.SEND)
    client.force_login(handler)
    page = client.get(f"/office/foi/statistics/?year=2026&agency={department.pk}")
    text = page.content.decode()
    assert page.status_code == 200 and "（一）予以公开" in text and "不通过" not in text
    xlsx = client.get(f"/office/foi/statistics.xlsx?year=2026&agency={department.pk}")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/office/foi/dashboard/?year=2026").status_code == 200


def test_clock_page_and_list_states(client, department, handler, frozen):
    app, _ = register(handler, department)
    client.force_login(handler)
    assert "第三十三条" in client.get(f"/office/foi/{app.pk}/clock/").content.decode()
    frozen.set(2026, 3, 31)
    assert app.tracking_number in client.get("/office/foi/?state=overdue").content.decode()
