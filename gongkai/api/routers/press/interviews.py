"""Staff endpoints of online interviews and their questions."""

from __future__ import annotations

from ninja import Status as HttpStatus

from gongkai.press import selectors, services

from ..audit import ErrorOut
from .common import (
    _WRITE_ERRORS,
    AnswerIn,
    Id,
    InterviewActionName,
    InterviewIn,
    ModerateIn,
    TranscriptIn,
    router,
)
from .schemas import (
    InterviewOut,
    QuestionOut,
    _interview,
)


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
