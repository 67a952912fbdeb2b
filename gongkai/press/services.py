"""Every write of the press app: in ``transaction.atomic``, audited, with the transition tables.

Edges (back office, portal, API) call these and the selectors only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import Conflict, DomainError, InvalidTransition, NotFound, ValidationFailed
from gongkai.notifications.services import notify
from gongkai.opinion import interface as opinion_interface
from gongkai.orgs.models import Agency
from gongkai.workflow import selectors as review_selectors
from gongkai.workflow import services as review_services
from gongkai.workflow.enums import ReviewStatus

from . import media as media_tools
from . import permissions
from .enums import (
    ConferenceAction,
    ConferenceKind,
    ConferenceStatus,
    FilingAction,
    FilingStatus,
    InterviewAction,
    InterviewStatus,
    MediaKind,
    PersonRole,
    QuestionStatus,
)
from .events import PressEvent
from .models import Conference, ConferenceMedia, Interview, InterviewQuestion, SpokespersonFiling
from .reviews import CONFERENCE_TEMPLATE, FILING_TEMPLATE
from .transitions import CONFERENCE_TRANSITIONS, FILING_TRANSITIONS, INTERVIEW_TRANSITIONS

# ------------------------------------------------------------------------------------------------
# Input helpers
# ------------------------------------------------------------------------------------------------


def _text(value: Any, label: str, *, required: bool = True, max_length: int | None = None) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationFailed(f"请填写{label}。", code="required", detail={"fields": {label: "必填"}})
    if max_length is not None and len(text) > max_length:
        raise ValidationFailed(f"{label}不能超过 {max_length} 个字。", code="too_long")
    return text


def _date(value: Any, label: str, *, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationFailed(f"请填写{label}。", code="required")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(f"{label}格式无效（应为 年-月-日）。", code="invalid_date") from None


def _moment(value: Any, label: str, *, required: bool = True) -> dt.datetime | None:
    if value in (None, ""):
        if required:
            raise ValidationFailed(f"请填写{label}。", code="required")
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValidationFailed(f"{label}格式无效。", code="invalid_datetime") from None
    if not isinstance(value, dt.datetime):
        raise ValidationFailed(f"{label}格式无效。", code="invalid_datetime")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _agency(agency: Agency | int) -> Agency:
    if isinstance(agency, Agency):
        return agency
    found = Agency.objects.filter(pk=agency, is_active=True).first()
    if found is None:
        raise NotFound("未找到该单位。")
    return found


def _lock(model, obj) -> Any:
    pk = obj if isinstance(obj, int) else obj.pk
    found = model.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该记录。")
    return found


# ------------------------------------------------------------------------------------------------
# Spokespersons and liaisons (R1.3): filed with the news office through a review
# ------------------------------------------------------------------------------------------------


def filing_create(
    *,
    actor,
    agency: Agency | int,
    role: str,
    name: str,
    title: str,
    since,
    until=None,
    office_phone: str = "",
    mobile: str = "",
) -> SpokespersonFiling:
    agency = _agency(agency)
    permissions.require_filing_create(actor, agency)
    if role not in PersonRole.values:
        raise ValidationFailed("请选择新闻发言人或新闻联络员。", code="invalid_role")
    values = {
        "name": _text(name, "姓名", max_length=60),
        "title": _text(title, "职务", max_length=100),
        "office_phone": _text(office_phone, "办公电话", required=False, max_length=40),
        "mobile": _text(mobile, "手机", required=False, max_length=40),
        "since": _date(since, "任职起始日期"),
        "until": _date(until, "任职终止日期", required=False),
    }
    if not values["office_phone"] and not values["mobile"]:
        raise ValidationFailed("请至少填写一个联系电话。", code="phone_required")
    if values["until"] and values["until"] < values["since"]:
        raise ValidationFailed("任职终止日期不能早于起始日期。", code="invalid_period")
    with transaction.atomic():
        filing = SpokespersonFiling.objects.create(agency=agency, role=role, created_by=actor, **values)
        audit_log(actor=actor, event=PressEvent.FILING_CREATED, target=filing, data={"new": {**values, "role": role}})
    return filing


def filing_transition(*, actor, filing: SpokespersonFiling | int, action: str, comment: str = "") -> SpokespersonFiling:
    """Apply ``action`` (FILING_TRANSITIONS). Approval files it and ends the earlier filed person."""
    with transaction.atomic():
        locked = _lock(SpokespersonFiling, filing)
        new = FILING_TRANSITIONS.get((locked.status, action))
        if new is None:
            raise InvalidTransition(
                f"当前状态（{locked.get_status_display()}）不能执行“{FilingAction(action).label}”。",
                code="invalid_transition",
            )
        old = locked.status
        locked.status = new
        fields = ["status", "updated_at"]
        if action == FilingAction.REVIEW_APPROVED:
            locked.filed_at = clock.now()
            fields.append("filed_at")
            earlier = (
                SpokespersonFiling.objects.select_for_update()
                .filter(agency_id=locked.agency_id, role=locked.role, status=FilingStatus.FILED)
                .exclude(pk=locked.pk)
            )
            for prev in earlier:
                prev.status = FilingStatus.ENDED
                if prev.until is None or prev.until >= locked.since:
                    prev.until = max(prev.since, locked.since - dt.timedelta(days=1))
                prev.save(update_fields=["status", "until", "updated_at"])
                audit_log(
                    actor=actor,
                    event=PressEvent.FILING_TRANSITION,
                    target=prev,
                    data={
                        "old": {"status": FilingStatus.FILED},
                        "new": {"status": FilingStatus.ENDED},
                        "by": locked.pk,
                    },
                )
        locked.save(update_fields=fields)
        audit_log(
            actor=actor,
            event=PressEvent.FILING_TRANSITION,
            target=locked,
            data={"old": {"status": old}, "new": {"status": new}, "action": action, "comment": comment},
        )
    if isinstance(filing, SpokespersonFiling):
        filing.refresh_from_db()
    return locked


def filing_submit(*, actor, filing: SpokespersonFiling, comment: str = "") -> SpokespersonFiling:
    """Send the filing to the government's news office (review ``press.filing``)."""
    permissions.require_filing_create(actor, filing.agency_id)
    with transaction.atomic():
        active = review_selectors.review_active_for(filing)
        if active is not None and active.status == ReviewStatus.RETURNED:
            review_services.review_resubmit(actor=actor, review=active, comment=comment)  # the hook moves it
        else:
            filing_transition(actor=actor, filing=filing, action=FilingAction.SUBMIT)
            review_services.review_start(
                actor=actor, target=filing, template_key=FILING_TEMPLATE, agency=filing.agency, comment=comment
            )
    filing.refresh_from_db()
    return filing


# ------------------------------------------------------------------------------------------------
# Conferences (R6.1, R6.3, R6.4)
# ------------------------------------------------------------------------------------------------

PLAN_FIELDS = (
    "kind",
    "at_news_office",
    "topic",
    "planned_at",
    "place",
    "speakers",
    "invited_media",
    "talking_points",
    "qa_preparation",
    "risk_assessment",
    "risk_level",
    "opinion_event_id",
    "opinion_risk_id",
)


def _with_risk_assessment(values: dict[str, Any], agency_id: int) -> dict[str, Any]:
    """Reuse a concluded opinion risk assessment of the unit (R6.4; opinion R5.3): its findings and
    plan fill an empty risk assessment, its level the risk level, its talking points empty 口径."""
    risk_id = values.get("opinion_risk_id")
    if risk_id in ("", None):
        return {**values, "opinion_risk_id": None}
    try:
        risk = opinion_interface.risk_assessment(int(risk_id))
    except (TypeError, ValueError):
        risk = None
    if risk is None or risk["agency_id"] != agency_id:
        raise ValidationFailed("所引用的风险评估不存在、尚未完成或不属于本单位。", code="invalid_risk_assessment")
    out = {**values, "opinion_risk_id": risk["id"]}
    if not str(values.get("risk_assessment") or "").strip():
        parts = [
            f"引用重大决策舆情风险评估：{risk['title']}",
            risk["findings"],
            risk["plan"] and f"处置预案：{risk['plan']}",
        ]
        out["risk_assessment"] = "\n".join(p for p in parts if p)
    if not values.get("risk_level") and risk["level_label"]:
        out["risk_level"] = str(risk["level_label"])[:1]
    if not str(values.get("talking_points") or "").strip() and risk["talking_points"]:
        out["talking_points"] = risk["talking_points"]
    return out


def _plan_values(values: dict[str, Any]) -> dict[str, Any]:
    kind = values.get("kind") or ConferenceKind.CONFERENCE
    if kind not in ConferenceKind.values:
        raise ValidationFailed("请选择发布形式。", code="invalid_kind")
    event_id = values.get("opinion_event_id")
    if event_id in ("", None):
        event_id = None
    else:
        try:
            event_id = int(event_id)
        except (TypeError, ValueError):
            raise ValidationFailed("舆情事件编号无效。", code="invalid_event") from None
    return {
        "opinion_risk_id": values.get("opinion_risk_id"),
        "kind": kind,
        "at_news_office": bool(values.get("at_news_office")),
        "topic": _text(values.get("topic"), "发布主题", max_length=200),
        "planned_at": _moment(values.get("planned_at"), "计划时间"),
        "place": _text(values.get("place"), "地点", max_length=200),
        "speakers": _text(values.get("speakers"), "发布人", max_length=300),
        "invited_media": _text(values.get("invited_media"), "邀请媒体", required=False, max_length=2000),
        "talking_points": _text(values.get("talking_points"), "发布口径", max_length=20000),
        "qa_preparation": _text(values.get("qa_preparation"), "答问准备", required=False, max_length=20000),
        "risk_assessment": _text(values.get("risk_assessment"), "风险评估", max_length=10000),
        "risk_level": _text(values.get("risk_level"), "风险等级", required=False, max_length=20),
        "opinion_event_id": event_id,
    }


def conference_plan(*, actor, agency: Agency | int, **values) -> Conference:
    """A unit plans a conference (R6.4: timing, talking points, Q&A, risk assessment); status draft."""
    agency = _agency(agency)
    permissions.require_conference_create(actor, agency)
    clean = _plan_values(_with_risk_assessment(values, agency.pk))
    with transaction.atomic():
        conference = Conference.objects.create(agency=agency, created_by=actor, **clean)
        audit_log(actor=actor, event=PressEvent.CONFERENCE_PLANNED, target=conference, data={"new": clean})
    return conference


def conference_update(*, actor, conference: Conference, **values) -> Conference:
    permissions.require_conference_create(actor, conference.agency_id)
    clean = _plan_values(
        _with_risk_assessment({**{f: getattr(conference, f) for f in PLAN_FIELDS}, **values}, conference.agency_id)
    )
    with transaction.atomic():
        locked = _lock(Conference, conference)
        if (locked.status, ConferenceAction.EDIT) not in CONFERENCE_TRANSITIONS:
            raise InvalidTransition("只有策划中（含退回修改）的方案可以修改。", code="invalid_transition")
        old = {f: getattr(locked, f) for f in clean}
        for f, v in clean.items():
            setattr(locked, f, v)
        locked.save()
        audit_log(actor=actor, event=PressEvent.CONFERENCE_UPDATED, target=locked, data={"old": old, "new": clean})
    conference.refresh_from_db()
    return conference


def conference_transition(
    *, actor, conference: Conference | int, action: str, comment: str = "", changes: dict | None = None
) -> Conference:
    """Apply ``action`` (CONFERENCE_TRANSITIONS). Announcing or holding needs the approved review:
    the state and the review engine must both say so (R6.1: no release without approval)."""
    with transaction.atomic():
        locked = _lock(Conference, conference)
        new = CONFERENCE_TRANSITIONS.get((locked.status, action))
        if new is None:
            raise InvalidTransition(
                f"当前状态（{locked.get_status_display()}）不能执行“{ConferenceAction(action).label}”。",
                code="invalid_transition",
            )
        if action in (ConferenceAction.ANNOUNCE, ConferenceAction.HOLD) and not review_selectors.review_is_approved(
            locked
        ):
            raise InvalidTransition("新闻发布会未经新闻办和主管部门审批同意，不得发布。", code="not_approved")
        old = locked.status
        locked.status = new
        for f, v in (changes or {}).items():
            setattr(locked, f, v)
        if action == ConferenceAction.ANNOUNCE:
            locked.announced_at = clock.now()
        if action in (ConferenceAction.REVIEW_RETURNED, ConferenceAction.REVIEW_REJECTED):
            locked.review_note = (comment or "")[:500]
        locked.save()
        audit_log(
            actor=actor,
            event=PressEvent.CONFERENCE_TRANSITION,
            target=locked,
            data={
                "old": {"status": old},
                "new": {"status": new, **(changes or {})},
                "action": action,
                "comment": comment,
            },
        )
        if action in (
            ConferenceAction.REVIEW_APPROVED,
            ConferenceAction.REVIEW_REJECTED,
            ConferenceAction.REVIEW_RETURNED,
        ):
            notify(
                recipients=[locked.created_by],
                subject=f"新闻发布会“{locked.topic}”：{ConferenceAction(action).label}",
                body=comment,
                link=locked.get_absolute_url(),
                event=PressEvent.CONFERENCE_TRANSITION,
            )
    if isinstance(conference, Conference):
        conference.refresh_from_db()
    return locked


def conference_submit(*, actor, conference: Conference, comment: str = "") -> Conference:
    """Submit the plan for the two-party prior approval (news office, competent department)."""
    permissions.require_conference_create(actor, conference.agency_id)
    with transaction.atomic():
        active = review_selectors.review_active_for(conference)
        if active is not None and active.status == ReviewStatus.RETURNED:
            review_services.review_resubmit(actor=actor, review=active, comment=comment)  # the hook moves it
        else:
            conference_transition(actor=actor, conference=conference, action=ConferenceAction.SUBMIT)
            review_services.review_start(
                actor=actor,
                target=conference,
                template_key=CONFERENCE_TEMPLATE,
                agency=conference.agency,
                comment=comment,
            )
    conference.refresh_from_db()
    return conference


def conference_announce(*, actor, conference: Conference) -> Conference:
    permissions.require_conference_create(actor, conference.agency_id)
    return conference_transition(actor=actor, conference=conference, action=ConferenceAction.ANNOUNCE)


def conference_cancel(*, actor, conference: Conference, reason: str) -> Conference:
    permissions.require_conference_create(actor, conference.agency_id)
    reason = _text(reason, "取消原因", max_length=300)
    return conference_transition(actor=actor, conference=conference, action=ConferenceAction.CANCEL, comment=reason)


def conference_hold(
    *, actor, conference: Conference, held_at, head_attended: bool = False, spokesperson_attended: bool = False
) -> Conference:
    """Record that the approved conference was held. A linked major public-opinion event's 24 h
    conference clock is stopped at the time it was held (opinion module, through its interface)."""
    permissions.require_conference_create(actor, conference.agency_id)
    held = _moment(held_at, "举行时间")
    if held > clock.now():
        raise ValidationFailed("举行时间不能晚于现在。", code="future_time")
    with transaction.atomic():
        result = conference_transition(
            actor=actor,
            conference=conference,
            action=ConferenceAction.HOLD,
            changes={
                "held_at": held,
                "head_attended": bool(head_attended),
                "spokesperson_attended": bool(spokesperson_attended),
            },
        )
        if result.opinion_event_id:
            outcome = opinion_interface.press_conference_held(
                event_id=result.opinion_event_id,
                held_at=held,
                title=result.topic,
                reference=f"press.conference:{result.pk}",
            )
            audit_log(
                actor=actor,
                event=PressEvent.CONFERENCE_OPINION_CLOCK,
                target=result,
                data={"event": result.opinion_event_id, "outcome": outcome},
            )
    conference.refresh_from_db()
    return conference


def conference_publish(*, actor, conference: Conference, transcript: str) -> Conference:
    """Publish the transcript (文字实录) and the media in the portal's 新闻发布会 column (R6.3)."""
    permissions.require_conference_create(actor, conference.agency_id)
    text = _text(transcript, "文字实录", max_length=200000)
    changes: dict[str, Any] = {"transcript": text}
    if conference.published_at is None:
        changes["published_at"] = clock.now()
    return conference_transition(actor=actor, conference=conference, action=ConferenceAction.PUBLISH, changes=changes)


def media_upload(*, actor, conference: Conference, kind: str, title: str, upload) -> ConferenceMedia:
    """Attach a video, audio, photo or material to a held conference (limits: ``media.check_upload``)."""
    permissions.require_conference_create(actor, conference.agency_id)
    if conference.status not in (ConferenceStatus.HELD, ConferenceStatus.PUBLISHED):
        raise InvalidTransition("发布会举行后才能上传音视频和材料。", code="invalid_transition")
    if upload is None:
        raise ValidationFailed("请选择文件。", code="required")
    title = _text(title, "标题", required=False, max_length=200) or str(upload.name)[:200]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = media_tools.check_upload(kind, str(upload.name), int(upload.size or 0), head)
    with transaction.atomic():
        row = ConferenceMedia(
            conference=conference,
            kind=kind,
            title=title,
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        row.file.save(str(upload.name), upload, save=False)
        row.save()
        audit_log(
            actor=actor,
            event=PressEvent.MEDIA_UPLOADED,
            target=conference,
            data={"media": row.pk, "kind": kind, "title": title, "size": row.size, "type": content_type},
        )
    return row


def media_remove(*, actor, media: ConferenceMedia) -> None:
    permissions.require_conference_create(actor, media.conference.agency_id)
    with transaction.atomic():
        audit_log(
            actor=actor,
            event=PressEvent.MEDIA_REMOVED,
            target=media.conference,
            data={"media": media.pk, "title": media.title},
        )
        stored = media.file.name
        storage = media.file.storage
        media.delete()
        transaction.on_commit(lambda: storage.delete(stored))


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


__all__ = [
    "MediaKind",
    "conference_announce",
    "conference_cancel",
    "conference_hold",
    "conference_plan",
    "conference_publish",
    "conference_submit",
    "conference_transition",
    "conference_update",
    "filing_create",
    "filing_submit",
    "filing_transition",
    "interview_plan",
    "interview_transition",
    "media_remove",
    "media_upload",
    "question_answer",
    "question_moderate",
    "question_submit",
]
