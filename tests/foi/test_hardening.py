"""Issue 9 (hardening) for disclosure on application: telling the applicant, query-code recovery,
the printable receipt, rate limits, the unguessable public id, fee and art. 35 rules, Chinese
labels on the reply review, the withdrawal confirmation, and only the forms the state allows."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.utils import timezone

from gongkai.core.errors import Conflict, PermissionDenied, ValidationFailed
from gongkai.foi import selectors, services
from gongkai.foi.enums import Action, DeliveryForm, FeeBasis, FeeState, Status
from gongkai.foi.models import Application, FeeNotice, SubmissionAttempt
from gongkai.notifications import sms
from gongkai.notifications.enums import Channel
from gongkai.notifications.enums import Status as NoticeStatus
from gongkai.notifications.models import ExternalMessage
from gongkai.notifications.services import outbox_dispatch
from gongkai.rules.models import Deadline

from .conftest import VALID_ID, make_input, register
from .helpers import T, approve_review, draft_all

# A second valid 居民身份证号码 (GB 11643 check character X).
OTHER_ID = "11010519491231002X"


@pytest.fixture
def sms_outbox(settings):
    settings.SMS_BACKEND = "gongkai.notifications.sms.LocmemBackend"
    sms.outbox.clear()
    return sms.outbox


def _messages(app, event=None):
    qs = ExternalMessage.objects.filter(address_ref=f"foi.application:{app.pk}")
    if event:
        qs = qs.filter(event=event)
    return list(qs.order_by("id"))


def _query(client, number, code, ip="10.0.0.1"):
    return client.post("/apply/status/", {"number": number, "code": code}, REMOTE_ADDR=ip)


# --- 1. Telling the applicant ----------------------------------------------------------------------------------


def test_applicant_gets_receipt_by_email_and_sms_from_the_contact_on_file(department, handler, frozen, sms_outbox):
    # given an application registered with a phone and an e-mail on file
    app, _code = register(handler, department)
    # then a receipt is queued on both channels, without the address in clear in the outbox
    rows = _messages(app, "foi.receipt")
    assert sorted(r.channel for r in rows) == [Channel.EMAIL, Channel.SMS]
    assert {r.address_masked for r in rows} == {app.email_masked, app.phone_masked}
    assert all("13912345678" not in r.address_ref + r.body for r in rows)
    assert app.tracking_number in rows[0].body and app.public_id in rows[0].body and "2026-03-30" in rows[0].body
    # when the outbox is dispatched
    assert outbox_dispatch()["sent"] == 2
    # then the e-mail and the SMS went to the decrypted contacts
    assert [m.to for m in mail.outbox] == [["zhangsan@example.cn"]]
    assert [m.to for m in sms_outbox] == ["13912345678"]
    assert app.tracking_number in sms_outbox[0].text
    assert {r.status for r in _messages(app, "foi.receipt")} == {NoticeStatus.SENT}


def test_applicant_is_told_of_supplement_fee_extension_and_reply(
    department, handler, head, reviewer, unit_admin, frozen, sms_outbox
):
    app, _ = register(handler, department)
    T(app, handler, Action.REQUEST_SUPPLEMENT, text="请写明所需方案的年份")
    assert "请写明所需方案的年份" in _messages(app, "foi.request_supplement")[0].body
    app = T(app, handler, Action.SUPPLEMENT, text="2025年")
    app = T(app, head, Action.EXTEND, reason="需要检索档案")
    assert "延长" in _messages(app, "foi.extend")[0].body
    app = T(app, handler, Action.FEE_NOTICE, basis=FeeBasis.PER_PAGE, units=45)
    assert "应缴信息处理费 150 元" in _messages(app, "foi.fee_notice")[0].body
    app = T(app, handler, Action.FEE_PAID)
    app = T(draft_all(app, handler), handler, Action.SUBMIT_REVIEW)
    app = T(approve_review(app, reviewer, unit_admin), handler, Action.SEND)
    assert app.letter_number in _messages(app, "foi.send")[0].body
    events = [r.event for r in _messages(app) if r.channel == Channel.SMS]
    assert events == [
        "foi.receipt",
        "foi.request_supplement",
        "foi.extend",
        "foi.fee_notice",
        "foi.send",
    ]


def test_a_channel_without_a_contact_is_skipped(department, handler, frozen):
    app, _ = register(handler, department, email="", delivery_form=DeliveryForm.PAPER, obtain_method="collect")
    rows = {r.channel: r for r in _messages(app, "foi.receipt")}
    assert rows[Channel.EMAIL].status == NoticeStatus.SKIPPED and rows[Channel.SMS].status == NoticeStatus.PENDING


def test_sms_file_backend_writes_under_var_dir_by_default(settings, tmp_path, department, handler, frozen):
    settings.SMS_BACKEND = "gongkai.notifications.sms.FileBackend"
    settings.SMS_FILE_PATH = ""
    settings.VAR_DIR = tmp_path
    register(handler, department)
    outbox_dispatch()
    files = list((tmp_path / "outbox-sms").glob("*.json"))
    assert len(files) == 1
    assert json.loads(files[0].read_text(encoding="utf-8"))["to"] == "13912345678"


# --- Query code recovery ---------------------------------------------------------------------------------------


def test_lost_query_code_is_sent_to_the_phone_on_file(client, department, handler, frozen, sms_outbox):
    app, old_code = register(handler, department)
    outbox_dispatch()
    sms_outbox.clear()
    # a wrong contact and an unknown number get the same answer and send nothing
    wrong = client.post("/apply/status/recover/", {"number": app.tracking_number, "contact": "13800000000"})
    unknown = client.post("/apply/status/recover/", {"number": "YS209901010001", "contact": "13912345678"})
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["message"] == unknown.context["message"] == services.RECOVERY_ANSWER
    assert not _messages(app, "foi.query_code_recovery")
    # the right phone number: a new code by SMS
    right = client.post("/apply/status/recover/", {"number": app.tracking_number, "contact": "139 1234 5678"})
    assert right.context["message"] == services.RECOVERY_ANSWER
    outbox_dispatch()
    [message] = sms_outbox
    new_code = message.text.split("新的查询码为 ")[1][:10]
    assert message.to == "13912345678" and new_code != old_code
    # the code does not stay in the outbox once sent
    assert new_code not in _messages(app, "foi.query_code_recovery")[0].body
    # the old code still works until the new one is used (a stranger cannot lock anyone out)
    assert _query(client, app.public_id, old_code).status_code == 302
    assert _query(client, app.public_id, new_code).status_code == 302
    assert _query(client, app.public_id, old_code, ip="10.0.0.2").status_code == 404


def test_recovery_is_rate_limited(client, department, handler, frozen, settings):
    settings.FOI_RECOVER_MAX_PER_IP = 2
    app, _ = register(handler, department)
    for _ in range(2):
        client.post("/apply/status/recover/", {"number": app.public_id, "contact": "x@example.cn"})
    refused = client.post("/apply/status/recover/", {"number": app.public_id, "contact": "zhangsan@example.cn"})
    assert refused.status_code == 429 and "请求过多" in refused.content.decode()
    assert not _messages(app, "foi.query_code_recovery")


def test_recovery_sends_at_most_the_daily_number_per_application(department, handler, frozen, settings):
    settings.FOI_RECOVER_MAX_PER_APPLICATION_PER_DAY = 1
    app, _ = register(handler, department)
    for n in range(3):
        services.application_recover_query_code(number=app.public_id, contact="zhangsan@example.cn", ip=f"10.1.0.{n}")
    assert len(_messages(app, "foi.query_code_recovery")) == 1


# --- Printable receipt ---------------------------------------------------------------------------------------


def test_printable_receipt_after_submission_and_from_the_status_page(client, department, frozen):
    from .test_portal import FORM

    client.post("/apply/", {**FORM, "agency": department.pk})
    done = client.get("/apply/done/").content.decode()
    app = Application.objects.get()
    assert "政府信息公开申请回执" in done and "foi/receipt.css" in done and app.public_id in done
    status = client.get(f"/apply/status/{app.public_id}/").content.decode()
    assert f'href="/apply/status/{app.public_id}/receipt/"' in status
    receipt = client.get(f"/apply/status/{app.public_id}/receipt/")
    text = receipt.content.decode()
    assert receipt.status_code == 200 and "政府信息公开申请回执" in text and app.tracking_number in text
    assert "2026年3月30日" in text and 'id="query-code"' not in text
    # someone else's browser gets nothing
    client.logout()
    client.cookies.clear()
    assert client.get(f"/apply/status/{app.public_id}/receipt/").status_code == 302


# --- 2. Rate limit on public submissions ---------------------------------------------------------------------


def test_online_submissions_are_limited_per_address(department, frozen, settings):
    settings.FOI_SUBMIT_MAX_PER_ADDRESS = 3
    settings.FOI_SUBMIT_MAX_PER_IDENTITY = 100
    ids = ["150102199003070015", "11010519491231002X", "110101199003077774", "110101199003075912"]
    for n, number in enumerate(ids[:3]):
        services.application_submit_online(
            agency=department,
            data=make_input(id_number=number, phone=f"1391234560{n}", email=f"p{n}@example.cn"),
            ip="10.9.0.1",
        )
    with pytest.raises(services.SubmissionThrottled) as exc:
        services.application_submit_online(
            agency=department,
            data=make_input(id_number=ids[3], phone="13912345609", email="p9@example.cn"),
            ip="10.9.0.1",
        )
    assert exc.value.http_status == 429 and "同一网络地址" in exc.value.message
    assert Application.objects.count() == 3
    # another address is not affected; after the window the address may submit again
    services.application_submit_online(
        agency=department, data=make_input(id_number=ids[3], phone="13912345609", email="p9@example.cn"), ip="10.9.0.2"
    )
    frozen.advance(minutes=61)
    services.application_submit_online(
        agency=department,
        data=make_input(
            id_number=ids[3], phone="13912345609", email="p9@example.cn", items=[services.ItemInput("另一份文件")]
        ),
        ip="10.9.0.1",
    )


@pytest.mark.parametrize("shared", ["id_number", "phone", "email"])
def test_online_submissions_are_limited_per_identity(department, frozen, settings, shared):
    settings.FOI_SUBMIT_MAX_PER_IDENTITY = 2
    base = {"id_number": VALID_ID, "phone": "13912345678", "email": "same@example.cn"}
    others = [
        {"id_number": OTHER_ID, "phone": "13900000001", "email": "a@example.cn"},
        {"id_number": "110101199003077774", "phone": "13900000002", "email": "b@example.cn"},
        {"id_number": "110101199003075912", "phone": "13900000003", "email": "c@example.cn"},
    ]
    for n, other in enumerate(others):
        values = {**other, shared: base[shared]}
        data = make_input(items=[services.ItemInput(description=f"第{n}份文件全文")], **values)
        if n < 2:
            services.application_submit_online(agency=department, data=data, ip=f"10.8.0.{n}")
        else:
            with pytest.raises(services.SubmissionThrottled) as exc:
                services.application_submit_online(agency=department, data=data, ip=f"10.8.0.{n}")
            assert "同一申请人" in exc.value.message
    assert Application.objects.count() == 2
    # nothing personal is stored in the counter table
    keys = list(SubmissionAttempt.objects.values_list("key", flat=True))
    assert keys and all(base[shared] not in k and "10.8.0" not in k for k in keys)


def test_portal_and_api_answer_a_throttled_submission_with_429(client, department, frozen, settings):
    from .test_api import PAYLOAD, post
    from .test_portal import FORM

    settings.FOI_SUBMIT_MAX_PER_ADDRESS = 1
    assert client.post("/apply/", {**FORM, "agency": department.pk}).status_code == 302
    page = client.post(
        "/apply/",
        {**FORM, "agency": department.pk, "id_number": OTHER_ID, "phone": "13700000000", "email": "o@example.cn"},
    )
    assert page.status_code == 429 and "同一网络地址在 60 分钟内最多可在线提交 1 件申请" in page.content.decode()
    api = post(client, "/api/v1/foi/public/applications", {**PAYLOAD, "agency_id": department.pk})
    assert api.status_code == 429 and api.json()["code"] == "submission_throttled"
    assert Application.objects.count() == 1


def test_behind_a_trusted_proxy_the_limit_counts_the_forwarded_address(client, department, frozen, settings):
    from .test_portal import FORM

    # given one reverse proxy in front, so every request arrives from the proxy's own address
    settings.TRUSTED_PROXY_HOPS = 1
    settings.FOI_SUBMIT_MAX_PER_ADDRESS = 1
    first = client.post("/apply/", {**FORM, "agency": department.pk}, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert first.status_code == 302
    other = {**FORM, "agency": department.pk, "id_number": OTHER_ID, "phone": "13700000000", "email": "o@example.cn"}
    # when a second citizen behind the same proxy applies, they are not throttled by the first one's count
    assert client.post("/apply/", other, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 302
    # while a third submission from the first citizen's address is
    third = {**other, "id_number": "110101199003077774", "phone": "13700000001", "email": "t@example.cn"}
    assert client.post("/apply/", third, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert Application.objects.count() == 2


# --- 3. Unguessable public id -------------------------------------------------------------------------------


def test_public_id_is_random_and_the_sequence_number_does_not_open_the_status(client, department, handler, frozen):
    a, code = register(handler, department)
    b, _ = register(handler, department, items=[services.ItemInput(description="另一份文件全文")])
    assert a.tracking_number.endswith("0001") and b.tracking_number.endswith("0002")  # official sequence kept
    assert len(a.public_id) == 12 and a.public_id != b.public_id
    assert a.tracking_number not in a.public_id
    # the sequential number is not the key of the public status page
    assert _query(client, a.tracking_number, code).status_code == 404
    ok = _query(client, a.public_id, code)
    assert ok["Location"] == f"/apply/status/{a.public_id}/"
    assert client.get(f"/apply/status/{a.tracking_number}/").status_code == 302  # back to the query form


def test_api_status_uses_the_public_id(client, department, handler, frozen):
    from .test_api import post

    app, code = register(handler, department)
    ok = post(client, "/api/v1/foi/public/status", {"public_id": app.public_id, "query_code": code})
    assert ok.status_code == 200 and ok.json()["public_id"] == app.public_id
    by_number = post(client, "/api/v1/foi/public/status", {"public_id": app.tracking_number, "query_code": code})
    assert by_number.status_code == 404


# --- 4. Legal: fees and art. 35 ------------------------------------------------------------------------------


def test_fee_notice_is_refused_after_the_answer_period(department, handler, frozen):
    app, _ = register(handler, department)  # answer due 2026-03-30
    app = T(app, handler, Action.ACCEPT)
    frozen.set(2026, 3, 31, 10)
    with pytest.raises(ValidationFailed) as exc:
        T(app, handler, Action.FEE_NOTICE, basis=FeeBasis.PER_PAGE, units=45)
    assert exc.value.code == "fee_notice_too_late" and "109号" in exc.value.message
    assert not FeeNotice.objects.exists() and Application.objects.get(pk=app.pk).status == Status.IN_PROGRESS
    assert Action.FEE_NOTICE not in selectors.allowed_actions(handler, app)


def test_per_page_fee_does_not_apply_to_onsite_reading(department, handler, frozen):
    app, _ = register(handler, department, delivery_form=DeliveryForm.ONSITE, obtain_method="collect")
    app = T(app, handler, Action.ACCEPT)
    with pytest.raises(ValidationFailed) as exc:
        T(app, handler, Action.FEE_NOTICE, basis=FeeBasis.PER_PAGE, units=45)
    assert exc.value.code == "fee_per_page_onsite" and "第五条" in exc.value.message
    assert not FeeNotice.objects.exists()


def test_payment_clock_starts_on_receipt_of_the_notice(client, department, handler, frozen):
    app, code = register(handler, department)
    app = T(T(app, handler, Action.ACCEPT), handler, Action.FEE_NOTICE, basis=FeeBasis.PER_PAGE, units=45)
    fee = app.fees.get()
    assert fee.deadline_id is None
    # without a receipt date the sweep never abandons the application
    frozen.set(2026, 5, 4)
    assert services.foi_sweep()["abandoned_fee"] == 0
    _query(client, app.public_id, code)
    page = client.get(f"/apply/status/{app.public_id}/").content.decode()
    assert "请自收到收费通知之日起 20 个工作日内缴纳" in page
    with pytest.raises(ValidationFailed):
        services.fee_notice_record_receipt(actor=handler, application=app, received_on="2026-03-01")
    fee = services.fee_notice_record_receipt(actor=handler, application=app, received_on="2026-05-04")
    deadline = Deadline.objects.get(pk=fee.deadline_id)
    assert (fee.received_on, deadline.rule_key) == (dt.date(2026, 5, 4), "foi.fee_payment_period")
    assert timezone.localdate(deadline.start_at) == dt.date(2026, 5, 4) and deadline.due_date == dt.date(2026, 6, 1)
    with pytest.raises(Conflict):
        services.fee_notice_record_receipt(actor=handler, application=app, received_on="2026-05-04")
    frozen.set(2026, 6, 2, 10)
    assert services.foi_sweep()["abandoned_fee"] == 1
    assert FeeNotice.objects.get().state == FeeState.LAPSED


def test_fee_receipt_form_in_the_back_office(client, department, handler, frozen):
    app, _ = register(handler, department)
    app = T(T(app, handler, Action.ACCEPT), handler, Action.FEE_NOTICE, basis=FeeBasis.PER_PAGE, units=45)
    client.force_login(handler)
    page = client.get(f"/office/foi/{app.pk}/").content.decode()
    assert 'id="fee-receipt-missing"' in page and f"/office/foi/{app.pk}/fee-receipt/" in page
    done = client.post(f"/office/foi/{app.pk}/fee-receipt/", {"received_on": "2026-03-02"})
    assert done.status_code == 302 and FeeNotice.objects.get().received_on == dt.date(2026, 3, 2)


def test_mass_delay_is_set_with_a_reason_and_shown_to_staff_and_applicant(client, department, handler, frozen):
    app, code = register(handler, department)
    app = T(app, handler, Action.ACCEPT)
    with pytest.raises(ValidationFailed):
        services.application_set_mass_delay(actor=handler, application=app, days=30, reason="")
    frozen.set(2026, 3, 9)
    app = services.application_set_mass_delay(
        actor=handler, application=app, days=30, reason="同一申请人本月已提交 40 件申请"
    )
    d = Deadline.objects.get(pk=app.deadline_id)
    assert (d.rule_key, d.amount, timezone.localdate(d.start_at)) == ("foi.mass_delay_period", 30, dt.date(2026, 3, 9))
    assert "第三十五条" in d.citation and d.due_date == dt.date(2026, 4, 21)  # 清明 2026-04-04–06 not counted
    with pytest.raises(Conflict):
        services.application_set_mass_delay(actor=handler, application=app, days=10, reason="再延")
    assert "延迟答复的合理期限为 30 个工作日" in _messages(app, "foi.mass_delay")[0].body
    client.force_login(handler)
    office = client.get(f"/office/foi/{app.pk}/").content.decode()
    assert 'id="mass-delay"' in office and "同一申请人本月已提交 40 件申请" in office
    client.logout()
    _query(client, app.public_id, code)
    public = client.get(f"/apply/status/{app.public_id}/").content.decode()
    assert 'id="mass-delay"' in public and "2026-04-21" in public


def test_mass_delay_form_in_the_back_office(client, department, handler, frozen):
    app, _ = register(handler, department)
    client.force_login(handler)
    page = client.get(f"/office/foi/{app.pk}/").content.decode()
    assert f"/office/foi/{app.pk}/mass-delay/" in page and 'value="20"' in page  # suggested value, from the rule
    bad = client.post(f"/office/foi/{app.pk}/mass-delay/", {"days": "abc", "reason": "x"})
    assert bad.status_code == 422 and Application.objects.get(pk=app.pk).mass_delay_days is None
    ok = client.post(f"/office/foi/{app.pk}/mass-delay/", {"days": "25", "reason": "申请数量明显超过合理范围"})
    assert ok.status_code == 302 and Application.objects.get(pk=app.pk).mass_delay_days == 25


# --- 5. Chinese labels on the reply review ---------------------------------------------------------------------


def test_reply_review_page_shows_chinese_labels_not_codes(client, department, handler, reviewer, frozen):
    from gongkai.workflow import selectors as review_selectors

    app, _ = register(handler, department)
    app = T(draft_all(app, handler), handler, Action.SUBMIT_REVIEW)
    review = review_selectors.review_active_for(app)
    assert all(isinstance(v, str) for v in review.data.values())
    client.force_login(reviewer)
    page = client.get(f"/office/reviews/{review.pk}/").content.decode()
    assert "予以公开" in page and "学校布局调整方案" in page
    assert "disclose" not in page and "{&#x27;" not in page and "outcome" not in page


# --- 6. Withdrawal confirmation (see test_portal) and only the forms the state allows ---------------------------


def test_a_second_supplement_request_is_not_offered(client, department, handler, frozen):
    app, _ = register(handler, department)
    assert Action.REQUEST_SUPPLEMENT in selectors.allowed_actions(handler, app)
    app = T(app, handler, Action.REQUEST_SUPPLEMENT, text="请写明年份")
    app = T(app, handler, Action.SUPPLEMENT, text="2025年")
    assert app.status == Status.IN_PROGRESS
    with pytest.raises(Conflict):
        T(app, handler, Action.REQUEST_SUPPLEMENT, text="再补正")
    assert Action.REQUEST_SUPPLEMENT not in selectors.allowed_actions(handler, app)
    client.force_login(handler)
    page = client.get(f"/office/foi/{app.pk}/").content.decode()
    assert f"/office/foi/{app.pk}/act/request_supplement/" not in page


def test_supplement_request_is_not_offered_after_its_notice_period(department, handler, frozen):
    app, _ = register(handler, department)
    frozen.set(2026, 3, 12)  # 7 working days after 2026-03-02 is 2026-03-11
    assert Action.REQUEST_SUPPLEMENT not in selectors.allowed_actions(handler, app)
    with pytest.raises(ValidationFailed) as exc:
        T(app, handler, Action.REQUEST_SUPPLEMENT, text="请写明年份")
    # the service and the offered forms read the same rules-clock end date
    assert exc.value.code == "supplement_too_late" and "（至 2026-03-11）" in exc.value.message
    app.refresh_from_db()
    assert app.supplement_requested_at is None


def test_extension_and_fee_forms_are_offered_once(department, handler, head, frozen):
    app, _ = register(handler, department)
    app = T(app, handler, Action.ACCEPT)
    assert Action.EXTEND in selectors.allowed_actions(head, app)
    app = T(app, head, Action.EXTEND, reason="需要检索档案")
    assert Action.EXTEND not in selectors.allowed_actions(head, app)
    app = T(app, handler, Action.FEE_NOTICE, basis=FeeBasis.PER_PAGE, units=45, received_on="2026-03-02")
    app = T(app, handler, Action.FEE_PAID)
    assert Action.FEE_NOTICE not in selectors.allowed_actions(handler, app)


def test_existing_reply_reviews_get_chinese_data_rows(department, handler, reviewer, frozen):
    import importlib

    from django.apps import apps as django_apps

    from gongkai.workflow import selectors as review_selectors

    # given a review stored before the fix, with codes
    app, _ = register(handler, department)
    app = T(draft_all(app, handler), handler, Action.SUBMIT_REVIEW)
    review = review_selectors.review_active_for(app)
    review.data = {"outcome": "disclose", "items": {"1": "disclose"}}
    review.save(update_fields=["data"])
    # when the data migration runs
    importlib.import_module("gongkai.foi.migrations.0005_review_data_labels").forwards(django_apps, None)
    # then only Chinese labels and values remain
    review.refresh_from_db()
    assert review.data == {"拟定办理结果": "（一）予以公开", "第 1 项：学校布局调整方案": "予以公开"}


def test_sweep_prunes_rate_limit_counters_outside_their_windows(department, frozen):
    services.application_submit_online(agency=department, data=make_input(), ip="10.7.0.1")
    assert SubmissionAttempt.objects.count() == 4  # address, identity number, phone, e-mail
    assert services.foi_sweep()["pruned"] == 0
    frozen.advance(minutes=61)
    assert services.foi_sweep()["pruned"] == 4 and not SubmissionAttempt.objects.exists()


def test_applicant_is_told_when_the_sweep_ends_an_application(department, handler, frozen):
    app, _ = register(handler, department)
    T(app, handler, Action.REQUEST_SUPPLEMENT, text="请写明年份")
    frozen.advance(days=60)
    assert services.foi_sweep()["abandoned_supplement"] == 1
    [email, text] = _messages(app, "foi.abandon_supplement")
    assert "视为放弃申请" in text.body and email.channel == Channel.EMAIL


def test_a_failed_message_to_the_applicant_can_be_sent_again_by_the_handler(
    client, department, handler, outsider, frozen, settings, sms_outbox
):
    settings.SMS_BACKEND = "tests.notifications.test_external.FailingSms"
    settings.NOTIFICATION_MAX_ATTEMPTS = 1
    app, _ = register(handler, department)
    outbox_dispatch()
    failed = next(r for r in _messages(app, "foi.receipt") if r.channel == Channel.SMS)
    assert failed.status == NoticeStatus.FAILED
    client.force_login(handler)
    page = client.get(f"/office/foi/{app.pk}/").content.decode()
    assert "短信网关不可用" in page and f"/office/foi/{app.pk}/messages/{failed.pk}/retry/" in page
    # someone who may not handle the case cannot
    with pytest.raises(PermissionDenied):
        services.applicant_message_retry(actor=outsider, application=app, message_id=failed.pk)
    failed.refresh_from_db()
    assert failed.status == NoticeStatus.FAILED
    settings.SMS_BACKEND = "gongkai.notifications.sms.LocmemBackend"
    assert client.post(f"/office/foi/{app.pk}/messages/{failed.pk}/retry/").status_code == 302
    outbox_dispatch()
    failed.refresh_from_db()
    assert failed.status == NoticeStatus.SENT and [m.to for m in sms_outbox] == ["13912345678"]
    # a sent message cannot be queued twice
    again = client.post(f"/office/foi/{app.pk}/messages/{failed.pk}/retry/")
    assert again.status_code == 409 and len(sms_outbox) == 1


def test_api_recover_gives_the_same_answer_and_is_rate_limited(client, department, handler, frozen, settings):
    from .test_api import post

    settings.FOI_RECOVER_MAX_PER_IP = 2
    app, _ = register(handler, department)
    ok = post(client, "/api/v1/foi/public/recover", {"number": app.public_id, "contact": "zhangsan@example.cn"})
    unknown = post(client, "/api/v1/foi/public/recover", {"number": "NOSUCH", "contact": "zhangsan@example.cn"})
    assert ok.status_code == unknown.status_code == 200 and ok.json() == unknown.json()
    assert len(_messages(app, "foi.query_code_recovery")) == 1
    refused = post(client, "/api/v1/foi/public/recover", {"number": app.public_id, "contact": "zhangsan@example.cn"})
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert post(client, "/api/v1/foi/public/recover", {"number": "", "contact": ""}).status_code == 422
