"""Slice 6: the public pages (apply, status with query code and rate limit, answer requests)."""

import pytest

from gongkai.foi import selectors
from gongkai.foi.enums import Action, Status
from gongkai.foi.models import Application, Attachment, QueryAttempt

from .conftest import VALID_ID, register
from .helpers import T, approve_review

FORM = {
    "applicant_kind": "natural",
    "applicant_name": "王五",
    "id_type": "resident_id",
    "id_number": VALID_ID,
    "phone": "13712345678",
    "email": "wangwu@example.cn",
    "address": "",
    "delivery_form": "email",
    "obtain_method": "email",
    "item_title_1": "农村道路建设项目清单",
    "item_desc_1": "2025年本旗农村道路建设项目清单及资金安排",
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def apply(client, to_agency, **overrides):
    return client.post("/apply/", {**FORM, "agency": to_agency.pk, **overrides})


def test_apply_online_gives_number_and_code(client, department, frozen):
    response = apply(client, department)
    assert response.status_code == 302 and response["Location"] == "/apply/done/"
    done = client.get("/apply/done/").content.decode()
    app = Application.objects.get()
    assert app.tracking_number in done and 'id="query-code"' in done
    assert (app.channel, app.status, app.receipt_date.isoformat()) == ("online", Status.RECEIVED, "2026-03-02")
    assert app.deadline.due_date.isoformat() == "2026-03-30"
    # the code is shown once
    assert client.get("/apply/done/").status_code == 302


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id_number": "150102199003070016"}, "校验位不正确"),
        ({"id_number": "15010219900307001"}, "应为 18 位"),
        ({"phone": "12345"}, "联系电话格式不正确"),
        ({"email": "wangwu@"}, "电子邮箱格式不正确"),
        ({"email": ""}, "选择以电子邮件获取的，请填写电子邮箱"),
        ({"item_desc_1": "", "item_title_1": ""}, "请至少填写一项所需政府信息的内容描述"),
        ({"item_desc_1": ""}, "请填写所需信息的内容描述"),
        ({"applicant_name": ""}, "这个字段是必填项"),
        ({"id_type": "credit_code"}, "自然人请选择个人身份证件"),
        ({"agency": ""}, "请选择受理机关"),
    ],
)
def test_apply_refuses_each_malformed_field(client, department, frozen, overrides, message):
    response = apply(client, department, **overrides)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("证件.exe", b"MZ\x90\x00", "类型不受支持"),
        ("证件.pdf", b"GIF89a not a pdf", "内容与文件类型不符"),
        ("证件.png", b"", "是空文件"),
    ],
)
def test_apply_refuses_bad_attachments(client, department, frozen, name, data, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = apply(client, department, attachment=SimpleUploadedFile(name, data))
    assert response.status_code == 422 and message in response.content.decode()
    assert not Application.objects.exists()


def test_apply_refuses_an_over_large_attachment(client, department, frozen, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.FOI_ATTACHMENT_MAX_BYTES = 1024
    response = apply(client, department, attachment=SimpleUploadedFile("证件.png", PNG + b"\x00" * 2000))
    assert response.status_code == 422 and "超过大小上限" in response.content.decode()
    assert not Application.objects.exists() and not Attachment.objects.exists()


def test_apply_with_identity_proof_stores_it_encrypted(client, department, frozen):
    from django.core.files.uploadedfile import SimpleUploadedFile

    apply(client, department, attachment=SimpleUploadedFile("身份证.png", PNG))
    row = Attachment.objects.get()
    assert (row.kind, row.size, row.content_type) == ("identity", len(PNG), "image/png")
    assert bytes(row.data_enc) != PNG and PNG not in bytes(row.data_enc)


def _query(client, number, code, ip="10.0.0.1"):
    return client.post("/apply/status/", {"number": number, "code": code}, REMOTE_ADDR=ip)


def test_status_needs_the_right_code_and_leaks_nothing(client, department, handler, frozen):
    app, code = register(handler, department)
    wrong = _query(client, app.public_id, "WRONGCODE1")
    unknown = _query(client, "YS209901010001", "WRONGCODE1")
    assert wrong.status_code == unknown.status_code == 404
    assert "查询编号或查询码不正确" in wrong.content.decode()
    assert wrong.content.decode().count("张三") == unknown.content.decode().count("张三") == 0
    assert client.get(f"/apply/status/{app.public_id}/").status_code == 302
    ok = _query(client, app.public_id, code)
    assert ok.status_code == 302
    page = client.get(ok["Location"]).content.decode()
    assert "2026-03-30" in page and "已收到" in page


def test_wrong_codes_are_rate_limited_per_number_and_address_and_per_address(client, department, handler, frozen):
    app, code = register(handler, department)
    for n in range(5):
        _query(client, app.public_id, f"BAD{n}", ip="10.0.1.1")
    # per (public id, address): that address is refused for this application, even with the right code
    refused = _query(client, app.public_id, code, ip="10.0.1.1")
    assert refused.status_code == 429 and "查询失败次数过多" in refused.content.decode()
    # per address
    for n in range(10):
        _query(client, f"ABCDEFGH{n:04d}", "BAD", ip="10.0.3.1")
    assert _query(client, "ABCDEFGH9999", "BAD", ip="10.0.3.1").status_code == 429
    assert QueryAttempt.objects.filter(success=True).count() == 0
    # after the window, the right code works again from the first address
    frozen.advance(minutes=16)
    assert _query(client, app.public_id, code, ip="10.0.1.1").status_code == 302


def test_strangers_wrong_codes_do_not_lock_the_applicant_out(client, department, handler, frozen):
    # given: strangers try wrong codes for an application from several addresses
    app, code = register(handler, department)
    for n in range(12):
        _query(client, app.public_id, f"BAD{n}", ip=f"10.0.1.{n}")
    # when: the applicant queries from their own address with the right code
    ok = _query(client, app.public_id, code, ip="10.0.9.9")
    # then: it works
    assert ok.status_code == 302 and ok["Location"] == f"/apply/status/{app.public_id}/"


def test_citizen_supplements_online_and_sees_the_letter(client, department, handler, reviewer, unit_admin, frozen):
    app, code = register(handler, department)
    app = T(app, handler, Action.REQUEST_SUPPLEMENT, text="请写明所需方案的年份")
    _query(client, app.public_id, code)
    page = client.get(f"/apply/status/{app.public_id}/").content.decode()
    assert "请写明所需方案的年份" in page and "提交补正" in page
    empty = client.post(f"/apply/status/{app.public_id}/supplement/", {"text": ""})
    assert empty.status_code == 422 and Application.objects.get(pk=app.pk).status == Status.SUPPLEMENT_REQUESTED
    frozen.set(2026, 3, 4)
    client.post(f"/apply/status/{app.public_id}/supplement/", {"text": "2025年方案"})
    app = Application.objects.get(pk=app.pk)
    assert app.status == Status.IN_PROGRESS and app.deadline.start_at.date().isoformat() == "2026-03-03"
    items = {i.pk: {"reply_type": "disclose"} for i in app.items.all()}
    app = T(T(app, handler, Action.DRAFT, decisions=items), handler, Action.SUBMIT_REVIEW)
    T(approve_review(app, reviewer, unit_admin), handler, Action.SEND)
    page = client.get(f"/apply/status/{app.public_id}/").content.decode()
    assert 'id="letter-link"' in page
    letter = client.get(f"/apply/status/{app.public_id}/letter/")
    assert letter.status_code == 200 and letter.content[:2] == b"PK"


def test_citizen_withdraws_online_only_after_confirming(client, department, handler, frozen):
    app, code = register(handler, department)
    _query(client, app.public_id, code)
    status_page = client.get(f"/apply/status/{app.public_id}/").content.decode()
    assert (
        'id="withdraw-link"' in status_page
        and '<form method="post" action="/apply/status/' not in (status_page.split('id="w-h"')[1])
    )
    # the first click (the old one-click form posted only a reason) shows a confirmation page
    first = client.post(f"/apply/status/{app.public_id}/withdraw/", {"reason": "不再需要"})
    assert (
        first.status_code == 200
        and 'name="confirm"' in first.content.decode()
        and "required" in (first.content.decode())
    )
    assert Application.objects.get(pk=app.pk).status == Status.RECEIVED
    # confirming without ticking the box changes nothing
    unticked = client.post(f"/apply/status/{app.public_id}/withdraw/", {"step": "confirm", "reason": "不再需要"})
    assert unticked.status_code == 422 and "我确认撤回本申请" in unticked.content.decode()
    assert Application.objects.get(pk=app.pk).status == Status.RECEIVED
    # ticked: withdrawn
    done = client.post(
        f"/apply/status/{app.public_id}/withdraw/", {"step": "confirm", "confirm": "yes", "reason": "不再需要"}
    )
    assert done.status_code == 302
    assert Application.objects.get(pk=app.pk).status == Status.WITHDRAWN


def test_fee_reply_online(client, department, handler, frozen):
    app, code = register(handler, department)
    app = T(T(app, handler, Action.ACCEPT), handler, Action.FEE_NOTICE, basis="per_page", units=60)
    _query(client, app.public_id, code)
    page = client.get(f"/apply/status/{app.public_id}/").content.decode()
    assert "300.00 元" in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(f"/apply/status/{app.public_id}/fee/", {"text": "已缴费", "files": SimpleUploadedFile("凭证.png", PNG)})
    assert Attachment.objects.filter(application=app, kind="payment").count() == 1
    assert selectors.timeline(app).filter(action="fee_reply").exists()
