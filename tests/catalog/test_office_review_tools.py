"""Back office: the reviewer's tools on an item — marking passages to withhold, consultations
(third parties, other agencies, silence = consent), the periodic sweep, the written review record
of R3.4 and the yearly self-check."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.catalog import selectors, services
from gongkai.catalog.enums import Attribute, ConsultationAnswer, ConsultationKind, ItemStatus, WithholdGround
from gongkai.catalog.models import Consultation, Redaction
from gongkai.core import clock, periodic
from gongkai.workflow.selectors import review_active_for

pytestmark = pytest.mark.django_db

SECRET = "身份证号150623199001011234"


def url(name, *args):
    return reverse(f"backoffice:catalog_{name}", args=args)


def decide(client, user, review, step, **data):
    client.force_login(user)
    payload = {"decision": "approve", "comment": data.pop("comment", ""), "expected_step": step, **data}
    return client.post(reverse("backoffice:review_decide", args=[review.pk]), payload)


@pytest.fixture
def submitted(author, department, item_fields):
    item = services.item_create(actor=author, agency=department, **item_fields)
    services.item_submit(actor=author, item=item)
    return item


@pytest.fixture
def fixed_today(monkeypatch):
    """Move the clock to Wednesday 2026-08-12 (no holidays in the three weeks around it)."""

    def move(day: dt.date):
        moment = dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=dt.UTC)
        monkeypatch.setattr(clock, "now", lambda: moment)

    move(dt.date(2026, 8, 12))
    return move


# --- redactions --------------------------------------------------------------------------------------


def test_reviewer_marks_a_passage_and_sees_its_paragraph(client, office_staff, submitted):
    client.force_login(office_staff)
    page = client.get(url("item_redactions", submitted.pk))
    assert page.status_code == 200
    assert [b["n"] for b in page.context["blocks"]] == [1, 2, 3]
    response = client.post(
        url("item_redactions", submitted.pk), {"passage": SECRET, "ground": "personal_privacy", "note": "联系人信息"}
    )
    assert response.status_code == 302
    redaction = Redaction.objects.get(item=submitted)
    assert (redaction.passage, redaction.ground, redaction.created_by) == (SECRET, "personal_privacy", office_staff)
    page = client.get(url("item_redactions", submitted.pk))
    assert page.context["redactions"][0]["paragraphs"] == [2]
    html = page.content.decode()
    assert "第 2 段" in html
    assert f"<mark>{SECRET}</mark>" in html
    assert "涉及个人隐私" in html
    # the audit entry records the ground, not the withheld text
    event = AuditEvent.objects.get(event="catalog.redaction.added")
    assert SECRET not in str(event.data) and event.data["ground"] == "personal_privacy"


def test_passage_not_in_the_body_is_refused(client, office_staff, submitted):
    client.force_login(office_staff)
    response = client.post(url("item_redactions", submitted.pk), {"passage": "不存在的内容", "ground": "state_secret"})
    assert response.status_code == 422
    assert "正文中找不到这段内容" in response.content.decode()
    assert not Redaction.objects.exists()


def test_missing_ground_is_refused(client, office_staff, submitted):
    client.force_login(office_staff)
    response = client.post(url("item_redactions", submitted.pk), {"passage": SECRET, "ground": ""})
    assert response.status_code == 400
    assert "请选择不予公开的理由" in " ".join(response.context["form"].errors["ground"])
    assert not Redaction.objects.exists()


def test_reviewer_removes_a_mark_before_publication(client, office_staff, submitted):
    redaction = services.redaction_add(
        actor=office_staff, item=submitted, passage=SECRET, ground=WithholdGround.PERSONAL_PRIVACY
    )
    client.force_login(office_staff)
    response = client.post(url("redaction_remove", submitted.pk, redaction.pk))
    assert response.status_code == 302
    assert not Redaction.objects.exists()
    assert AuditEvent.objects.filter(event="catalog.redaction.removed").count() == 1


def test_sub_user_cannot_mark_or_remove(client, author, office_staff, submitted):
    redaction = services.redaction_add(
        actor=office_staff, item=submitted, passage=SECRET, ground=WithholdGround.PERSONAL_PRIVACY
    )
    client.force_login(author)
    assert client.get(url("item_redactions", submitted.pk)).status_code == 403
    response = client.post(url("item_redactions", submitted.pk), {"passage": "各学校", "ground": "internal_affairs"})
    assert response.status_code == 403
    assert client.post(url("redaction_remove", submitted.pk, redaction.pk)).status_code == 403
    assert list(Redaction.objects.values_list("passage", flat=True)) == [SECRET]


def test_partial_disclosure_through_the_pages_keeps_the_passage_out_of_the_public_copy(
    client, office_staff, section_head, leader, submitted
):
    client.force_login(office_staff)
    client.post(url("item_redactions", submitted.pk), {"passage": SECRET, "ground": "personal_privacy"})
    review = review_active_for(submitted)
    decide(client, section_head, review, 0)
    decide(client, office_staff, review, 1, data_conclusion="partial")
    decide(client, leader, review, 2)
    submitted.refresh_from_db()
    assert submitted.status == ItemStatus.PUBLISHED
    public = selectors.public_item_get(submitted.pk)
    assert SECRET not in public.public_body_html and "涉及个人隐私" in public.public_body_html
    # the staff page still shows the working copy and, separately, the public copy
    client.force_login(office_staff)
    page = client.get(url("item_detail", submitted.pk)).content.decode()
    assert SECRET in page and "公开的正文（已作区分处理）" in page
    # a published item's marks cannot be removed from the page
    redaction = Redaction.objects.get()
    client.post(url("redaction_remove", submitted.pk, redaction.pk))
    assert Redaction.objects.filter(pk=redaction.pk).exists()


# --- consultations -----------------------------------------------------------------------------------


def test_third_party_consultation_gets_15_working_days_and_an_answer(client, office_staff, submitted, fixed_today):
    client.force_login(office_staff)
    # when the office records a consultation sent on Monday 2026-08-10
    response = client.post(
        url("consultation_send", submitted.pk),
        {"kind": "third_party", "party_name": "张三（权利人）", "sent_on": "2026-08-10"},
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    # then the due date is 15 working days later (the sending day not counted), with its citation
    assert consultation.kind == ConsultationKind.THIRD_PARTY
    assert consultation.due_on == dt.date(2026, 8, 31)
    assert "第三十二条" in consultation.due_citation
    page = client.get(url("item_detail", submitted.pk)).content.decode()
    assert "张三（权利人）" in page and "2026-08-31" in page and "等待答复" in page
    # when the answer comes in
    fixed_today(dt.date(2026, 8, 14))
    answer = client.post(
        url("consultation_answer", submitted.pk, consultation.pk),
        {"answer": "agree", "answered_on": "2026-08-13", "note": "同意公开"},
    )
    assert answer.status_code == 302
    consultation.refresh_from_db()
    assert consultation.answer == ConsultationAnswer.AGREE
    assert consultation.answered_on == dt.date(2026, 8, 13)


def test_consultation_with_bad_input_writes_nothing(client, office_staff, submitted, fixed_today):
    client.force_login(office_staff)
    no_party = client.post(url("consultation_send", submitted.pk), {"kind": "third_party", "sent_on": "2026-08-10"})
    assert no_party.status_code == 422
    assert "请填写第三方名称" in no_party.content.decode()
    future = client.post(
        url("consultation_send", submitted.pk), {"kind": "third_party", "party_name": "甲", "sent_on": "2026-09-01"}
    )
    assert "发出日期不能晚于今天" in future.content.decode()
    bad_date = client.post(
        url("consultation_send", submitted.pk), {"kind": "third_party", "party_name": "甲", "sent_on": "3月2日"}
    )
    assert bad_date.status_code == 400
    assert "yyyy-mm-dd" in " ".join(bad_date.context["consultation_form"].errors["sent_on"])
    assert not Consultation.objects.exists()


def test_answer_before_sending_is_refused(client, office_staff, submitted, fixed_today):
    consultation = services.consultation_send(
        actor=office_staff, item=submitted, kind="third_party", party_name="甲", sent_on=dt.date(2026, 8, 10)
    )
    client.force_login(office_staff)
    response = client.post(
        url("consultation_answer", submitted.pk, consultation.pk), {"answer": "agree", "answered_on": "2026-08-09"}
    )
    assert response.status_code == 422
    assert "答复日期须在发出日期之后" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.answer == ConsultationAnswer.PENDING


def test_other_agency_silence_after_the_due_date_is_shown_as_consent(
    client, office_staff, submitted, other_department, fixed_today
):
    client.force_login(office_staff)
    client.post(
        url("consultation_send", submitted.pk),
        {"kind": "agency", "consulted_agency": other_department.pk, "sent_on": "2026-08-10"},
    )
    consultation = Consultation.objects.get()
    assert consultation.party_name == other_department.name
    assert consultation.due_on == dt.date(2026, 8, 31)
    # before the due date it is pending
    assert "等待答复" in client.get(url("item_detail", submitted.pk)).content.decode()
    # after the due date, without an answer, the page shows consent even before the sweep ran
    fixed_today(dt.date(2026, 9, 1))
    page = client.get(url("item_detail", submitted.pk)).content.decode()
    assert "已逾期未答复，视为同意" in page
    # and the periodic sweep records it
    assert periodic.run_job("gongkai.catalog.tasks.sweep_consultations") == {"expired": 1, "disclosure_clocks": 0}
    consultation.refresh_from_db()
    assert consultation.answer == ConsultationAnswer.SILENT_CONSENT
    assert "逾期未答复（视为同意）" in client.get(url("item_detail", submitted.pk)).content.decode()
    # the sweep is idempotent
    assert periodic.run_job("gongkai.catalog.tasks.sweep_consultations") == {"expired": 0, "disclosure_clocks": 0}


def test_consulting_ones_own_agency_is_refused(client, office_staff, submitted, department, fixed_today):
    client.force_login(office_staff)
    response = client.post(
        url("consultation_send", submitted.pk),
        {"kind": "agency", "consulted_agency": department.pk, "sent_on": "2026-08-10"},
    )
    assert response.status_code == 400
    assert "consulted_agency" in response.context["consultation_form"].errors
    assert not Consultation.objects.exists()


def test_sub_user_cannot_record_consultations(client, author, submitted, fixed_today):
    client.force_login(author)
    response = client.post(
        url("consultation_send", submitted.pk), {"kind": "third_party", "party_name": "甲", "sent_on": "2026-08-10"}
    )
    assert response.status_code == 403
    assert not Consultation.objects.exists()


# --- the written review record (R3.4) ----------------------------------------------------------------


def test_review_record_lists_title_grounds_conclusion_reviewers_consultations_and_passages(
    client, office_staff, section_head, leader, fixed_today, submitted
):
    services.redaction_add(actor=office_staff, item=submitted, passage=SECRET, ground=WithholdGround.PERSONAL_PRIVACY)
    consultation = services.consultation_send(
        actor=office_staff, item=submitted, kind="third_party", party_name="张三", sent_on=dt.date(2026, 8, 10)
    )
    services.consultation_answer(
        actor=office_staff, consultation=consultation, answer="agree", answered_on=dt.date(2026, 8, 11), note="同意"
    )
    review = review_active_for(submitted)
    decide(client, section_head, review, 0, comment="属性拟定为主动公开")
    decide(client, office_staff, review, 1, data_conclusion="partial", comment="隐去身份证号")
    decide(client, leader, review, 2)
    client.force_login(office_staff)
    response = client.get(url("review_record", submitted.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert submitted.title in html
    assert "鄂前教发〔2026〕12号" in html  # document number
    assert "部分公开（已标注不予公开的内容）" in response.context["conclusion"]
    assert "部分内容不予公开" in html and "涉及个人隐私" in html  # grounds
    # each reviewer and date
    rows = [(e.actor_repr.split("（")[-1], e.get_action_display()) for e in response.context["decisions"]]
    assert rows == [
        ("author）", "提交审核"),
        ("sectionhead）", "通过（转下一步）"),
        ("gkbstaff）", "通过（转下一步）"),
        ("leader）", "通过（审核完成）"),
    ]
    assert "隐去身份证号" in html and "2026-08-12" in html
    # the consultation and its answer
    assert "张三" in html and "同意公开" in html
    # the withheld passage itself, marked internal
    assert SECRET in html and "内部" in html and "第 2 段" in html
    # printable: its own print rules, no back-office menu
    assert "css/review_record.css" in html and 'class="sidebar"' not in html  # print rules: static CSS (CSP)


def test_review_record_as_a_word_file_in_the_official_layout(
    client, office_staff, section_head, leader, fixed_today, submitted
):
    from tests.documents.checks import assert_no_raw_codes, assert_official_layout

    # given a reviewed item with a withheld passage
    services.redaction_add(actor=office_staff, item=submitted, passage=SECRET, ground=WithholdGround.PERSONAL_PRIVACY)
    review = review_active_for(submitted)
    decide(client, section_head, review, 0, comment="属性拟定为主动公开")
    decide(client, office_staff, review, 1, data_conclusion="partial", comment="隐去身份证号")
    client.force_login(office_staff)
    # when the record is downloaded as Word from its print page
    page = client.get(url("review_record", submitted.pk)).content.decode()
    assert url("review_record_docx", submitted.pk) in page
    response = client.get(url("review_record_docx", submitted.pk))
    # then it is the official layout, with the agency as author, and the record's content in Chinese
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    assert_official_layout(response.content, agency=submitted.agency.name, title="政府信息公开保密审查记录")
    text = assert_no_raw_codes(response.content)
    for expected in (
        submitted.title,
        "鄂前教发〔2026〕12号",
        "部分公开",
        "涉及个人隐私",
        "隐去身份证号",
        SECRET,
        "第 2 段",
    ):
        assert expected in text, expected


def test_review_record_word_file_is_denied_to_other_units_and_anonymous(client, outsider, submitted):
    assert client.get(url("review_record_docx", submitted.pk)).status_code == 302
    client.force_login(outsider)
    assert client.get(url("review_record_docx", submitted.pk)).status_code == 404


def test_review_record_uses_the_summary_when_there_is_no_document_number(client, author, department, item_fields):
    item = services.item_create(
        actor=author, agency=department, **{**item_fields, "document_number": "", "description": "招生安排摘要"}
    )
    client.force_login(author)
    html = client.get(url("review_record", item.pk)).content.decode()
    assert "内容摘要" in html and "招生安排摘要" in html and "尚未提交审查" in html


# --- yearly self-check (R2.7) ------------------------------------------------------------------------


def test_self_check_lists_withheld_items_and_resubmits_one_whose_reason_lapsed(
    client, author, section_head, office_staff, leader, department, item_fields, unit_admin
):
    # (unit_admin: someone besides the section head, who resubmits, may decide step 1)
    # given an item decided not public, and an ordinary draft
    item = services.item_create(
        actor=author,
        agency=department,
        **{**item_fields, "attribute": Attribute.WITHHELD, "withhold_grounds": [WithholdGround.PROCESS_INFORMATION]},
    )
    services.item_create(actor=author, agency=department, **{**item_fields, "title": "普通草稿"})
    services.item_submit(actor=author, item=item)
    review = review_active_for(item)
    decide(client, section_head, review, 0)
    decide(client, office_staff, review, 1, data_conclusion="withhold")
    decide(client, leader, review, 2)
    item.refresh_from_db()
    assert item.status == ItemStatus.NOT_PUBLIC
    # when the section head opens the self-check
    client.force_login(section_head)
    page = client.get(url("self_check"), {"year": 2026})
    assert [i.pk for i in page.context["items"]] == [item.pk]
    html = page.content.decode()
    assert "属于过程性信息" in html and "转为主动公开并提交审查" in html
    # a reason is required to resubmit
    client.post(url("item_reopen", item.pk), {"reason": ""})
    item.refresh_from_db()
    assert item.status == ItemStatus.NOT_PUBLIC
    # when they resubmit it because the process has ended
    response = client.post(url("item_reopen", item.pk), {"reason": "招生工作已结束，过程性信息已成为结果"})
    assert response.status_code == 302
    item.refresh_from_db()
    # then it is proposed for active disclosure and goes through the whole review again
    assert item.status == ItemStatus.IN_REVIEW
    assert item.attribute == Attribute.ACTIVE and item.withhold_grounds == []
    new_review = review_active_for(item)
    assert new_review.pk != review.pk and new_review.current_step == 0
    assert AuditEvent.objects.filter(event="catalog.item.reopened", target_id=str(item.pk)).count() == 1
    assert selectors.public_item_get(item.pk) is None


def test_outsider_sees_nothing_in_the_self_check_and_cannot_reopen(
    client, author, outsider, department, item_fields, section_head, office_staff, leader
):
    item = services.item_create(
        actor=author,
        agency=department,
        **{**item_fields, "attribute": Attribute.WITHHELD, "withhold_grounds": [WithholdGround.INTERNAL_AFFAIRS]},
    )
    services.item_submit(actor=author, item=item)
    review = review_active_for(item)
    decide(client, section_head, review, 0)
    decide(client, office_staff, review, 1, data_conclusion="withhold")
    decide(client, leader, review, 2)
    client.force_login(outsider)
    assert list(client.get(url("self_check")).context["items"]) == []
    assert client.post(url("item_reopen", item.pk), {"reason": "理由"}).status_code == 404
    item.refresh_from_db()
    assert item.status == ItemStatus.NOT_PUBLIC


def test_reopen_of_a_draft_is_refused(client, author, department, item_fields):
    item = services.item_create(actor=author, agency=department, **item_fields)
    client.force_login(author)
    response = client.post(url("item_reopen", item.pk), {"reason": "理由"}, follow=True)
    assert "不需要重新审查" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT


def test_item_history_shows_chinese_labels_for_every_event_never_the_code(client, author, office_staff, submitted):
    from gongkai.audit.services import audit_log

    # given events the item page has no wording of its own for (an attachment, a lapsed consultation)
    audit_log(actor=author, event="catalog.attachment.added", target=submitted, data={"name": "附件.pdf"})
    audit_log(actor=None, event="catalog.consultation.expired", target=submitted, data={})
    # when staff open the item
    client.force_login(office_staff)
    html = client.get(url("item_detail", submitted.pk)).content.decode()
    # then its history names them in Chinese, not by their codes
    assert "添加附件" in html and "征求意见逾期未答复" in html
    assert "catalog.attachment.added" not in html and "catalog.consultation.expired" not in html
