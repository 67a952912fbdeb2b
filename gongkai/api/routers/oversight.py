"""Oversight (监督考核) under /api/v1/oversight: training status, accountability cases, survey
results and the assessment of units. Staff only, with the same permissions as the pages.

- ``GET /training?agency=&year=`` — each person's yearly hours against the dated minimum of the unit's
  jurisdiction (``minimum`` and ``met`` null, ``rule_note`` saying so, where it has set none);
  ``POST /training/courses`` registers a course.
- ``GET /cases``, ``GET /cases/{id}``, ``POST /cases`` (by hand), ``POST /cases-from-foi``
  (an overdue application), ``POST /cases/{id}/submit`` (to the review).
- ``GET /surveys``, ``GET /surveys/{id}/results``.
- ``GET /assessment``, ``GET /assessment/{id}`` (scorecards with each indicator; ``rate`` and
  ``score`` null = 暂无数据), ``POST /assessment`` (compute a round), ``POST /assessment/{id}/publish``.

Errors as ``{"code", "message", "detail"}`` (401, 403, 404, 409, 422); nothing is written when a
call fails.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Query, Router, Schema
from ninja import Status as HttpStatus
from pydantic import ConfigDict, Field

from gongkai.core import clock
from gongkai.core.errors import NotFound, PermissionDenied
from gongkai.oversight import permissions, selectors
from gongkai.oversight.enums import ViolationType
from gongkai.oversight.services import assessment, cases, training

from .audit import ErrorOut

router = Router(tags=["监督考核"])

_READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
_WRITE = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


# --- training ----------------------------------------------------------------------------------


class PersonHoursOut(Schema):
    user_id: int
    name: str
    hours: Decimal
    met: bool | None = Field(description="是否达到年度最低学时；所在地区未设定学时规则时为 null")
    failed_exam: bool


class TrainingOut(Schema):
    agency_id: int
    agency: str
    year: int
    minimum: Decimal | None = Field(description="年度最低学时；所在地区未设定学时规则时为 null")
    citation: str
    rule_note: str = Field(description="所在地区未设定学时规则时的说明，否则为空")
    people: list[PersonHoursOut]


class TrainingQuery(Schema):
    agency: Id
    year: int = Field(default_factory=lambda: clock.today().year, ge=2000, le=2100)


@router.get("/training", response={200: TrainingOut, **_READ}, summary="单位人员年度培训学时")
def training_status(request, q: Query[TrainingQuery]):
    agency = selectors.agency_get(q.agency)
    if agency is None or not permissions.allows(request.user, "training", "view", agency):
        raise NotFound("未找到该单位。")
    status = selectors.training_status(agency, q.year)
    return {
        "agency_id": agency.pk,
        "agency": agency.name,
        "year": q.year,
        "minimum": status["minimum"],
        "citation": status["rule"].citation if status["rule"] is not None else "",
        "rule_note": "" if status["rule"] is not None else "该单位所在地区未设定政务公开工作人员年度培训学时规则。",
        "people": [
            {
                "user_id": r["person"].pk,
                "name": r["person"].full_name or r["person"].username,
                "hours": r["hours"],
                "met": r["met"],
                "failed_exam": r["failed_exam"],
            }
            for r in status["rows"]
        ],
    }


class CourseIn(_In):
    agency_id: Id
    topic: str = Field(min_length=1, max_length=200)
    held_on: dt.date
    hours: Decimal = Field(gt=0, le=100)
    teacher: str = Field(default="", max_length=100)
    materials: str = Field(default="", max_length=5000)
    has_exam: bool = False


class CourseOut(Schema):
    id: int
    agency_id: int
    topic: str
    held_on: dt.date
    hours: Decimal
    has_exam: bool


@router.post("/training/courses", response={201: CourseOut, **_WRITE}, summary="登记培训课程")
def course_create(request, payload: CourseIn):
    agency = selectors.agency_get(payload.agency_id)
    if agency is None:
        raise NotFound("未找到该单位。")
    data = payload.model_dump()
    data.pop("agency_id")
    course = training.course_create(actor=request.user, agency=agency, **data)
    return HttpStatus(201, course)


# --- cases ---------------------------------------------------------------------------------------


class CaseOut(Schema):
    id: int
    number: str
    agency_id: int
    agency: str
    violation: str
    violation_label: str
    source: str
    source_ref: str
    source_label: str
    facts: str
    status: str
    status_label: str
    outcome: str
    outcome_label: str
    opened_on: dt.date
    decided_on: dt.date | None = None


def _case(c) -> dict[str, Any]:
    return {
        "id": c.pk,
        "number": c.number,
        "agency_id": c.agency_id,
        "agency": c.agency.name,
        "violation": c.violation,
        "violation_label": c.get_violation_display(),
        "source": c.source,
        "source_ref": c.source_ref,
        "source_label": c.source_label,
        "facts": c.facts,
        "status": c.status,
        "status_label": c.get_status_display(),
        "outcome": c.outcome,
        "outcome_label": c.get_outcome_display() if c.outcome else "",
        "opened_on": c.opened_on,
        "decided_on": c.decided_on,
    }


@router.get("/cases", response={200: list[CaseOut], **_READ}, summary="责任追究案件")
def case_list(request):
    return [_case(c) for c in selectors.case_list_visible_to(request.user)[:500]]


def _case_or_404(user, pk: int):
    case = selectors.case_get_visible_to(user, pk)
    if case is None:
        raise NotFound("未找到该案件。")
    return case


@router.get("/cases/{case_id}", response={200: CaseOut, **_READ}, summary="责任追究案件详情")
def case_detail(request, case_id: Id):
    return _case(_case_or_404(request.user, case_id))


class CaseIn(_In):
    agency_id: Id
    violation: str = Field(description=" / ".join(f"{v} {label}" for v, label in ViolationType.choices))
    facts: str = Field(min_length=1, max_length=5000)
    persons: str = Field(default="", max_length=300)


@router.post("/cases", response={201: CaseOut, **_WRITE}, summary="人工立案")
def case_open(request, payload: CaseIn):
    agency = selectors.agency_get(payload.agency_id)
    if agency is None:
        raise NotFound("未找到该单位。")
    case = cases.case_open(
        actor=request.user, agency=agency, violation=payload.violation, facts=payload.facts, persons=payload.persons
    )
    return HttpStatus(201, _case(case))


class FromFoiIn(_In):
    application_id: Id


@router.post("/cases-from-foi", response={201: CaseOut, **_WRITE}, summary="由逾期的依申请公开申请立案")
def case_from_foi(request, payload: FromFoiIn):
    return HttpStatus(201, _case(cases.case_open_from_foi(actor=request.user, application_id=payload.application_id)))


@router.post("/cases/{case_id}/submit", response={200: CaseOut, **_WRITE}, summary="提交处理决定审核")
def case_submit(request, case_id: Id):
    case = _case_or_404(request.user, case_id)
    return _case(cases.case_submit(actor=request.user, case=case))


# --- surveys -------------------------------------------------------------------------------------


class SurveyOut(Schema):
    id: int
    title: str
    agency_id: int
    status: str
    status_label: str
    answers: int


@router.get("/surveys", response={200: list[SurveyOut], **_READ}, summary="社会评议问卷")
def survey_list(request):
    return [
        {
            "id": s.pk,
            "title": s.title,
            "agency_id": s.agency_id,
            "status": s.status,
            "status_label": s.get_status_display(),
            "answers": s.answers,
        }
        for s in selectors.survey_list_visible_to(request.user)[:500]
    ]


class CountOut(Schema):
    name: str
    value: int


class QuestionResultOut(Schema):
    id: int
    text: str
    kind: str
    answered: int
    counts: list[CountOut]
    mean: float | None = None


class ResultsOut(Schema):
    responses: int
    questions: list[QuestionResultOut]


@router.get("/surveys/{survey_id}/results", response={200: ResultsOut, **_READ}, summary="问卷结果")
def survey_results(request, survey_id: Id):
    survey = selectors.survey_get_visible_to(request.user, survey_id)
    if survey is None:
        raise NotFound("未找到该问卷。")
    return selectors.survey_chart_data(survey)


# --- assessment ----------------------------------------------------------------------------------


class LineOut(Schema):
    key: str
    label: str
    weight: Decimal
    source: str
    value: float | None = None
    target: float | None = None
    rate: float | None = None
    score: Decimal | None = None
    records: int
    url: str
    evidence: str


class CardOut(Schema):
    agency_id: int
    agency: str
    total: Decimal | None = None
    rank: int | None = None
    commended: bool
    lines: list[LineOut]


class RoundOut(Schema):
    id: int
    title: str
    government_id: int
    year: int
    quarter: int | None = None
    status: str
    status_label: str
    citation: str


class RoundDetailOut(RoundOut):
    cards: list[CardOut]


def _round(r) -> dict[str, Any]:
    return {
        "id": r.pk,
        "title": str(r),
        "government_id": r.government_id,
        "year": r.year,
        "quarter": r.quarter,
        "status": r.status,
        "status_label": r.get_status_display(),
        "citation": r.citation,
    }


def _round_detail(r) -> dict[str, Any]:
    return {
        **_round(r),
        "cards": [
            {
                "agency_id": c.agency_id,
                "agency": c.agency.name,
                "total": c.total,
                "rank": c.rank,
                "commended": c.commended,
                "lines": [
                    {
                        "key": ln.key,
                        "label": ln.label,
                        "weight": ln.weight,
                        "source": ln.source,
                        "value": ln.value,
                        "target": ln.target,
                        "rate": ln.rate,
                        "score": ln.score,
                        "records": ln.records,
                        "url": ln.url,
                        "evidence": ln.evidence,
                    }
                    for ln in c.lines.all()
                ],
            }
            for c in selectors.round_cards(r)
        ],
    }


@router.get("/assessment", response={200: list[RoundOut], **_READ}, summary="考核")
def round_list(request):
    return [_round(r) for r in selectors.round_list_visible_to(request.user)[:200]]


@router.get("/assessment/{round_id}", response={200: RoundDetailOut, **_READ}, summary="考核结果（各单位各指标）")
def round_detail(request, round_id: Id):
    rnd = selectors.round_get_visible_to(request.user, round_id)
    if rnd is None:
        raise NotFound("未找到该考核。")
    return _round_detail(rnd)


class RoundIn(_In):
    government_id: Id
    year: int = Field(ge=2000, le=2100)
    quarter: int | None = Field(default=None, ge=1, le=4)


@router.post("/assessment", response={201: RoundDetailOut, **_WRITE}, summary="测算考核结果")
def round_compute(request, payload: RoundIn):
    government = selectors.agency_get(payload.government_id)
    if government is None:
        raise NotFound("未找到该考核机关。")
    if not permissions.allows(request.user, "assessment", "manage", government):
        raise PermissionDenied("您没有执行此操作的权限。")
    rnd = assessment.round_compute(
        actor=request.user, government=government, year=payload.year, quarter=payload.quarter
    )
    return HttpStatus(201, _round_detail(rnd))


@router.post("/assessment/{round_id}/publish", response={200: RoundOut, **_WRITE}, summary="发布考核结果")
def round_publish(request, round_id: Id):
    rnd = selectors.round_get_visible_to(request.user, round_id)
    if rnd is None:
        raise NotFound("未找到该考核。")
    return _round(assessment.round_publish(actor=request.user, round=rnd))
