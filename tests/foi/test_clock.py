"""Slice 3: the clock on real calendars, 补正, consultation, extension, fees, explanation, sweep."""

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import Conflict, PermissionDenied, ValidationFailed
from gongkai.foi import selectors, services
from gongkai.foi.enums import Action, ConsultationOpinion, ConsultationState, FeeBasis, FeeState, Status
from gongkai.foi.fees import compute_fee
from gongkai.foi.models import Application, FeeNotice
from gongkai.foi.rules import FEE_STANDARDS_2021
from gongkai.notifications.models import Notification
from gongkai.rules.enums import DeadlineStatus
from gongkai.rules.models import Deadline

from .conftest import register
from .helpers import T, today

D = dt.date


def answer_deadline(app) -> Deadline:
    return Deadline.objects.get(pk=Application.objects.get(pk=app.pk).deadline_id)


# --- The answer period from the rule records, by receipt date ---------------------------------------


@pytest.mark.parametrize(
    ("received", "due", "amount", "article"),
    [
        (D(2019, 5, 14), D(2019, 6, 4), 15, "第二十四条"),  # 2007 regulation: 15 working days
        (D(2019, 5, 15), D(2019, 6, 13), 20, "第三十三条"),  # 2019 regulation: 20 (端午 6-07 skipped)
    ],
)
def test_answer_period_changes_on_2019_05_15(department, handler, frozen, received, due, amount, article):
    frozen.set(received.year, received.month, received.day)
    app, _ = register(handler, department)
    d = answer_deadline(app)
    assert (d.amount, d.due_date) == (amount, due)
    assert article in d.citation
    assert article in d.explain()


def test_national_day_2026(department, handler, frozen):
    # received Wed 2026-09-30: 10-01…10-07 are holidays, Sat 10-10 is a make-up working day
    frozen.set(2026, 9, 30)
    app, _ = register(handler, department)
    d = answer_deadline(app)
    assert d.due_date == D(2026, 11, 3)
    assert not d.provisional
    assert "国庆节" in d.explain()


def test_spring_festival_2026(department, handler, frozen):
    # received Tue 2026-02-10: 02-16…02-23 off, Sat 02-14 and Sat 02-28 are make-up working days
    frozen.set(2026, 2, 10)
    app, _ = register(handler, department)
    assert answer_deadline(app).due_date == D(2026, 3, 16)


def test_into_2027_is_provisional(department, handler, frozen):
    frozen.set(2026, 12, 20)
    app, _ = register(handler, department)
    d = answer_deadline(app)
    assert (d.due_date, d.provisional) == (D(2027, 1, 18), True)
    assert selectors.clock_view(app).provisional is True


def test_receipt_date_by_channel(department, handler, frozen):
    # post: the day signed for; e-mail: the day both sides confirmed
    frozen.set(2026, 3, 12)
    letter, _ = register(
        handler, department, channel="letter", submitted_on=D(2026, 3, 9), signed_for_on=D(2026, 3, 12)
    )
    assert letter.receipt_date == D(2026, 3, 12)
    assert answer_deadline(letter).due_date == D(2026, 4, 10)  # 清明 04-06 skipped
    mail, _ = register(
        handler,
        department,
        channel="email",
        submitted_on=D(2026, 3, 10),
        confirmed_on=D(2026, 3, 11),
        items=[services.ItemInput(description="某项目环评批复文件")],
    )
    assert mail.receipt_date == D(2026, 3, 11)


@pytest.mark.parametrize(
    ("channel", "kwargs", "message"),
    [
        ("letter", {}, "签收日期"),
        ("fax", {}, "双方确认之日"),
        ("letter", {"signed_for_on": D(2026, 3, 1)}, "签收日期应在寄出日期之后"),
        ("in_person", {"submitted_on": D(2026, 3, 20)}, "不能晚于今天"),
    ],
)
def test_receipt_date_refused(department, handler, frozen, channel, kwargs, message):
    count = Application.objects.count()
    args = {"submitted_on": D(2026, 3, 2), **kwargs}
    with pytest.raises(ValidationFailed) as exc:
        services.application_register(actor=handler, agency=department, channel=channel, data=_input(), **args)
    assert message in exc.value.message
    assert Application.objects.count() == count


def _input(**kw):
    from .conftest import make_input

    return make_input(**kw)


# --- 补正 ---------------------------------------------------------------------------------------------


def test_supplement_restarts_the_period_and_is_asked_once(department, handler, frozen):
    # given received Mon 2026-03-02
    app, _ = register(handler, department)
    first = answer_deadline(app)
    # when 补正 is asked on day 5 and arrives on Thu 2026-03-12
    frozen.set(2026, 3, 9)
    app = T(app, handler, Action.REQUEST_SUPPLEMENT, text="请写明文件名称")
    supplement_clock = Deadline.objects.get(pk=app.supplement_deadline_id)
    assert supplement_clock.rule_key == "foi.supplement_reply_period"
    assert supplement_clock.due_date == D(2026, 3, 30)  # 15 working days (platform default rule)
    assert Deadline.objects.get(pk=first.pk).status == DeadlineStatus.CLOSED
    frozen.set(2026, 3, 12)
    app = services.applicant_act(application=app, action=Action.SUPPLEMENT, text="所需为2025年调整方案全文")
    # then: a new 20-working-day clock from the supplement date
    new = answer_deadline(app)
    assert new.pk != first.pk
    assert new.due_date == D(2026, 4, 10)
    assert app.status == Status.IN_PROGRESS
    assert Deadline.objects.get(pk=supplement_clock.pk).status == DeadlineStatus.CLOSED
    # and 补正 cannot be asked a second time; nothing changes
    with pytest.raises(Conflict):
        T(app, handler, Action.REQUEST_SUPPLEMENT, text="再补一次")
    assert Application.objects.get(pk=app.pk).status == Status.IN_PROGRESS


def test_supplement_after_seven_working_days_is_refused(department, handler, frozen):
    app, _ = register(handler, department)  # Mon 2026-03-02; 7 working days → 2026-03-11
    frozen.set(2026, 3, 12)
    with pytest.raises(ValidationFailed) as exc:
        T(app, handler, Action.REQUEST_SUPPLEMENT, text="请补正")
    assert "2026-03-11" in exc.value.message
    app.refresh_from_db()
    assert (app.status, app.supplement_requested_at) == (Status.RECEIVED, None)
    assert answer_deadline(app).status == DeadlineStatus.OPEN


def test_sweep_abandons_when_the_supplement_period_passes(department, handler, frozen):
    app, _ = register(handler, department)
    app = T(app, handler, Action.REQUEST_SUPPLEMENT, text="请补正")
    frozen.set(2026, 3, 23, 23, 0)  # the last day (due 2026-03-23 end of day)
    assert services.foi_sweep()["abandoned_supplement"] == 0
    frozen.set(2026, 3, 24, 8, 0)
    assert services.foi_sweep()["abandoned_supplement"] == 1
    assert services.foi_sweep()["abandoned_supplement"] == 0  # idempotent
    app.refresh_from_db()
    assert (app.status, app.outcome, app.concluded_on) == (
        Status.ABANDONED_SUPPLEMENT,
        "other.no_supplement",
        D(2026, 3, 24),
    )


def test_abandon_before_the_period_passes_is_refused(department, handler, frozen):
    app, _ = register(handler, department)
    app = T(app, handler, Action.REQUEST_SUPPLEMENT, text="请补正")
    with pytest.raises(ValidationFailed):
        T(app, handler, Action.ABANDON_SUPPLEMENT)
    assert Application.objects.get(pk=app.pk).status == Status.SUPPLEMENT_REQUESTED


# --- Consultation pauses the clock ----------------------------------------------------------------------


def test_consultation_time_is_not_counted(department, handler, frozen):
    app, _ = register(handler, department)  # due 2026-03-30
    app = T(app, handler, Action.ACCEPT)
    frozen.set(2026, 3, 4)
    app = T(
        app,
        handler,
        Action.CONSULT,
        parties=[{"party_kind": "third_party", "party_name": "某公司", "question": "是否同意公开"}],
    )
    assert answer_deadline(app).status == DeadlineStatus.PAUSED
    assert selectors.clock_view(app).due_date is None
    c = app.consultations.get()
    assert Deadline.objects.get(pk=c.deadline_id).due_date == D(2026, 3, 25)  # 15 working days
    # when the third party answers on Wed 2026-03-11 (5 working days later)
    frozen.set(2026, 3, 11)
    services.consultation_record_opinion(
        actor=handler, consultation=c, opinion=ConsultationOpinion.OBJECT, text="涉及商业秘密"
    )
    # then the clock resumed by itself and the due date moved by the 5 excluded working days
    app.refresh_from_db()
    assert app.status == Status.IN_PROGRESS
    d = answer_deadline(app)
    assert (d.status, d.due_date) == (DeadlineStatus.OPEN, D(2026, 4, 7))  # 03-30 + 5 wd (清明 04-06 off)
    assert "暂停计时" in d.explain()


def test_other_agencys_silence_is_consent(department, other_department, handler, frozen):
    app, _ = register(handler, department)
    app = T(app, handler, Action.ACCEPT)
    app = T(app, handler, Action.CONSULT, parties=[{"party_kind": "agency", "party_agency": other_department}])
    frozen.set(2026, 3, 24, 8, 0)  # consultation due 2026-03-23
    counts = services.foi_sweep()
    assert counts["consultations_lapsed"] == 1
    c = app.consultations.get()
    assert (c.state, c.opinion, c.party_name) == (
        ConsultationState.LAPSED,
        ConsultationOpinion.AGREE,
        other_department.name,
    )
    app.refresh_from_db()
    assert app.status == Status.IN_PROGRESS
    assert answer_deadline(app).due_date == D(2026, 4, 21)  # 03-30 + the 15 paused working days (清明 off)


# --- One extension, approved by the head of the disclosure office --------------------------------------------


def test_head_extends_once_and_the_applicant_is_told(department, handler, head, frozen):
    app, _ = register(handler, department)  # due 2026-03-30
    app = T(app, handler, Action.ACCEPT)
    services.application_request_extension(actor=handler, application=app, reason="涉及档案检索量大")
    assert Notification.objects.filter(recipient=head, event="foi.extension_requested").exists()
    app = T(app, head, Action.EXTEND, reason="涉及档案检索量大")
    d = answer_deadline(app)
    assert (d.total_amount, d.due_date) == (40, D(2026, 4, 28))
    event = app.events.get(action=Action.EXTEND)
    assert event.public and "2026-04-28" in event.note
    # a second extension is refused and changes nothing
    audits = AuditEvent.objects.count()
    with pytest.raises(Conflict):
        T(app, head, Action.EXTEND, reason="再次延长")
    assert answer_deadline(app).due_date == D(2026, 4, 28)
    assert AuditEvent.objects.count() == audits


@pytest.mark.parametrize("who", ["handler", "unit_admin", "outsider"])
def test_only_the_head_approves_an_extension(department, handler, unit_admin, outsider, frozen, who):
    app, _ = register(handler, department)
    app = T(app, handler, Action.ACCEPT)
    actor = {"handler": handler, "unit_admin": unit_admin, "outsider": outsider}[who]
    with pytest.raises(PermissionDenied):
        T(app, actor, Action.EXTEND, reason="理由")
    assert answer_deadline(app).total_amount == 20
    assert not app.events.filter(action=Action.EXTEND).exists()


def test_county_head_covers_department(department, handler, county_head, frozen):
    app, _ = register(handler, department)
    app = T(app, handler, Action.ACCEPT)
    app = T(app, county_head, Action.EXTEND, reason="理由")
    assert answer_deadline(app).total_amount == 40


# --- Fees (国办函〔2020〕109号) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("basis", "units", "before", "amount"),
    [
        (FeeBasis.PER_PAGE, 30, 0, Decimal("0")),
        (FeeBasis.PER_PAGE, 31, 0, Decimal("10")),
        (FeeBasis.PER_PAGE, 100, 0, Decimal("700")),  # 70 × 10
        (FeeBasis.PER_PAGE, 150, 0, Decimal("1700")),  # 700 + 50 × 20
        (FeeBasis.PER_PAGE, 250, 0, Decimal("4700")),  # 700 + 2000 + 50 × 40
        (FeeBasis.PER_PIECE, 10, 0, Decimal("0")),
        (FeeBasis.PER_PIECE, 1, 10, Decimal("100")),  # the 11th piece this month
        (FeeBasis.PER_PIECE, 5, 28, Decimal("800")),  # 29, 30 at 100; 31, 32, 33 at 200
        (FeeBasis.PER_PIECE, 1, 40, Decimal("300")),  # the 41st: third band above 30
        (FeeBasis.PER_PIECE, 25, 25, Decimal("5500")),  # 26–30: 500; 31–40: 2000; 41–50: 3000
    ],
)
def test_fee_bands(basis, units, before, amount):
    assert compute_fee(FEE_STANDARDS_2021, basis=basis, units=units, units_before=before).amount == amount


def test_fee_explanation_lines():
    result = compute_fee(FEE_STANDARDS_2021, basis=FeeBasis.PER_PAGE, units=120)
    assert result.explain() == [
        "第 1–30 页：30 页 × 0 元 = 0 元",
        "第 31–100 页：70 页 × 10 元 = 700 元",
        "第 101–120 页：20 页 × 20 元 = 400 元",
        "合计：1100 元",
    ]


def test_fee_notice_pauses_and_payment_resumes(department, handler, frozen):
    app, _ = register(handler, department)
    app = T(app, handler, Action.ACCEPT)
    frozen.set(2026, 3, 4)
    app = T(app, handler, Action.FEE_NOTICE, basis=FeeBasis.PER_PAGE, units=45)
    fee = app.fees.get()
    assert (fee.amount, fee.state) == (Decimal("150.00"), FeeState.NOTIFIED)
    # 109号 第六条: the payment period runs from the applicant's receipt of the notice
    assert (fee.received_on, fee.deadline_id) == (None, None)
    frozen.set(2026, 3, 5)
    fee = services.fee_notice_record_receipt(actor=handler, application=app, received_on="2026-03-05")
    assert Deadline.objects.get(pk=fee.deadline_id).due_date == D(2026, 4, 2)  # 20 working days from receipt
    assert answer_deadline(app).status == DeadlineStatus.PAUSED
    frozen.set(2026, 3, 9)
    app = T(app, handler, Action.FEE_PAID, note="已收到缴费凭证")
    d = answer_deadline(app)
    assert (d.status, d.due_date) == (DeadlineStatus.OPEN, D(2026, 4, 2))  # 3 working days not counted
    # never a second fee notice on one application (per piece and per page are never both)
    with pytest.raises(Conflict):
        T(app, handler, Action.FEE_NOTICE, basis=FeeBasis.PER_PIECE, units=1)
    assert FeeNotice.objects.filter(application=app).count() == 1


def test_zero_fee_is_refused(department, handler, frozen):
    app, _ = register(handler, department)
    app = T(app, handler, Action.ACCEPT)
    with pytest.raises(ValidationFailed):
        T(app, handler, Action.FEE_NOTICE, basis=FeeBasis.PER_PAGE, units=30)
    assert not FeeNotice.objects.filter(application=app).exists()
    assert Application.objects.get(pk=app.pk).status == Status.IN_PROGRESS


def test_unpaid_fee_abandons_after_twenty_working_days(department, handler, frozen):
    app, _ = register(handler, department)
    app = T(
        T(app, handler, Action.ACCEPT),
        handler,
        Action.FEE_NOTICE,
        basis=FeeBasis.PER_PAGE,
        units=45,
        received_on=today(),
    )
    frozen.set(2026, 3, 31, 8, 0)  # fee due 2026-03-30
    assert services.foi_sweep()["abandoned_fee"] == 1
    app.refresh_from_db()
    assert (app.status, app.outcome) == (Status.ABANDONED_FEE, "other.no_fee")
    assert app.fees.get().state == FeeState.LAPSED


# --- Lists, reminders, escalation --------------------------------------------------------------------------------------


def test_due_soon_and_overdue_lists_and_escalation(department, other_department, handler, head, outsider, frozen):
    app, _ = register(handler, department)  # due 2026-03-30
    frozen.set(2026, 3, 27, 10)
    assert [a.pk for a in selectors.application_list_due_soon(handler)] == [app.pk]
    assert selectors.application_list_due_soon(outsider) == []
    frozen.set(2026, 3, 31, 10)
    assert [a.pk for a in selectors.application_list_overdue(handler)] == [app.pk]
    assert selectors.application_list_overdue(outsider) == []
    counts = services.foi_sweep()
    assert counts["escalated"] == 1
    assert Notification.objects.filter(recipient=head, event="foi.overdue_escalated").exists()
    assert services.foi_sweep()["escalated"] == 0


def test_explanation_is_one_click_away(client, department, handler, frozen):
    app, _ = register(handler, department)
    client.force_login(handler)
    page = client.get(f"/office/foi/{app.pk}/clock/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "第三十三条" in text and "2026-03-30" in text
