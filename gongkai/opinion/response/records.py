"""Rumour leads (R5.7), public feedback (R5.8) and joint consultations (R5.9): records kept with
an event by the units handling it."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_log, changes
from gongkai.core import clock
from gongkai.core.errors import ValidationFailed
from gongkai.notifications.services import notify
from gongkai.opinion.enums import RAISED_LEVELS
from gongkai.opinion.events import OpinionEvent
from gongkai.opinion.models import Event, Post
from gongkai.opinion.response_models import (
    ConsultationMeeting,
    EventAssignment,
    ResultFeedback,
    RumourLead,
)
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Agency

from . import permissions
from .common import _event_link, _moment, _text, _users_with_roles
from .enums import (
    AssignmentStatus,
    FeedbackChannel,
    LeadRecipient,
)

logger = logging.getLogger("gongkai.opinion.response")


# =====================================================================================
# Rumour leads (R5.7), feedback (R5.8), joint consultation (R5.9)
# =====================================================================================


def _may_record(actor, event, agency: Agency) -> None:
    permissions.require_unit_staff(actor, agency, "只有承办或协调单位的工作人员可以登记。")
    if (
        not EventAssignment.objects.filter(event=event, agency=agency)
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .exists()
    ):
        raise ValidationFailed("该单位不是本事件的承办或协调单位。")


def rumour_lead_create(
    *,
    actor,
    event: Event,
    agency: Agency,
    recipient_kind: str,
    recipient_name: str,
    handed_at: dt.datetime,
    content: str,
    recipient_agency: Agency | None = None,
    post_ids: Iterable[int] = (),
) -> RumourLead:
    """Record leads handed to the internet-information office or the police (to whom, when, what)."""
    _may_record(actor, event, agency)
    if recipient_kind not in LeadRecipient.values:
        raise ValidationFailed("请选择接收部门类别。")
    name = _text(recipient_name or (recipient_agency.name if recipient_agency else ""), "接收单位名称", max_length=200)
    moment = _moment(handed_at, "移交时间")
    text = _text(content, "移交的情况和线索", max_length=20000)
    ids = sorted({int(i) for i in post_ids})
    if ids:
        found = set(Post.objects.filter(pk__in=ids, event=event).values_list("pk", flat=True))
        if found != set(ids):
            raise ValidationFailed("所列舆情信息不属于本事件。", detail={"unknown": sorted(set(ids) - found)})
    with transaction.atomic():
        lead = RumourLead.objects.create(
            event=event,
            agency=agency,
            recipient_kind=recipient_kind,
            recipient_agency=recipient_agency,
            recipient_name=name,
            handed_at=moment,
            content=text,
            post_ids=ids,
            created_by=actor,
        )
        audit_log(
            actor=actor,
            event=OpinionEvent.RUMOUR_LEAD_HANDED,
            target=lead,
            data={
                "new": {"event": event.pk, "to": recipient_kind, "recipient": name, "handed_at": moment, "posts": ids}
            },
        )
    if recipient_agency is not None:
        notify(
            recipients=_users_with_roles([recipient_agency.pk], (*permissions.RECEIVING_ROLES, "opinion_monitor")),
            subject=f"谣言线索移交：{event.title[:60]}",
            body=f"{agency.name}于 {timezone.localtime(moment):%Y-%m-%d %H:%M} 移交线索：\n{text}",
            link=_event_link(event),
            event=OpinionEvent.RUMOUR_LEAD,
            dedupe_key=f"opinion:rumour_lead:{lead.pk}",
        )
    return lead


def rumour_lead_record_result(
    *, actor, lead: RumourLead, result: str, result_at: dt.datetime | None = None
) -> RumourLead:
    if not (
        permissions.is_unit_staff(actor, lead.agency_id)
        or (lead.recipient_agency_id and permissions.is_unit_staff(actor, lead.recipient_agency_id))
    ):
        org_permissions.require(False, "只有移交单位或接收单位的工作人员可以登记查处结果。")
    text = _text(result, "查处结果", max_length=5000)
    moment = _moment(result_at, "结果反馈时间", required=False) or clock.now()
    with transaction.atomic():
        locked = RumourLead.objects.select_for_update().get(pk=lead.pk)
        diff = changes(locked, ["result", "result_at"], {"result": text, "result_at": moment})
        locked.result, locked.result_at = text, moment
        locked.save(update_fields=["result", "result_at", "updated_at"])
        audit_log(actor=actor, event=OpinionEvent.RUMOUR_LEAD_RESULT, target=locked, data=diff)
    return locked


def feedback_create(
    *,
    actor,
    event: Event,
    agency: Agency,
    channel: str,
    recipient: str,
    content: str,
    fed_back_at: dt.datetime,
    suggestion_adopted: bool = False,
) -> ResultFeedback:
    """Record how a handling result went back to those who raised it (铜政办发〔2016〕71号 三(三))."""
    _may_record(actor, event, agency)
    if channel not in FeedbackChannel.values:
        raise ValidationFailed("请选择反馈途径。")
    values = {
        "channel": channel,
        "recipient": _text(recipient, "反馈对象", max_length=200),
        "content": _text(content, "反馈内容", max_length=20000),
        "fed_back_at": _moment(fed_back_at, "反馈时间"),
        "suggestion_adopted": bool(suggestion_adopted),
    }
    with transaction.atomic():
        row = ResultFeedback.objects.create(event=event, agency=agency, created_by=actor, **values)
        audit_log(
            actor=actor, event=OpinionEvent.FEEDBACK_RECORDED, target=row, data={"new": {**values, "event": event.pk}}
        )
    return row


def meeting_create(
    *,
    actor,
    event: Event,
    convener: Agency,
    held_at: dt.datetime,
    people: str,
    decisions: str,
    units: Iterable[Agency] = (),
    place: str = "",
) -> ConsultationMeeting:
    """A joint consultation meeting on an orange/red event (祥政办通〔2019〕54号 五(十三), SPEC R5.9)."""
    _may_record(actor, event, convener)
    if event.level not in RAISED_LEVELS and event.warned_at is None:
        raise ValidationFailed("联席会商用于橙色、红色预警（复杂敏感、重大突发）事件。")
    units = list(units)
    if not units:
        raise ValidationFailed("请选择参会单位。")
    values = {
        "held_at": _moment(held_at, "会商时间"),
        "place": _text(place, "地点或方式", required=False, max_length=200),
        "people": _text(people, "参会人员", max_length=5000),
        "decisions": _text(decisions, "会商决定", max_length=20000),
    }
    with transaction.atomic():
        row = ConsultationMeeting.objects.create(event=event, convener=convener, created_by=actor, **values)
        row.units.set(units)
        audit_log(
            actor=actor,
            event=OpinionEvent.MEETING_RECORDED,
            target=row,
            data={"new": {**values, "event": event.pk, "units": [u.pk for u in units]}},
        )
    notify(
        recipients=_users_with_roles([u.pk for u in units], permissions.RECEIVING_ROLES),
        subject=f"舆情会商决定：{event.title[:60]}",
        body=f"{convener.name}于 {timezone.localtime(values['held_at']):%Y-%m-%d %H:%M} 召集会商。\n会商决定：\n{values['decisions']}",
        link=_event_link(event),
        event=OpinionEvent.MEETING,
        channels=("in_app",),
        dedupe_key=f"opinion:meeting:{row.pk}",
    )
    return row
