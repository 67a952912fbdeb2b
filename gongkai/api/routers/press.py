"""News release (新闻发布), under /api/v1/press.

Public (no sign-in): ``GET /public/conferences`` (announced, held and published conferences, paginated),
``GET /public/conferences/{id}`` (with the transcript and media links once published),
``GET /public/spokespersons`` (the filed spokespersons and liaisons in office), ``GET /public/interviews``
(with the approved questions and answers) and ``POST /public/interviews/{id}/questions`` (moderated
before display; rate-limited per address, 429).

Staff (signed-in session): ``GET/POST /conferences``, ``GET /conferences/{id}``, ``POST
/conferences/{id}/submit|announce|hold|publish|cancel``; ``GET/POST /filings``, ``POST
/filings/{id}/submit``; ``GET/POST /interviews``, ``POST /interviews/{id}/start|close|publish|cancel``,
``POST /interviews/{id}/questions/{qid}/moderate`` and ``/answer``; ``GET /compliance?year=&quarter=``. Every write goes
through ``gongkai.press.services`` (same rules as the pages: the two-party approval before any
release, permissions of the matrix). Errors as ``{"code", "message", "detail"}``: 401, 403, 404,
409 (``invalid_transition``, ``not_approved``), 422, 429.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Query, Router, Schema
from ninja import Status as HttpStatus
from pydantic import AfterValidator, ConfigDict, Field

from gongkai.core import clock
from gongkai.core.http import client_address
from gongkai.press import compliance, permissions, selectors, services
from gongkai.press.enums import ConferenceKind, ConferenceStatus, PersonRole

from .audit import ErrorOut, PageQuery, paginate

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


# --- public --------------------------------------------------------------------------------------


@router.get("/public/conferences", response=ConferencePageOut, auth=None, summary="新闻发布会栏目")
def public_conferences(request, paging: Query[PageQuery]):
    page = paginate(selectors.public_conference_list(), paging)
    page["items"] = [_conference(c) for c in page["items"]]
    return page


@router.get(
    "/public/conferences/{conference_id}",
    response={200: ConferencePublicOut, 404: ErrorOut},
    auth=None,
    summary="一场新闻发布会",
)
def public_conference(request, conference_id: Id):
    return _public(selectors.public_conference_get(conference_id))


@router.get("/public/spokespersons", response=list[DirectoryOut], auth=None, summary="新闻发言人名录（已备案）")
def public_spokespersons(request):
    return [
        {
            "agency_id": r["agency"].pk,
            "agency": r["agency"].name,
            "spokesperson": _person(r["spokesperson"]),
            "liaison": _person(r["liaison"]),
        }
        for r in selectors.public_directory()
    ]


@router.get("/public/interviews", response=list[InterviewOut], auth=None, summary="在线访谈")
def public_interviews(request):
    return [_interview(i, selectors.public_questions(i)) for i in selectors.public_interview_list()[:50]]


@router.post(
    "/public/interviews/{interview_id}/questions",
    response={201: QuestionOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="网民提问（审核后显示）",
)
def public_question(request, interview_id: Id, payload: QuestionIn):
    interview = selectors.public_interview_get(interview_id)
    q = services.question_submit(
        interview=interview, asker=payload.asker, text=payload.text, ip=client_address(request)
    )
    return HttpStatus(201, {"id": q.pk, "asker": q.asker, "text": q.text, "answer": "", "status": q.status})


# --- staff ---------------------------------------------------------------------------------------


@router.get("/conferences", response={200: ConferencePageOut, 401: ErrorOut}, summary="新闻发布会（工作人员）")
def conferences(request, filters: Query[ConferenceFilters], paging: Query[PageQuery]):
    status = filters.status if filters.status in ConferenceStatus.values else ""
    page = paginate(selectors.conference_list_visible_to(request.user, status=status), paging)
    page["items"] = [_conference(c) for c in page["items"]]
    return page


@router.post("/conferences", response={201: ConferenceStaffOut, **_WRITE_ERRORS}, summary="策划新闻发布会")
def conference_plan(request, payload: ConferenceIn):
    values = payload.model_dump()
    agency = values.pop("agency")
    c = services.conference_plan(actor=request.user, agency=agency, **values)
    return HttpStatus(201, _staff(c))


@router.get(
    "/conferences/{conference_id}", response={200: ConferenceStaffOut, **_READ_ERRORS}, summary="发布会方案与审批"
)
def conference_get(request, conference_id: Id):
    return _staff(selectors.conference_get_visible_to(request.user, conference_id))


@router.post(
    "/conferences/{conference_id}/submit", response={200: ConferenceStaffOut, **_WRITE_ERRORS}, summary="报请审批"
)
def conference_submit(request, conference_id: Id, payload: CommentIn):
    c = selectors.conference_get_visible_to(request.user, conference_id)
    return _staff(services.conference_submit(actor=request.user, conference=c, comment=payload.comment))


@router.post(
    "/conferences/{conference_id}/announce",
    response={200: ConferenceStaffOut, **_WRITE_ERRORS},
    summary="在门户网站公告",
)
def conference_announce(request, conference_id: Id):
    c = selectors.conference_get_visible_to(request.user, conference_id)
    return _staff(services.conference_announce(actor=request.user, conference=c))


@router.post(
    "/conferences/{conference_id}/hold", response={200: ConferenceStaffOut, **_WRITE_ERRORS}, summary="登记举行情况"
)
def conference_hold(request, conference_id: Id, payload: HoldIn):
    c = selectors.conference_get_visible_to(request.user, conference_id)
    return _staff(services.conference_hold(actor=request.user, conference=c, **payload.model_dump()))


@router.post(
    "/conferences/{conference_id}/publish", response={200: ConferenceStaffOut, **_WRITE_ERRORS}, summary="发布文字实录"
)
def conference_publish(request, conference_id: Id, payload: PublishIn):
    c = selectors.conference_get_visible_to(request.user, conference_id)
    return _staff(services.conference_publish(actor=request.user, conference=c, transcript=payload.transcript))


@router.post(
    "/conferences/{conference_id}/cancel", response={200: ConferenceStaffOut, **_WRITE_ERRORS}, summary="取消发布会"
)
def conference_cancel(request, conference_id: Id, payload: CancelIn):
    c = selectors.conference_get_visible_to(request.user, conference_id)
    return _staff(services.conference_cancel(actor=request.user, conference=c, reason=payload.reason))


@router.get("/filings", response={200: list[FilingOut], 401: ErrorOut}, summary="新闻发言人、联络员登记与备案")
def filings(request):
    return [_filing(f) for f in selectors.filing_list_visible_to(request.user)[:500]]


@router.post("/filings", response={201: FilingOut, **_WRITE_ERRORS}, summary="登记新闻发言人或联络员")
def filing_create(request, payload: FilingIn):
    f = services.filing_create(actor=request.user, **payload.model_dump())
    return HttpStatus(201, _filing(f))


@router.post("/filings/{filing_id}/submit", response={200: FilingOut, **_WRITE_ERRORS}, summary="报新闻办备案")
def filing_submit(request, filing_id: Id, payload: CommentIn):
    f = selectors.filing_get_visible_to(request.user, filing_id)
    return _filing(services.filing_submit(actor=request.user, filing=f, comment=payload.comment))


@router.get(
    "/interviews", response={200: list[InterviewOut], 401: ErrorOut}, summary="在线访谈（工作人员，含待审问题）"
)
def interviews(request):
    return [_interview(i, selectors.question_list(i)) for i in selectors.interview_list_visible_to(request.user)[:200]]


@router.post("/interviews", response={201: InterviewOut, **_WRITE_ERRORS}, summary="策划在线访谈")
def interview_plan(request, payload: InterviewIn):
    i = services.interview_plan(actor=request.user, **payload.model_dump())
    return HttpStatus(201, _interview(i, []))


@router.post(
    "/interviews/{interview_id}/questions/{question_id}/moderate",
    response={200: QuestionOut, **_WRITE_ERRORS},
    summary="审核网民问题（通过后显示）",
)
def question_moderate(request, interview_id: Id, question_id: Id, payload: ModerateIn):
    i = selectors.interview_get_visible_to(request.user, interview_id)
    q = services.question_moderate(
        actor=request.user, question=selectors.question_get_for(i, question_id), approve=payload.approve
    )
    return {"id": q.pk, "asker": q.asker, "text": q.text, "answer": q.answer, "status": q.status}


@router.post(
    "/interviews/{interview_id}/questions/{question_id}/answer",
    response={200: QuestionOut, **_WRITE_ERRORS},
    summary="答复问题",
)
def question_answer(request, interview_id: Id, question_id: Id, payload: AnswerIn):
    i = selectors.interview_get_visible_to(request.user, interview_id)
    q = services.question_answer(
        actor=request.user, question=selectors.question_get_for(i, question_id), answer=payload.answer
    )
    return {"id": q.pk, "asker": q.asker, "text": q.text, "answer": q.answer, "status": q.status}


@router.post(
    "/interviews/{interview_id}/{action}",
    response={200: InterviewOut, **_WRITE_ERRORS},
    summary="开始、结束、发布实录或取消访谈",
    description="action：start 开始访谈 / close 结束访谈 / publish 发布实录 / cancel 取消",
)
def interview_action(request, interview_id: Id, action: InterviewActionName, payload: TranscriptIn):
    i = selectors.interview_get_visible_to(request.user, interview_id)
    i = services.interview_transition(actor=request.user, interview=i, action=action, transcript=payload.transcript)
    return _interview(i, selectors.question_list(i))


@router.get(
    "/compliance", response={200: list[UnitComplianceOut], 401: ErrorOut, 403: ErrorOut}, summary="新闻发布频次情况"
)
def compliance_table(request, query: Query[ComplianceQuery]):
    from gongkai.core.errors import PermissionDenied

    if not permissions.anywhere(request.user, permissions.CONFERENCE, "coordinate"):
        raise PermissionDenied("只有新闻办、分管负责同志或政务公开办负责人可以查看频次统计。")
    units = selectors.reporting_units(permissions.agency_ids(request.user, permissions.CONFERENCE, "coordinate"))
    table = compliance.compliance_table(units, query.year, query.quarter, today=clock.today())
    return [
        {
            "agency_id": u.agency_id,
            "agency": u.agency_name,
            "behind": u.behind,
            "duties": [
                {
                    "key": d.key,
                    "label": str(d.label),
                    "required": d.required,
                    "actual": d.actual,
                    "state": d.state,
                    "state_label": d.state_label,
                    "detail": d.detail,
                    "citation": d.citation,
                }
                for d in u.duties
            ],
        }
        for u in table
    ]
