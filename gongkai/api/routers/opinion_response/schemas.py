"""Output schemas and the functions that fill them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from gongkai.opinion.response import selectors
from gongkai.opinion.response_models import EventAssignment
from gongkai.workflow.selectors import review_for

# --- Output ---------------------------------------------------------------------------------------------------


class AssignmentOut(Schema):
    id: int
    event_id: int
    event_title: str
    event_level: str
    event_level_label: str
    agency_id: int
    agency: str
    role: str
    role_label: str
    status: str
    status_label: str
    reason: str
    routed_at: dt.datetime
    claimed_by: str | None = None
    claimed_at: dt.datetime | None = None
    responded_at: dt.datetime | None = None


class AssignmentPageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[AssignmentOut]


class ClockOut(Schema):
    id: int
    obligation: str
    obligation_label: str
    rule_key: str
    citation: str
    agency_id: int
    agency: str
    hours: int
    started_at: dt.datetime
    due_at: dt.datetime | None = None
    stopped_at: dt.datetime | None = None
    outcome: str
    outcome_label: str
    state: str = Field(description="open 计时中 / overdue 已逾期 / met 按时完成 / late 逾期完成 / superseded 已取代")
    overdue: bool
    label: str
    text: str = Field(description="页面所示文字，如“已在4小时内回应（用时 1小时5分）”")
    response_id: int | None = None


class ReviewBriefOut(Schema):
    id: int
    status: str
    status_label: str
    current_step: int
    submitted_at: dt.datetime
    finished_at: dt.datetime | None = None


class ResponseOut(Schema):
    id: int
    event_id: int
    agency_id: int
    agency: str
    kind: str
    kind_label: str
    title: str
    body: str
    public_event_title: str
    held_at: dt.datetime | None = None
    place: str
    speakers: str
    status: str
    status_label: str
    drafted_by: str | None = None
    created_at: dt.datetime
    submitted_at: dt.datetime | None = None
    published_at: dt.datetime | None = None
    review_procedure: str
    withdrawn_reason: str
    review: ReviewBriefOut | None = None


class RumourLeadOut(Schema):
    id: int
    event_id: int
    agency_id: int
    agency: str
    recipient_kind: str
    recipient_kind_label: str
    recipient_agency_id: int | None = None
    recipient_name: str
    handed_at: dt.datetime
    content: str
    created_at: dt.datetime


class FeedbackOut(Schema):
    id: int
    event_id: int
    agency_id: int
    agency: str
    channel: str
    channel_label: str
    recipient: str
    content: str
    fed_back_at: dt.datetime
    suggestion_adopted: bool
    created_at: dt.datetime


class UnitOut(Schema):
    id: int
    name: str


class MeetingOut(Schema):
    id: int
    event_id: int
    convener_id: int
    convener: str
    held_at: dt.datetime
    place: str
    units: list[UnitOut]
    people: str
    decisions: str
    created_at: dt.datetime


def _assignment(a: EventAssignment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "event_id": a.event_id,
        "event_title": a.event.title,
        "event_level": a.event.level,
        "event_level_label": a.event.get_level_display(),
        "agency_id": a.agency_id,
        "agency": a.agency.name,
        "role": a.role,
        "role_label": a.get_role_display(),
        "status": a.status,
        "status_label": a.get_status_display(),
        "reason": a.reason,
        "routed_at": a.created_at,
        "claimed_by": a.claimed_by.get_username() if a.claimed_by_id else None,
        "claimed_at": a.claimed_at,
        "responded_at": a.responded_at,
    }


def _clock(v: selectors.ClockView) -> dict[str, Any]:
    c = v.clock
    return {
        "id": c.pk,
        "obligation": c.obligation,
        "obligation_label": c.get_obligation_display(),
        "rule_key": c.deadline.rule_key,
        "citation": v.citation,
        "agency_id": c.agency_id,
        "agency": c.agency.name,
        "hours": v.amount,
        "started_at": c.deadline.start_at,
        "due_at": v.due_at,
        "stopped_at": c.stopped_at,
        "outcome": c.outcome,
        "outcome_label": c.get_outcome_display(),
        "state": v.state,
        "overdue": v.overdue,
        "label": v.label,
        "text": v.text,
        "response_id": c.response_id,
    }


def _response(r) -> dict[str, Any]:
    review = review_for(r)
    return {
        "id": r.pk,
        "event_id": r.event_id,
        "agency_id": r.agency_id,
        "agency": r.agency.name,
        "kind": r.kind,
        "kind_label": r.get_kind_display(),
        "title": r.title,
        "body": r.body,
        "public_event_title": r.public_event_title,
        "held_at": r.held_at,
        "place": r.place,
        "speakers": r.speakers,
        "status": r.status,
        "status_label": r.get_status_display(),
        "drafted_by": r.drafted_by.get_username() if r.drafted_by_id else None,
        "created_at": r.created_at,
        "submitted_at": r.submitted_at,
        "published_at": r.published_at,
        "review_procedure": r.review_procedure,
        "withdrawn_reason": r.withdrawn_reason,
        "review": None
        if review is None
        else {
            "id": review.pk,
            "status": review.status,
            "status_label": review.get_status_display(),
            "current_step": review.current_step,
            "submitted_at": review.submitted_at,
            "finished_at": review.finished_at,
        },
    }


def _lead(row) -> dict[str, Any]:
    return {
        "id": row.pk,
        "event_id": row.event_id,
        "agency_id": row.agency_id,
        "agency": row.agency.name,
        "recipient_kind": row.recipient_kind,
        "recipient_kind_label": row.get_recipient_kind_display(),
        "recipient_agency_id": row.recipient_agency_id,
        "recipient_name": row.recipient_name,
        "handed_at": row.handed_at,
        "content": row.content,
        "created_at": row.created_at,
    }


def _feedback(row) -> dict[str, Any]:
    return {
        "id": row.pk,
        "event_id": row.event_id,
        "agency_id": row.agency_id,
        "agency": row.agency.name,
        "channel": row.channel,
        "channel_label": row.get_channel_display(),
        "recipient": row.recipient,
        "content": row.content,
        "fed_back_at": row.fed_back_at,
        "suggestion_adopted": row.suggestion_adopted,
        "created_at": row.created_at,
    }


def _meeting(row) -> dict[str, Any]:
    return {
        "id": row.pk,
        "event_id": row.event_id,
        "convener_id": row.convener_id,
        "convener": row.convener.name,
        "held_at": row.held_at,
        "place": row.place,
        "units": [{"id": u.pk, "name": u.name} for u in row.units.order_by("name")],
        "people": row.people,
        "decisions": row.decisions,
        "created_at": row.created_at,
    }
