"""The press router, its error maps, input types and input schemas."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Router, Schema
from pydantic import AfterValidator, ConfigDict, Field

from gongkai.press.enums import ConferenceKind, ConferenceStatus, PersonRole

from ..audit import ErrorOut

router = Router(tags=["新闻发布"])

_READ_ERRORS = {401: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
_MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=_MAX_ID)]


def _in_range(value: dt.datetime) -> dt.datetime:
    if not 2000 <= value.year <= 2100:
        raise ValueError("时间应在 2000 年至 2100 年之间。")
    return value


def _date_in_range(value: dt.date) -> dt.date:
    if not 2000 <= value.year <= 2100:
        raise ValueError("日期应在 2000 年至 2100 年之间。")
    return value


Moment = Annotated[dt.datetime, AfterValidator(_in_range)]
InterviewActionName = Literal["start", "close", "publish", "cancel"]
Day = Annotated[dt.date, AfterValidator(_date_in_range)]


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


# --- input ---------------------------------------------------------------------------------------


class ConferenceIn(_In):
    agency: Id
    kind: str = Field(
        ConferenceKind.CONFERENCE, description=" / ".join(f"{v} {lbl}" for v, lbl in ConferenceKind.choices)
    )
    at_news_office: bool = False
    topic: str = Field(..., max_length=200)
    planned_at: Moment
    place: str = Field(..., max_length=200)
    speakers: str = Field(..., max_length=300)
    invited_media: str = Field("", max_length=2000)
    talking_points: str = Field(
        "", max_length=20000, description="发布口径（引用风险评估时可留空，按评估的回应口径填写）"
    )
    qa_preparation: str = Field("", max_length=20000)
    risk_assessment: str = Field("", max_length=10000, description="风险评估（引用风险评估时可留空）")
    risk_level: str = Field("", max_length=20)
    opinion_event_id: Id | None = None
    opinion_risk_id: Id | None = Field(None, description="引用的已完成重大决策舆情风险评估")


class CommentIn(_In):
    comment: str = Field("", max_length=500)


class HoldIn(_In):
    held_at: Moment
    head_attended: bool = False
    spokesperson_attended: bool = False


class PublishIn(_In):
    transcript: str = Field(..., max_length=200000)


class CancelIn(_In):
    reason: str = Field(..., max_length=300)


class FilingIn(_In):
    agency: Id
    role: str = Field(..., description=" / ".join(f"{v} {lbl}" for v, lbl in PersonRole.choices))
    name: str = Field(..., max_length=60)
    title: str = Field(..., max_length=100)
    office_phone: str = Field("", max_length=40)
    mobile: str = Field("", max_length=40)
    since: Day
    until: Day | None = None


class InterviewIn(_In):
    agency: Id
    title: str = Field(..., max_length=200)
    guest: str = Field(..., max_length=200)
    guest_is_head: bool = True
    scheduled_at: Moment
    summary: str = Field("", max_length=5000)


class TranscriptIn(_In):
    transcript: str = Field("", max_length=200000, description="访谈实录（发布时；留空则以已答复的问题为实录）")


class ModerateIn(_In):
    approve: bool


class AnswerIn(_In):
    answer: str = Field(..., max_length=10000)


class QuestionIn(_In):
    asker: str = Field(..., max_length=40)
    text: str = Field(..., max_length=1000)


class ConferenceFilters(Schema):
    status: str | None = Field(None, description=" / ".join(f"{v} {lbl}" for v, lbl in ConferenceStatus.choices))


class ComplianceQuery(Schema):
    year: int = Field(..., ge=2000, le=2100)
    quarter: int | None = Field(None, ge=1, le=4)
