"""Accountability cases (004 附件3 第五条): opened by hand or from an overdue FOI application (through
foi.interface), decided on the review engine (office, then leader), with the notice (.docx)."""

import pytest

from gongkai.core import documents
from gongkai.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.foi import services as foi_services
from gongkai.foi.enums import Channel
from gongkai.orgs.enums import Role
from gongkai.oversight import selectors
from gongkai.oversight.enums import CaseSource, CaseStatus, Outcome, ViolationType
from gongkai.oversight.services import cases
from gongkai.workflow import selectors as review_selectors
from gongkai.workflow import services as review_services

from ..factories import UserFactory, grant
from ..foi.conftest import make_input


@pytest.fixture
def foi_handler(department):
    user = UserFactory(username="ov-foi-handler")
    grant(user, Role.SUB_USER, department)
    return user


def overdue_application(frozen, handler, agency):
    frozen.set(2026, 3, 2)
    app, _code = foi_services.application_register(
        actor=handler, agency=agency, channel=Channel.IN_PERSON, data=make_input(), submitted_on=frozen().date()
    )
    frozen.set(2026, 5, 6)  # far past 20 working days
    return app


def test_case_from_overdue_foi_application_through_review_to_notice(
    frozen, department, foi_handler, county_office, county_leader, unit_admin
):
    app = overdue_application(frozen, foi_handler, department)
    case = cases.case_open_from_foi(actor=county_office, application_id=app.pk)
    assert case.source == CaseSource.FOI and case.violation == ViolationType.LATE_ANSWER
    assert case.agency == department and app.tracking_number in case.facts
    assert case.source_url  # links to the application's page
    with pytest.raises(Conflict):
        cases.case_open_from_foi(actor=county_office, application_id=app.pk)

    case = cases.case_submit(actor=county_office, case=case)
    assert case.status == CaseStatus.UNDER_REVIEW
    review = review_selectors.review_active_for(case)
    review_services.review_decide(
        actor=county_office, review=review, decision="approve", data={"outcome": Outcome.CIRCULATED}
    )
    review = review_selectors.review_active_for(case)
    review_services.review_decide(actor=county_leader, review=review, decision="approve", comment="限期整改")
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED and case.outcome == Outcome.CIRCULATED
    from gongkai.notifications.models import Notification

    assert Notification.objects.filter(recipient__username="unitadmin", subject__contains=case.number).exists()
    text = documents.document_text(bytes(case.notice_docx))
    assert "通报批评" in text and department.name in text and app.tracking_number in text

    with pytest.raises(ValidationFailed):
        cases.case_close(actor=county_office, case=case, note="")
    case = cases.case_close(actor=county_office, case=case, note="已整改到位")
    assert case.status == CaseStatus.CLOSED


def test_application_on_time_cannot_open_a_case(frozen, department, foi_handler, county_office):
    frozen.set(2026, 3, 2)
    app, _ = foi_services.application_register(
        actor=foi_handler, agency=department, channel=Channel.IN_PERSON, data=make_input(), submitted_on=frozen().date()
    )
    with pytest.raises(ValidationFailed):
        cases.case_open_from_foi(actor=county_office, application_id=app.pk)


def test_returned_review_reopens_the_case(frozen, department, county_office, county_leader):
    case = cases.case_open(
        actor=county_office, agency=department, violation=ViolationType.NOT_UPDATED, facts="公开指南两年未更新。"
    )
    cases.case_submit(actor=county_office, case=case)
    review = review_selectors.review_active_for(case)
    review_services.review_decide(actor=county_office, review=review, decision="return", comment="补充材料")
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    with pytest.raises(InvalidTransition):
        cases.case_close(actor=county_office, case=case, note="x")


def test_manual_case_denials_and_visibility(frozen, department, other_department, county_office, outsider, worker):
    with pytest.raises(PermissionDenied):
        cases.case_open(actor=worker, agency=department, violation=ViolationType.OTHER, facts="x")
    with pytest.raises(PermissionDenied):
        cases.case_open(actor=outsider, agency=department, violation=ViolationType.OTHER, facts="x")
    with pytest.raises(ValidationFailed):
        cases.case_open(actor=county_office, agency=department, violation="bogus", facts="x")
    case = cases.case_open(
        actor=county_office, agency=department, violation=ViolationType.ILLEGAL_FEES, facts="违规收费"
    )
    assert case.number.startswith("ZR2026-")
    assert selectors.case_get_visible_to(county_office, case.pk) == case
    assert selectors.case_get_visible_to(outsider, case.pk) is None
    assert selectors.case_get_visible_to(worker, case.pk) is None


def test_opinion_criticism_and_interviews_become_cases(frozen, county_gov, department, county_office):
    import datetime as dt

    from gongkai.opinion.response_models import AccountabilityAction
    from gongkai.oversight.models import AccountabilityCase

    for kind in ("criticism", "interview", "commendation"):
        AccountabilityAction.objects.create(
            agency=department,
            kind=kind,
            issuer=county_gov,
            decided_at=dt.date(2026, 2, 1),
            reason="回应迟缓",
            document_number="前政办通〔2026〕1号",
        )
    assert cases.case_sync_opinion_records(actor=county_office) == 2
    assert cases.case_sync_opinion_records(actor=county_office) == 0  # idempotent
    rows = AccountabilityCase.objects.filter(source=CaseSource.OPINION).order_by("id")
    assert [r.outcome for r in rows] == [Outcome.CIRCULATED, Outcome.INTERVIEW]
    assert all(r.status == CaseStatus.DECIDED and r.agency == department for r in rows)
    assert selectors.case_count(department.pk, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == 2
