"""Press conferences (R6.1, R6.3, R6.4): plan, two-party approval, announce, hold, publish, media files."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import InvalidTransition, ValidationFailed
from gongkai.notifications.services import notify
from gongkai.opinion import interface as opinion_interface
from gongkai.orgs.models import Agency
from gongkai.workflow import selectors as review_selectors
from gongkai.workflow import services as review_services
from gongkai.workflow.enums import ReviewStatus

from .. import media as media_tools
from .. import permissions
from ..enums import (
    ConferenceAction,
    ConferenceKind,
    ConferenceStatus,
)
from ..events import PressEvent
from ..models import Conference, ConferenceMedia
from ..reviews import CONFERENCE_TEMPLATE
from ..transitions import CONFERENCE_TRANSITIONS
from .common import _agency, _lock, _moment, _text

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
