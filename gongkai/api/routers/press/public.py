"""Public endpoints (no sign-in): conferences, spokespersons, interviews and questions."""

from __future__ import annotations

from ninja import Query
from ninja import Status as HttpStatus

from gongkai.core.http import client_address
from gongkai.press import selectors, services

from ..audit import ErrorOut, PageQuery, paginate
from .common import (
    Id,
    QuestionIn,
    router,
)
from .schemas import (
    ConferencePageOut,
    ConferencePublicOut,
    DirectoryOut,
    InterviewOut,
    QuestionOut,
    _conference,
    _interview,
    _person,
    _public,
)

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
