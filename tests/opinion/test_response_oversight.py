"""Reports forwarded to the handling units (R5.3), adopted suggestions made public (R5.8), and the
assessment measures of response work (R5.10): through the pages and the services, with denials and
bad input."""

import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import Conflict, PermissionDenied, ValidationFailed
from gongkai.notifications.models import Notification
from gongkai.opinion.enums import WarningLevel
from gongkai.opinion.response import oversight, services
from gongkai.opinion.response.enums import ResponseKind, ResponseStatus
from gongkai.opinion.response_models import (
    AccountabilityAction,
    EventAssignment,
    OpinionReport,
    OpinionReportDelivery,
    OpinionResponse,
    ResultFeedback,
)
from gongkai.workflow.enums import Decision
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_decide

from . import test_response_support as support
from .test_response_support import build_world, make_event

world = support.world
pytestmark = pytest.mark.django_db
BASE = "/office/opinion/response/"


@pytest.fixture
def red(world):
    event = make_event(title="甲镇学校食堂事件", level=WarningLevel.RED, regions=[world.town_a_region])
    services.event_route(event=event)
    return event


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    return "\n".join(p.text for p in doc.paragraphs)


# --- Reports forwarded to the handling units ---------------------------------------------------------------


def test_coordinator_issues_numbered_reports_and_the_township_receives_them(client, world, red):
    client.force_login(world.monitor)
    page = client.get(BASE + f"events/{red.pk}/").content.decode()
    assert "报送专报 / 快报 / 简报" in page
    response = client.post(
        BASE + f"events/{red.pk}/reports/",
        {
            "kind": "special",
            "issuer": world.gov.pk,
            "recipients": [world.town_a.pk],
            "note": "请甲镇5小时内发布权威信息。",
        },
    )
    assert response.status_code == 302
    first = OpinionReport.objects.get()
    year = first.issued_at.astimezone(dt.timezone(dt.timedelta(hours=8))).year
    assert first.number == f"舆情专报〔{year}〕第1期"
    assert [d.agency for d in first.deliveries.all()] == [world.town_a]
    text = _docx_text(bytes(first.document))
    assert first.number in text and "送：甲镇人民政府" in text and "请甲镇5小时内发布权威信息。" in text
    # the township's receiving staff are told, in-app and by e-mail, with the link to the report
    notes = Notification.objects.filter(recipient=world.town_a_admin, event="opinion.report")
    assert {n.channel for n in notes} == {"in_app", "email"}
    assert all(n.link == BASE + f"reports/{first.pk}.docx" for n in notes)
    assert AuditEvent.objects.filter(event="opinion.report_issued").count() == 1
    # a second special report from the same unit is number 2; a quick report starts its own series
    second = oversight.report_issue(
        actor=world.monitor, event=red, kind="special", issuer=world.gov, recipients=[world.town_a]
    )
    quick = oversight.report_issue(
        actor=world.monitor, event=red, kind="quick", issuer=world.gov, recipients=[world.town_a]
    )
    assert (second.serial, quick.serial) == (2, 1) and quick.number.startswith("舆情快报")

    # the coordinator's own opening is not the township's receipt
    assert client.get(BASE + f"reports/{first.pk}.docx").status_code == 200
    assert OpinionReportDelivery.objects.get(report=first).read_at is None
    # the township's staff open it: receipt recorded once, shown on the event page
    client.force_login(world.town_a_staff)
    response = client.get(BASE + f"reports/{first.pk}.docx")
    assert response.status_code == 200 and first.number in _docx_text(response.content)
    delivery = OpinionReportDelivery.objects.get(report=first)
    assert delivery.read_by == world.town_a_staff and delivery.read_at is not None
    client.force_login(world.town_a_admin)
    client.get(BASE + f"reports/{first.pk}.docx")
    delivery.refresh_from_db()
    assert delivery.read_by == world.town_a_staff
    assert "已阅" in client.get(BASE + f"events/{red.pk}/").content.decode()


def test_reports_are_refused_to_those_who_may_not_issue_or_see_them(client, world, red):
    report = oversight.report_issue(
        actor=world.monitor, event=red, kind="brief", issuer=world.gov, recipients=[world.town_a]
    )
    # a receiving township may read but not issue
    client.force_login(world.town_a_admin)
    page = client.get(BASE + f"events/{red.pk}/").content.decode()
    assert "报送专报 / 快报 / 简报" not in page
    response = client.post(
        BASE + f"events/{red.pk}/reports/", {"kind": "special", "issuer": world.gov.pk, "recipients": [world.town_a.pk]}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        oversight.report_issue(
            actor=world.town_a_admin, event=red, kind="special", issuer=world.town_a, recipients=[world.town_a]
        )
    # another township neither sees the report nor gets a receipt
    client.force_login(world.town_b_admin)
    assert client.get(BASE + f"reports/{report.pk}.docx").status_code == 404
    assert client.get(BASE + "reports/999999.docx").status_code == 404
    assert OpinionReport.objects.count() == 1


def test_bad_report_input_writes_nothing(client, world, red):
    other = build_world(code="150623", name="鄂托克前旗", prefix="eqq")
    client.force_login(world.monitor)
    # no recipient: the form says so, in Chinese, with 422
    response = client.post(BASE + f"events/{red.pk}/reports/", {"kind": "special", "issuer": world.gov.pk})
    assert response.status_code == 422 and "errorlist" in response.content.decode()
    # an unknown kind
    response = client.post(
        BASE + f"events/{red.pk}/reports/", {"kind": "secret", "issuer": world.gov.pk, "recipients": [world.town_a.pk]}
    )
    assert response.status_code == 422
    # a unit of another county, and an issuer the user does not belong to
    with pytest.raises(ValidationFailed, match="属地范围"):
        oversight.report_issue(
            actor=world.monitor, event=red, kind="special", issuer=world.gov, recipients=[other.town_a]
        )
    with pytest.raises(ValidationFailed, match="报送单位"):
        oversight.report_issue(
            actor=world.monitor, event=red, kind="special", issuer=other.gov, recipients=[world.town_a]
        )
    with pytest.raises(ValidationFailed):
        oversight.report_issue(actor=world.monitor, event=red, kind="special", issuer=world.gov, recipients=[])
    assert not OpinionReport.objects.exists() and not OpinionReportDelivery.objects.exists()
    assert not Notification.objects.filter(event="opinion.report").exists()


# --- Adopted suggestions made public -----------------------------------------------------------------------


def _claim(world, event):
    assignment = EventAssignment.objects.get(event=event, agency=world.town_a)
    services.assignment_claim(actor=world.town_a_staff, assignment=assignment)


def _feedback(world, event, adopted=True):
    return services.feedback_create(
        actor=world.town_a_staff,
        event=event,
        agency=world.town_a,
        channel="website",
        recipient="留言网民",
        content="采纳网民建议：食堂实行陪餐制并每周公示食材来源。",
        fed_back_at=support.local(2026, 3, 2, 12),
        suggestion_adopted=adopted,
    )


def test_adopted_suggestions_are_published_only_after_review(client, world, red):
    _claim(world, red)
    feedback = _feedback(world, red)
    client.force_login(world.town_a_staff)
    assert "起草采纳情况公开" in client.get(BASE + f"events/{red.pk}/").content.decode()
    response = client.post(BASE + f"feedback/{feedback.pk}/publish/")
    draft = OpinionResponse.objects.get()
    assert response.status_code == 302 and response["Location"] == BASE + f"responses/{draft.pk}/"
    assert draft.kind == ResponseKind.ADOPTED_SUGGESTIONS and draft.status == ResponseStatus.DRAFT
    assert "陪餐制" in draft.body
    feedback.refresh_from_db()
    assert feedback.publication == draft
    # not public while a draft
    assert client.get(f"/responses/{draft.pk}/").status_code == 404
    # twice is refused
    assert client.post(BASE + f"feedback/{feedback.pk}/publish/").status_code == 409
    assert OpinionResponse.objects.count() == 1
    # through the review, then public in the responses column under its kind
    services.response_submit(actor=world.town_a_staff, response=draft)
    review = review_active_for(draft)
    review_decide(actor=world.town_a_admin, review=review, decision=Decision.APPROVE)
    review_decide(actor=world.news, review=review, decision=Decision.APPROVE, data={"conclusion": "public"})
    review_decide(actor=world.leader, review=review, decision=Decision.APPROVE)
    client.logout()
    page = client.get(f"/responses/{draft.pk}/").content.decode()
    assert "意见建议采纳情况" in page and "陪餐制" in page


def test_adopted_suggestions_draft_refused(client, world, red):
    _claim(world, red)
    plain = _feedback(world, red, adopted=False)
    with pytest.raises(ValidationFailed):
        oversight.adopted_suggestions_draft(actor=world.town_a_staff, feedback=plain)
    adopted = _feedback(world, red)
    # a coordinator who is not the township's staff may not draft in its name
    with pytest.raises(PermissionDenied):
        oversight.adopted_suggestions_draft(actor=world.edu_admin, feedback=adopted)
    # another township does not even see it
    client.force_login(world.town_b_admin)
    assert client.post(BASE + f"feedback/{adopted.pk}/publish/").status_code == 404
    assert not OpinionResponse.objects.exists()
    adopted.refresh_from_db()
    assert adopted.publication is None


def test_second_draft_after_a_race_is_a_conflict(world, red):
    _claim(world, red)
    adopted = _feedback(world, red)
    oversight.adopted_suggestions_draft(actor=world.town_a_staff, feedback=adopted)
    stale = ResultFeedback.objects.get(pk=adopted.pk)
    stale.publication_id = None  # a copy read before the first draft was linked
    with pytest.raises(Conflict):
        oversight.adopted_suggestions_draft(actor=world.town_a_staff, feedback=stale)
    assert OpinionResponse.objects.count() == 1


# --- Circulated criticism, interviews, commendation -------------------------------------------------------


def test_news_office_records_a_criticism_the_unit_sees_it(client, world, red):
    client.force_login(world.news)
    page = client.get(BASE + "statistics/").content.decode()
    assert "登记通报批评、约谈或通报表扬" in page
    today = dt.date.today()
    response = client.post(
        BASE + "statistics/accountability/",
        {
            "kind": "criticism",
            "agency": world.town_a.pk,
            "issuer": world.gov.pk,
            "decided_at": today.isoformat(),
            "document_number": "祥政新〔2026〕3号",
            "reason": "食堂事件超过4小时未发布权威信息。",
            "events": [red.pk],
        },
    )
    assert response.status_code == 302
    action = AccountabilityAction.objects.get()
    assert (action.kind, action.agency, action.issuer) == ("criticism", world.town_a, world.gov)
    assert list(action.events.all()) == [red]
    assert Notification.objects.filter(recipient=world.town_a_admin, event="opinion.accountability").exists()
    assert AuditEvent.objects.filter(event="opinion.accountability_recorded").count() == 1
    query = f"?period=month&date={today.isoformat()}"
    assert "祥政新〔2026〕3号" in client.get(BASE + "statistics/" + query).content.decode()
    wb = load_workbook(io.BytesIO(client.get(BASE + "statistics.xlsx" + query).content))
    rows = list(wb["通报与约谈"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2], r[5]) for r in rows] == [("通报批评", "甲镇人民政府", "祥政新〔2026〕3号")]
    # the township sees it but may not record one; another township does not see it
    client.force_login(world.town_a_admin)
    page = client.get(BASE + "statistics/" + query).content.decode()
    assert "祥政新〔2026〕3号" in page and "登记通报批评、约谈或通报表扬" not in page
    response = client.post(
        BASE + "statistics/accountability/",
        {"kind": "commendation", "agency": world.town_a.pk, "issuer": world.gov.pk, "decided_at": today, "reason": "x"},
    )
    assert response.status_code == 403
    client.force_login(world.town_b_admin)
    assert "祥政新〔2026〕3号" not in client.get(BASE + "statistics/" + query).content.decode()
    assert AccountabilityAction.objects.count() == 1


def test_bad_accountability_input_writes_nothing(client, world, red):
    other = build_world(code="150623", name="鄂托克前旗", prefix="eqq")
    today = dt.date.today()
    client.force_login(world.news)
    response = client.post(
        BASE + "statistics/accountability/",
        {"kind": "criticism", "agency": world.town_a.pk, "issuer": world.gov.pk, "decided_at": "2026-02-30"},
    )
    assert response.status_code == 422 and "errorlist" in response.content.decode()
    with pytest.raises(ValidationFailed, match="晚于今天"):
        oversight.accountability_create(
            actor=world.news,
            agency=world.town_a,
            kind="interview",
            issuer=world.gov,
            decided_at=today + dt.timedelta(days=1),
            reason="约谈",
        )
    with pytest.raises(ValidationFailed, match="行政区域"):
        oversight.accountability_create(
            actor=world.news, agency=other.town_a, kind="interview", issuer=world.gov, decided_at=today, reason="约谈"
        )
    with pytest.raises(ValidationFailed, match="作出单位"):
        oversight.accountability_create(
            actor=world.news, agency=world.town_a, kind="interview", issuer=other.gov, decided_at=today, reason="约谈"
        )
    other_event = make_event(title="他县事件", level=WarningLevel.RED, regions=[other.town_a_region])
    with pytest.raises(ValidationFailed, match="无权查看"):
        oversight.accountability_create(
            actor=world.news,
            agency=world.town_a,
            kind="interview",
            issuer=world.gov,
            decided_at=today,
            reason="约谈",
            events=[other_event],
        )
    with pytest.raises(ValidationFailed, match="事由"):
        oversight.accountability_create(
            actor=world.news, agency=world.town_a, kind="interview", issuer=world.gov, decided_at=today, reason="  "
        )
    # the opinion monitor coordinates events but is not the news or disclosure office
    with pytest.raises(PermissionDenied):
        oversight.accountability_create(
            actor=world.monitor,
            agency=world.town_a,
            kind="interview",
            issuer=world.gov,
            decided_at=today,
            reason="约谈",
        )
    assert not AccountabilityAction.objects.exists()
    assert not Notification.objects.filter(event="opinion.accountability").exists()
