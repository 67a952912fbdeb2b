"""Online interviews (在线访谈) with moderated questions."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import Conflict, DomainError, InvalidTransition
from gongkai.opinion import interface as opinion_interface
from gongkai.orgs.models import Agency

from .. import permissions
from ..enums import (
    InterviewAction,
    InterviewStatus,
    QuestionStatus,
)
from ..events import PressEvent
from ..models import Interview, InterviewQuestion
from ..transitions import INTERVIEW_TRANSITIONS
from .common import _agency, _lock, _moment, _text

# ------------------------------------------------------------------------------------------------
# Online interviews (在线访谈) with moderated questions
# ------------------------------------------------------------------------------------------------


def interview_plan(
    *, actor, agency: Agency | int, title: str, guest: str, scheduled_at, guest_is_head: bool = True, summary: str = ""
) -> Interview:
    agency = _agency(agency)
    permissions.require_conference_create(actor, agency)
    values = {
        "title": _text(title, "访谈主题", max_length=200),
        "guest": _text(guest, "访谈嘉宾", max_length=200),
        "scheduled_at": _moment(scheduled_at, "访谈时间"),
        "guest_is_head": bool(guest_is_head),
        "summary": _text(summary, "访谈简介", required=False, max_length=5000),
    }
    with transaction.atomic():
        interview = Interview.objects.create(agency=agency, created_by=actor, **values)
        audit_log(actor=actor, event=PressEvent.INTERVIEW_PLANNED, target=interview, data={"new": values})
    return interview


def _answers_transcript(interview: Interview) -> str:
    """The answered questions as the transcript (when no transcript is written)."""
    rows = interview.questions.filter(status=QuestionStatus.ANSWERED).order_by("answered_at", "id")
    return "\n\n".join(f"网友“{q.asker}”：{q.text}\n{interview.guest}：{q.answer}" for q in rows)


def interview_transition(*, actor, interview: Interview, action: str, transcript: str = "") -> Interview:
    permissions.require_conference_create(actor, interview.agency_id)
    if action == InterviewAction.PUBLISH:
        if not str(transcript or "").strip():
            transcript = _answers_transcript(interview)
        transcript = _text(transcript, "访谈实录", max_length=200000)
    with transaction.atomic():
        locked = _lock(Interview, interview)
        new = INTERVIEW_TRANSITIONS.get((locked.status, action))
        if new is None:
            raise InvalidTransition(
                f"当前状态（{locked.get_status_display()}）不能执行“{InterviewAction(action).label}”。",
                code="invalid_transition",
            )
        old = locked.status
        locked.status = new
        if action == InterviewAction.START:
            locked.held_at = clock.now()
        if action == InterviewAction.PUBLISH:
            locked.transcript = transcript
            locked.published_at = locked.published_at or clock.now()
        locked.save()
        audit_log(
            actor=actor,
            event=PressEvent.INTERVIEW_TRANSITION,
            target=locked,
            data={"old": {"status": old}, "new": {"status": new}, "action": action},
        )
    interview.refresh_from_db()
    return interview


class QuestionThrottled(DomainError):
    code = "throttled"
    http_status = 429
    default_message = "提问过于频繁，请稍后再试。"


def _check_question_rate(ip: str) -> None:
    """At most ``PRESS_QUESTION_MAX_PER_ADDRESS`` questions per address in ``PRESS_QUESTION_WINDOW_MINUTES``
    (a security setting, not a statutory number)."""
    window = int(getattr(settings, "PRESS_QUESTION_WINDOW_MINUTES", 60))
    limit = int(getattr(settings, "PRESS_QUESTION_MAX_PER_ADDRESS", 10))
    key = "press-question:" + hashlib.sha256((ip or "unknown").encode()).hexdigest()
    cache.add(key, 0, timeout=window * 60)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window * 60)
        count = 1
    if count > limit:
        raise QuestionThrottled(f"同一网络地址在 {window} 分钟内最多可提交 {limit} 个问题，请稍后再试。")


def question_submit(*, interview: Interview, asker: str, text: str, ip: str = "") -> InterviewQuestion:
    """A citizen asks (before or during the interview). Sensitive words are flagged (the opinion
    module's list, through its interface); nothing is shown before a person approves it."""
    if interview.status not in (InterviewStatus.PLANNED, InterviewStatus.LIVE):
        raise InvalidTransition("该访谈已结束，不再征集问题。", code="closed")
    asker = _text(asker, "昵称", max_length=40)
    text = _text(text, "问题", max_length=1000)
    _check_question_rate(ip)
    flagged = opinion_interface.sensitive_terms_in(text, region_id=interview.agency.region_id)
    with transaction.atomic():
        question = InterviewQuestion.objects.create(interview=interview, asker=asker, text=text, flagged_words=flagged)
        audit_log(
            actor=None,
            event=PressEvent.QUESTION_SUBMITTED,
            target=question,
            data={"interview": interview.pk, "flagged": flagged},
            agency_id=interview.agency_id,
        )
    return question


def question_moderate(*, actor, question: InterviewQuestion, approve: bool) -> InterviewQuestion:
    permissions.require_conference_create(actor, question.interview.agency_id)
    with transaction.atomic():
        locked = _lock(InterviewQuestion, question)
        if locked.status != QuestionStatus.PENDING:
            raise Conflict("该问题已审核。", code="already_moderated")
        locked.status = QuestionStatus.APPROVED if approve else QuestionStatus.REJECTED
        locked.moderated_by = actor
        locked.moderated_at = clock.now()
        locked.save()
        audit_log(
            actor=actor,
            event=PressEvent.QUESTION_MODERATED,
            target=locked,
            data={"new": {"status": locked.status}, "flagged": locked.flagged_words},
        )
    question.refresh_from_db()
    return question


def question_answer(*, actor, question: InterviewQuestion, answer: str) -> InterviewQuestion:
    permissions.require_conference_create(actor, question.interview.agency_id)
    answer = _text(answer, "答复", max_length=10000)
    with transaction.atomic():
        locked = _lock(InterviewQuestion, question)
        if locked.status not in (QuestionStatus.APPROVED, QuestionStatus.ANSWERED):
            raise InvalidTransition("只有审核通过的问题可以答复。", code="not_approved")
        locked.status = QuestionStatus.ANSWERED
        locked.answer = answer
        locked.answered_at = clock.now()
        locked.save()
        audit_log(actor=actor, event=PressEvent.QUESTION_ANSWERED, target=locked, data={"answer": answer[:200]})
    question.refresh_from_db()
    return question
