"""Reports forwarded, adopted suggestions, assessment records and risk assessments of public
opinion (SPEC R5.3, R5.8, R5.10), under /api/v1/opinion/oversight. Staff only, as the pages.

- ``GET  /events/{id}/reports`` — the numbered 专报 / 快报 / 简报 issued on an event, with each
  receiving unit and when its staff first opened the report; ``POST /events/{id}/reports``
  (``kind``, ``issuer``, ``recipients``, ``note``) issues one (coordinators). The Word file is at
  the ``download`` path of the back office (opening it there is the receipt).
- ``POST /feedback/{id}/publication`` — a draft response of the kind 意见建议采纳情况 from a feedback
  record that adopted suggestions (published only after the review).
- ``GET /accountability`` (``first``, ``last`` dates), ``POST /accountability`` — 通报批评 / 约谈 /
  通报表扬 records (the government's news and disclosure offices).
- ``GET /risk-assessments``, ``POST /risk-assessments``, ``GET`` / ``PATCH /risk-assessments/{id}``,
  ``POST /risk-assessments/{id}/conclude`` — the opinion risk assessment of major decisions.

Every write calls ``gongkai.opinion.response.oversight`` or ``risk``; errors as
``{"code", "message", "detail"}`` (401, 403, 404, 409, 422); nothing is written when a call fails.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from ninja import Query, Router, Schema
from ninja import Status as HttpStatus
from pydantic import Field

from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.opinion import selectors as opinion_selectors
from gongkai.opinion.models import MonitoringPlan
from gongkai.opinion.response import oversight, permissions, risk, selectors
from gongkai.opinion.response.enums import AccountabilityKind, ReportKind, RiskLevel, RiskMethod
from gongkai.orgs import selectors as org_selectors

from .audit import ErrorOut
from .opinion_response.common import _READ_ERRORS, _WRITE_ERRORS, Id, _choices, _In
from .opinion_response.schemas import ResponseOut, _response

router = Router(tags=["政务舆情回应"])


def _pick(queryset, ids: list[int], field: str, label: str) -> list:
    wanted = list(dict.fromkeys(ids))
    found = {a.pk: a for a in queryset.filter(pk__in=wanted)}
    unknown = [i for i in wanted if i not in found]
    if unknown:
        raise ValidationFailed(f"{label}不在可选范围内。", detail={"field": field, "unknown": unknown})
    return [found[i] for i in wanted]


# --- Reports ----------------------------------------------------------------------------------------------------


class DeliveryOut(Schema):
    agency_id: int
    agency: str
    read_at: dt.datetime | None = None
    read_by: str | None = None


class ReportOut(Schema):
    id: int
    event_id: int
    kind: str
    kind_label: str
    number: str
    issuer_id: int
    issuer: str
    issued_at: dt.datetime
    note: str
    deliveries: list[DeliveryOut]
    download: str


class ReportIn(_In):
    kind: str = Field(description=_choices(ReportKind.choices))
    issuer: Id = Field(description="报送单位 id（本人所在的组织协调单位）")
    recipients: list[Id] = Field(description="接收的承办单位 id（本事件所在地区）")
    note: str = Field("", description="报送说明与处置建议")


def _report(row) -> dict[str, Any]:
    return {
        "id": row.pk,
        "event_id": row.event_id,
        "kind": row.kind,
        "kind_label": row.get_kind_display(),
        "number": row.number,
        "issuer_id": row.issuer_id,
        "issuer": row.issuer.name,
        "issued_at": row.issued_at,
        "note": row.note,
        "deliveries": [
            {
                "agency_id": d.agency_id,
                "agency": d.agency.name,
                "read_at": d.read_at,
                "read_by": d.read_by.get_username() if d.read_by else None,
            }
            for d in row.deliveries.all()
        ],
        "download": reverse("backoffice:opinion_response_report", args=[row.pk]),
    }


@router.get(
    "/events/{event_id}/reports", response={200: list[ReportOut], **_READ_ERRORS}, summary="事件的专报、快报和简报"
)
def report_list(request, event_id: Id):
    event = selectors.event_get_visible_to(request.user, event_id)
    return [_report(r) for r in oversight.report_list_for_event(event)]


@router.post(
    "/events/{event_id}/reports",
    response={201: ReportOut, **_WRITE_ERRORS},
    summary="报送专报、快报或简报（组织协调单位，送承办单位）",
)
def report_issue(request, event_id: Id, payload: ReportIn):
    event = selectors.event_get_visible_to(request.user, event_id)
    permissions.require_coordinator(request.user, event)
    issuers = [a for a in oversight.report_issuer_choices(request.user, event) if a.pk == payload.issuer]
    if not issuers:
        raise ValidationFailed("请选择您所在的组织协调单位作为报送单位。", detail={"field": "issuer"})
    recipients = _pick(oversight.report_recipient_choices(event), payload.recipients, "recipients", "接收单位")
    row = oversight.report_issue(
        actor=request.user, event=event, kind=payload.kind, issuer=issuers[0], recipients=recipients, note=payload.note
    )
    return HttpStatus(201, _report(oversight.report_list_for_event(event).get(pk=row.pk)))


# --- Adopted suggestions ----------------------------------------------------------------------------------------


@router.post(
    "/feedback/{feedback_id}/publication",
    response={201: ResponseOut, **_WRITE_ERRORS},
    summary="以采纳了意见建议的反馈起草“意见建议采纳情况”回应（审核后公开）",
)
def feedback_publication(request, feedback_id: Id):
    feedback = selectors.feedback_get(feedback_id)
    if feedback is None or not permissions.can_see_event(request.user, feedback.event):
        raise NotFound("未找到该反馈记录。")
    row = oversight.adopted_suggestions_draft(actor=request.user, feedback=feedback)
    return HttpStatus(201, _response(selectors.response_get_visible_to(request.user, row.pk)))


# --- Assessment records ----------------------------------------------------------------------------------------


class AccountabilityOut(Schema):
    id: int
    kind: str
    kind_label: str
    agency_id: int
    agency: str
    person: str
    issuer_id: int
    issuer: str
    decided_at: dt.date
    document_number: str
    reason: str
    event_ids: list[int]


class AccountabilityIn(_In):
    kind: str = Field(description=_choices(AccountabilityKind.choices))
    agency: Id = Field(description="对象单位 id（作出单位行政区域内）")
    person: str = Field("", description="对象个人")
    issuer: Id = Field(description="作出单位 id（本人为新闻办或政务公开办的政府或政府办公室）")
    decided_at: dt.date = Field(description="日期（不晚于今天）")
    document_number: str = Field("", description="文号")
    reason: str = Field(description="事由")
    events: list[Id] = Field([], description="涉及事件 id")


class AccountabilityFilters(Schema):
    first: dt.date | None = Field(None, description="起始日期")
    last: dt.date | None = Field(None, description="截止日期")


def _accountability(row) -> dict[str, Any]:
    return {
        "id": row.pk,
        "kind": row.kind,
        "kind_label": row.get_kind_display(),
        "agency_id": row.agency_id,
        "agency": row.agency.name,
        "person": row.person,
        "issuer_id": row.issuer_id,
        "issuer": row.issuer.name,
        "decided_at": row.decided_at,
        "document_number": row.document_number,
        "reason": row.reason,
        "event_ids": [e.pk for e in row.events.all()],
    }


@router.get(
    "/accountability",
    response={200: list[AccountabilityOut], 401: ErrorOut, 422: ErrorOut},
    summary="通报批评、约谈和通报表扬",
)
def accountability_list(request, filters: Query[AccountabilityFilters]):
    qs = oversight.accountability_list_visible_to(request.user)
    if filters.first:
        qs = qs.filter(decided_at__gte=filters.first)
    if filters.last:
        qs = qs.filter(decided_at__lte=filters.last)
    return [_accountability(a) for a in qs[:500]]


@router.post(
    "/accountability",
    response={201: AccountabilityOut, **_WRITE_ERRORS},
    summary="登记通报批评、约谈或通报表扬（政府新闻办、政务公开办）",
)
def accountability_create(request, payload: AccountabilityIn):
    agency = org_selectors.agency_get(payload.agency)
    issuer = org_selectors.agency_get(payload.issuer)
    if agency is None:
        raise ValidationFailed("对象单位不存在。", detail={"field": "agency"})
    if issuer is None:
        raise ValidationFailed("作出单位不存在。", detail={"field": "issuer"})
    events = _pick(selectors.event_list_visible_to(request.user), payload.events, "events", "涉及事件")
    row = oversight.accountability_create(
        actor=request.user,
        agency=agency,
        kind=payload.kind,
        issuer=issuer,
        decided_at=payload.decided_at,
        reason=payload.reason,
        person=payload.person,
        document_number=payload.document_number,
        events=events,
    )
    return HttpStatus(201, _accountability(row))


# --- Risk assessment of major decisions ---------------------------------------------------------------------------


class RiskOut(Schema):
    id: int
    agency_id: int
    agency: str
    decision_title: str
    decision_summary: str
    planned_on: dt.date | None = None
    methods: list[str]
    findings: str
    level: str
    level_label: str
    plan: str
    talking_points: str
    tracking_plan_id: int | None = None
    status: str
    status_label: str
    concluded_by: str | None = None
    concluded_at: dt.datetime | None = None


class RiskFields(_In):
    decision_summary: str = Field("", description="决策主要内容")
    planned_on: dt.date | None = Field(None, description="拟出台日期")
    methods: list[str] = Field([], description=_choices(RiskMethod.choices))
    findings: str = Field("", description="风险预测与研判")
    level: str = Field("", description=_choices(RiskLevel.choices) + "；空为尚未确定")
    plan: str = Field("", description="处置预案")
    talking_points: str = Field("", description="回应口径（高风险须填写）")
    tracking_plan: Id | None = Field(None, description="舆情跟踪方案 id")


class RiskCreateIn(RiskFields):
    agency: Id = Field(description="决策单位 id（本人所在单位）")
    decision_title: str = Field(description="决策事项")


class RiskUpdateIn(_In):
    decision_title: str | None = None
    decision_summary: str | None = None
    planned_on: dt.date | None = None
    methods: list[str] | None = None
    findings: str | None = None
    level: str | None = None
    plan: str | None = None
    talking_points: str | None = None
    tracking_plan: Id | None = None


def _risk(row) -> dict[str, Any]:
    return {
        "id": row.pk,
        "agency_id": row.agency_id,
        "agency": row.agency.name,
        "decision_title": row.decision_title,
        "decision_summary": row.decision_summary,
        "planned_on": row.planned_on,
        "methods": list(row.methods or []),
        "findings": row.findings,
        "level": row.level,
        "level_label": row.get_level_display() if row.level else "",
        "plan": row.plan,
        "talking_points": row.talking_points,
        "tracking_plan_id": row.tracking_plan_id,
        "status": row.status,
        "status_label": row.get_status_display(),
        "concluded_by": row.concluded_by.get_username() if row.concluded_by else None,
        "concluded_at": row.concluded_at,
    }


def _plan(plan_id: int | None) -> MonitoringPlan | None:
    if plan_id is None:
        return None
    plan = opinion_selectors.plan_get(plan_id)
    if plan is None:
        raise ValidationFailed("所选监测方案不存在或您无权使用。", detail={"field": "tracking_plan"})
    return plan


@router.get("/risk-assessments", response={200: list[RiskOut], 401: ErrorOut}, summary="重大决策舆情风险评估")
def risk_list(request):
    return [_risk(r) for r in risk.risk_assessment_list_visible_to(request.user)[:500]]


@router.post("/risk-assessments", response={201: RiskOut, **_WRITE_ERRORS}, summary="填报重大决策舆情风险评估")
def risk_create(request, payload: RiskCreateIn):
    agency = risk.editable_agencies(request.user).filter(pk=payload.agency).first()
    if agency is None:
        raise ValidationFailed("请选择您所在的单位作为决策单位。", detail={"field": "agency"})
    data = payload.model_dump(exclude={"agency"})
    data["tracking_plan"] = _plan(payload.tracking_plan)
    row = risk.risk_assessment_create(actor=request.user, agency=agency, **data)
    return HttpStatus(201, _risk(row))


@router.get("/risk-assessments/{risk_id}", response={200: RiskOut, **_READ_ERRORS}, summary="风险评估详情")
def risk_detail(request, risk_id: Id):
    return _risk(risk.risk_assessment_get_visible_to(request.user, risk_id))


@router.patch(
    "/risk-assessments/{risk_id}",
    response={200: RiskOut, **_WRITE_ERRORS},
    summary="修改风险评估（评估中；只改所提交的字段）",
)
def risk_update(request, risk_id: Id, payload: RiskUpdateIn):
    row = risk.risk_assessment_get_visible_to(request.user, risk_id)
    data = payload.model_dump(exclude_unset=True)
    if "tracking_plan" in data:
        data["tracking_plan"] = _plan(data["tracking_plan"])
    row = risk.risk_assessment_update(actor=request.user, assessment=row, **data)
    return _risk(risk.risk_assessment_get_visible_to(request.user, row.pk))


@router.post(
    "/risk-assessments/{risk_id}/conclude",
    response={200: RiskOut, **_WRITE_ERRORS},
    summary="审定风险评估（单位管理员、科室负责人或分管负责同志）",
)
def risk_conclude(request, risk_id: Id):
    row = risk.risk_assessment_get_visible_to(request.user, risk_id)
    risk.risk_assessment_conclude(actor=request.user, assessment=row)
    return _risk(risk.risk_assessment_get_visible_to(request.user, risk_id))
