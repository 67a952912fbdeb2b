"""Output schemas of the press API and the functions that fill them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from gongkai.press import selectors
from gongkai.press.enums import ConferenceStatus

# --- output --------------------------------------------------------------------------------------


class MediaOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    content_type: str
    size: int
    url: str


class ConferenceOut(Schema):
    id: int
    agency_id: int
    agency: str
    kind: str
    kind_label: str
    topic: str
    planned_at: dt.datetime
    place: str
    speakers: str
    status: str
    status_label: str
    held_at: dt.datetime | None = None
    url: str | None = None


class ConferenceStaffOut(ConferenceOut):
    at_news_office: bool
    invited_media: str
    talking_points: str
    qa_preparation: str
    risk_assessment: str
    risk_level: str
    opinion_event_id: int | None = None
    opinion_risk_id: int | None = None
    head_attended: bool
    spokesperson_attended: bool
    review_note: str
    review_id: int | None = None
    review_status: str | None = None
    transcript: str


class ConferencePublicOut(ConferenceOut):
    transcript: str = ""
    published_at: dt.datetime | None = None
    media: list[MediaOut] = []


class ConferencePageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[ConferenceOut]


class PersonOut(Schema):
    name: str
    title: str
    office_phone: str
    since: dt.date


class DirectoryOut(Schema):
    agency_id: int
    agency: str
    spokesperson: PersonOut | None = None
    liaison: PersonOut | None = None


class FilingOut(Schema):
    id: int
    agency_id: int
    agency: str
    role: str
    role_label: str
    name: str
    title: str
    office_phone: str
    mobile: str
    since: dt.date
    until: dt.date | None = None
    status: str
    status_label: str


class QuestionOut(Schema):
    id: int
    asker: str
    text: str
    answer: str
    status: str


class InterviewOut(Schema):
    id: int
    agency_id: int
    agency: str
    title: str
    guest: str
    scheduled_at: dt.datetime
    status: str
    status_label: str
    transcript: str = ""
    questions: list[QuestionOut] = []


class DutyOut(Schema):
    key: str
    label: str
    required: int | None = None
    actual: int
    state: str
    state_label: str
    detail: str
    citation: str


class UnitComplianceOut(Schema):
    agency_id: int
    agency: str
    behind: bool
    duties: list[DutyOut]


# --- mapping -------------------------------------------------------------------------------------


def _conference(c, *, public: bool = False) -> dict[str, Any]:
    out = {
        "id": c.pk,
        "agency_id": c.agency_id,
        "agency": c.agency.name,
        "kind": c.kind,
        "kind_label": str(c.get_kind_display()),
        "topic": c.topic,
        "planned_at": c.planned_at,
        "place": c.place,
        "speakers": c.speakers,
        "status": c.status,
        "status_label": str(c.get_status_display()),
        "held_at": c.held_at,
        "url": c.get_public_url() if c.is_public else None,
    }
    return out


def _staff(c) -> dict[str, Any]:
    review = selectors.review_of(c)
    return {
        **_conference(c),
        **{
            f: getattr(c, f)
            for f in (
                "at_news_office",
                "invited_media",
                "talking_points",
                "qa_preparation",
                "risk_assessment",
                "risk_level",
                "opinion_event_id",
                "opinion_risk_id",
                "head_attended",
                "spokesperson_attended",
                "review_note",
                "transcript",
            )
        },
        "review_id": review.pk if review else None,
        "review_status": review.status if review else None,
    }


def _public(c) -> dict[str, Any]:
    published = c.status == ConferenceStatus.PUBLISHED
    return {
        **_conference(c),
        "transcript": c.transcript if published else "",
        "published_at": c.published_at if published else None,
        "media": [
            {
                "id": m.pk,
                "kind": m.kind,
                "kind_label": str(m.get_kind_display()),
                "title": m.title,
                "content_type": m.content_type,
                "size": m.size,
                "url": m.get_public_url(),
            }
            for m in (selectors.conference_media(c) if published else [])
        ],
    }


def _filing(f) -> dict[str, Any]:
    return {
        "id": f.pk,
        "agency_id": f.agency_id,
        "agency": f.agency.name,
        "role": f.role,
        "role_label": str(f.get_role_display()),
        "name": f.name,
        "title": f.title,
        "office_phone": f.office_phone,
        "mobile": f.mobile,
        "since": f.since,
        "until": f.until,
        "status": f.status,
        "status_label": str(f.get_status_display()),
    }


def _interview(i, questions) -> dict[str, Any]:
    return {
        "id": i.pk,
        "agency_id": i.agency_id,
        "agency": i.agency.name,
        "title": i.title,
        "guest": i.guest,
        "scheduled_at": i.scheduled_at,
        "status": i.status,
        "status_label": str(i.get_status_display()),
        "transcript": i.transcript if i.status == "published" else "",
        "questions": [
            {"id": q.pk, "asker": q.asker, "text": q.text, "answer": q.answer, "status": q.status} for q in questions
        ],
    }


def _person(f) -> dict[str, Any] | None:
    if f is None:
        return None
    return {"name": f.name, "title": f.title, "office_phone": f.office_phone, "since": f.since}
