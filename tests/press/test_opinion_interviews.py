"""The link to the opinion module's 24 h press-conference clock, and online interviews with
moderated questions (sensitive words flagged through the opinion module's interface)."""

import datetime as dt

import pytest
from django.test import Client

from gongkai.core.errors import Conflict, InvalidTransition, PermissionDenied
from gongkai.opinion import interface as opinion_interface
from gongkai.opinion.models import Event
from gongkai.opinion.response.clocks import _start_clock
from gongkai.opinion.response.enums import ClockOutcome, Obligation
from gongkai.press import selectors, services
from gongkai.press.enums import QuestionStatus

from .helpers import approve_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def major_event(department, frozen):
    event = Event.objects.create(title="某校食堂食品安全事件", first_seen_at=frozen(), last_seen_at=frozen())
    _start_clock(event=event, obligation=Obligation.PRESS_CONFERENCE, lead=department, start=frozen())
    return event


def _plan_for(event, planner, department, plan_values, news_office, unit_admin):
    c = services.conference_plan(actor=planner, agency=department, **plan_values, opinion_event_id=event.pk)
    services.conference_submit(actor=planner, conference=c)
    return approve_all(c, news_office, unit_admin)


def test_open_clock_is_offered_to_the_lead_unit(major_event, planner, outsider):
    [row] = selectors.open_opinion_clocks(planner)
    assert row["event_id"] == major_event.pk and row["due_at"] is not None
    assert selectors.open_opinion_clocks(outsider) == []


@pytest.mark.parametrize("hours, outcome", [(10, ClockOutcome.MET), (30, ClockOutcome.LATE)])
def test_holding_the_conference_stops_the_24h_clock(
    major_event, planner, department, plan_values, news_office, unit_admin, frozen, hours, outcome
):
    c = _plan_for(major_event, planner, department, plan_values, news_office, unit_admin)
    assert opinion_interface.conference_clock_state(major_event.pk)["outcome"] == ClockOutcome.OPEN
    start = frozen()
    frozen.advance(hours=hours + 1)
    services.conference_hold(actor=planner, conference=c, held_at=start + dt.timedelta(hours=hours))
    state = opinion_interface.conference_clock_state(major_event.pk)
    assert state["outcome"] == outcome
    assert state["stopped_at"] == start + dt.timedelta(hours=hours)
    assert selectors.open_opinion_clocks(planner) == []


def test_an_unapproved_plan_does_not_stop_the_clock(major_event, planner, department, plan_values, frozen):
    c = services.conference_plan(actor=planner, agency=department, **plan_values, opinion_event_id=major_event.pk)
    with pytest.raises(InvalidTransition):
        services.conference_hold(actor=planner, conference=c, held_at=frozen())
    assert opinion_interface.conference_clock_state(major_event.pk)["outcome"] == ClockOutcome.OPEN


# --- online interviews --------------------------------------------------------------------------


@pytest.fixture
def interview(planner, department, frozen):
    return services.interview_plan(
        actor=planner,
        agency=department,
        title="局长在线访谈",
        guest="局长",
        scheduled_at=frozen() + dt.timedelta(days=2),
    )


def test_questions_are_moderated_before_display(interview, planner):
    q = services.question_submit(interview=interview, asker="网友甲", text="学校什么时候开学？", ip="10.0.0.1")
    assert q.status == QuestionStatus.PENDING and q.flagged_words == []
    assert not selectors.public_questions(interview).exists()
    services.question_moderate(actor=planner, question=q, approve=True)
    assert list(selectors.public_questions(interview)) == [q]
    with pytest.raises(Conflict):
        services.question_moderate(actor=planner, question=q, approve=False)
    services.question_answer(actor=planner, question=q, answer="九月一日。")
    q.refresh_from_db()
    assert q.status == QuestionStatus.ANSWERED and q.answer == "九月一日。"


def test_sensitive_words_are_flagged(interview, planner):
    from gongkai.opinion.rules import SENSITIVE_TERMS

    term = SENSITIVE_TERMS["terms"][0]
    q = services.question_submit(interview=interview, asker="网友乙", text=f"听说有{term}的情况？", ip="10.0.0.2")
    assert term in q.flagged_words
    assert q.status == QuestionStatus.PENDING  # flagged, a person still decides
    services.question_moderate(actor=planner, question=q, approve=False)
    assert not selectors.public_questions(interview).exists()


def test_rejected_question_cannot_be_answered_and_outsiders_cannot_moderate(interview, planner, outsider):
    q = services.question_submit(interview=interview, asker="网友丙", text="问题", ip="10.0.0.3")
    with pytest.raises(PermissionDenied):
        services.question_moderate(actor=outsider, question=q, approve=True)
    services.question_moderate(actor=planner, question=q, approve=False)
    with pytest.raises(InvalidTransition):
        services.question_answer(actor=planner, question=q, answer="答")


def test_interview_flow_and_closed_for_questions(interview, planner):
    services.interview_transition(actor=planner, interview=interview, action="start")
    services.question_submit(interview=interview, asker="网友丁", text="现场提问", ip="10.0.0.4")  # during it
    services.interview_transition(actor=planner, interview=interview, action="close")
    with pytest.raises(InvalidTransition):
        services.question_submit(interview=interview, asker="网友戊", text="太晚了", ip="10.0.0.4")
    with pytest.raises(Exception, match="访谈实录"):
        services.interview_transition(actor=planner, interview=interview, action="publish", transcript="")
    services.interview_transition(actor=planner, interview=interview, action="publish", transcript="访谈全文")
    assert interview.status == "published"


def test_public_question_form_and_rate_limit(interview, settings):
    settings.PRESS_QUESTION_MAX_PER_ADDRESS = 2
    from django.core.cache import cache

    cache.clear()
    client = Client(REMOTE_ADDR="10.9.9.9")
    url = f"/press/interviews/{interview.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"asker": "", "text": ""}).status_code == 422
    for _ in range(2):
        assert client.post(url, {"asker": "网友", "text": "问题"}).status_code == 302
    refused = client.post(url, {"asker": "网友", "text": "问题"})
    assert refused.status_code == 429 and "最多可提交" in refused.content.decode()
    assert interview.questions.count() == 2


# --- reuse of the opinion risk assessment (R6.4) -----------------------------------------------------


def _risk(agency, **kw):
    from gongkai.opinion.response.enums import RiskLevel, RiskStatus
    from gongkai.opinion.response_models import DecisionRiskAssessment

    return DecisionRiskAssessment.objects.create(
        agency=agency,
        decision_title="学区划分调整方案",
        findings="部分家长可能关注学区变化。",
        plan="设立咨询电话，及时解读。",
        talking_points="学区调整依据人口分布。",
        level=RiskLevel.MEDIUM,
        status=kw.pop("status", RiskStatus.CONCLUDED),
        **kw,
    )


def test_plan_reuses_a_concluded_risk_assessment(planner, department, other_department, plan_values):
    risk = _risk(department)
    assert [r["id"] for r in selectors.risk_assessments_for(planner)] == [risk.pk]
    values = {**plan_values, "risk_assessment": "", "talking_points": "", "opinion_risk_id": risk.pk}
    c = services.conference_plan(actor=planner, agency=department, **values)
    assert c.opinion_risk_id == risk.pk
    assert "学区划分调整方案" in c.risk_assessment and "设立咨询电话" in c.risk_assessment
    assert c.talking_points == "学区调整依据人口分布。" and c.risk_level == "中"
    other = _risk(other_department)
    with pytest.raises(Exception, match="不属于本单位"):
        services.conference_plan(actor=planner, agency=department, **{**values, "opinion_risk_id": other.pk})


def test_a_draft_risk_assessment_cannot_be_reused(planner, department, plan_values):
    from gongkai.opinion.response.enums import RiskStatus

    draft = _risk(department, status=RiskStatus.DRAFT)
    with pytest.raises(Exception, match="尚未完成"):
        services.conference_plan(actor=planner, agency=department, **{**plan_values, "opinion_risk_id": draft.pk})


def test_answers_become_the_transcript(interview, planner):
    q = services.question_submit(interview=interview, asker="网友己", text="何时开工？", ip="10.0.0.9")
    services.question_moderate(actor=planner, question=q, approve=True)
    services.interview_transition(actor=planner, interview=interview, action="start")
    services.question_answer(actor=planner, question=q, answer="明年三月。")
    services.interview_transition(actor=planner, interview=interview, action="close")
    services.interview_transition(actor=planner, interview=interview, action="publish", transcript="")
    assert interview.transcript == "网友“网友己”：何时开工？\n局长：明年三月。"
