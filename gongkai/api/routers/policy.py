"""Policy lifecycle (政策制定与解读): consultations, policies with their interpretations, comments.

Public (no sign-in): ``GET /policy/consultations`` (the 意见征集 column), ``GET /policy/policies/{id}``
(the whole story: draft, period and its rule, shown comments, adoption report, document and
interpretations), ``POST /policy/policies/{id}/comments`` (a citizen's comment, held for moderation;
rate-limited per address: 429), ``GET /policy/interpretations``.
Staff (signed in, scoped to their units): ``GET /policy/staff/policies`` and
``POST /policy/staff/policies/{id}/submit`` (submission to the government office; the answer says
whether it was returned — 退文 — and why).

Errors are ``{"code", "message", "detail"}``: ``validation_failed`` (422), ``not_found`` (404),
``permission_denied`` (403), ``invalid_transition`` (409), ``comment_throttled`` (429).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Router, Schema
from ninja import Status as HttpStatus
from pydantic import Field

from gongkai.core import clock
from gongkai.core.errors import NotFound
from gongkai.core.http import client_address
from gongkai.policy import selectors, services

router = Router(tags=["政策制定与解读"])


class ErrorOut(Schema):
    code: str
    message: str
    detail: Any = None


class ConsultationOut(Schema):
    id: int
    title: str
    agency: str
    kind: str = Field(description="文件类型代码")
    kind_label: str = Field(description="文件类型")
    state: str = Field(description="状态代码")
    state_label: str = Field(description="状态")
    starts_on: dt.date | None = Field(description="征求意见开始日期")
    ends_on: dt.date | None = Field(description="征求意见截止日期")
    open: bool = Field(description="是否正在征求意见")
    citation: str = Field(description="征求意见期限依据")
    url: str


class CommentOut(Schema):
    article: str
    body: str
    name: str = Field(description="意见人（脱敏）")
    created_at: dt.datetime


class GroupOut(Schema):
    article: str
    theme: str
    size: int
    decision: str = Field(description="采纳情况")
    reason: str


class ReportOut(Schema):
    summary: str
    published_at: dt.datetime | None
    review_procedure: str
    groups: list[GroupOut]


class InterpretationOut(Schema):
    id: int
    policy_id: int
    policy_title: str
    form: str
    form_label: str = Field(description="解读形式")
    title: str
    body: str
    link_url: str
    expert: str = Field(description="解读专家")
    followup: bool = Field(description="是否后续解读")
    published_at: dt.datetime | None
    url: str


class HearingOut(Schema):
    kind: str
    kind_label: str = Field(description="听证会或公众列席会议")
    title: str
    held_at: dt.datetime
    place: str
    seats: int
    signup_until: dt.date
    selection_method: str
    state_label: str
    minutes: str = Field(description="会议记录（举行后公开）")


class PolicyOut(ConsultationOut):
    draft_text: str
    explanation: str
    basis: str
    articles: list[str]
    shortened_reason: str
    comments: list[CommentOut]
    report: ReportOut | None
    document_number: str
    issued_on: dt.date | None
    document_url: str = Field(description="公开目录中的正式文件")
    interpretations: list[InterpretationOut]
    hearings: list[HearingOut]


class CommentIn(Schema):
    body: str = Field(max_length=5000, description="意见内容")
    article: str = Field("", max_length=30, description="针对的条款，如 第三条")
    name: str = Field("", max_length=50, description="姓名（可不填）")
    contact: str = Field("", max_length=100, description="联系方式（可不填，仅工作人员可见）")


class CommentCreatedOut(Schema):
    id: int
    status: str
    status_label: str


class StaffPolicyOut(Schema):
    id: int
    title: str
    agency: str
    state: str
    state_label: str


class SubmissionOut(Schema):
    number: int
    outcome: str
    outcome_label: str
    reasons: list[str]


def _consultation(p) -> dict:
    today = clock.today()
    return {
        "id": p.pk,
        "title": p.title,
        "agency": p.agency.name,
        "kind": p.kind,
        "kind_label": p.get_kind_display(),
        "state": p.state,
        "state_label": p.get_state_display(),
        "starts_on": p.consultation_starts_on,
        "ends_on": p.consultation_ends_on,
        "open": bool(p.state == "consulting" and p.consultation_starts_on <= today <= p.consultation_ends_on),
        "citation": p.consultation_citation,
        "url": f"/policies/{p.pk}/",
    }


def _interpretation(i) -> dict:
    return {
        "id": i.pk,
        "policy_id": i.policy_id,
        "policy_title": i.policy.title,
        "form": i.form,
        "form_label": i.get_form_display(),
        "title": i.title,
        "body": i.body,
        "link_url": i.link_url,
        "expert": f"{i.expert.name}（{i.expert.affiliation}）" if i.expert else "",
        "followup": i.is_followup,
        "published_at": i.published_at,
        "url": f"/policies/{i.policy_id}/#interpretation-{i.pk}",
    }


def _public(pk: int):
    policy = selectors.public_policy(pk)
    if policy is None:
        raise NotFound("没有找到该政策文件。")
    return policy


@router.get("/consultations", response=list[ConsultationOut], auth=None, summary="意见征集栏目")
def consultations(request):
    return [_consultation(p) for p in selectors.public_policies()[:200]]


@router.get("/policies/{pk}", response={200: PolicyOut, 404: ErrorOut}, auth=None, summary="政策文件的全过程")
def policy_detail(request, pk: int):
    p = _public(pk)
    report = selectors.public_report(p)
    released = p.state == "released"
    return {
        **_consultation(p),
        "draft_text": p.draft_text,
        "explanation": p.explanation,
        "basis": p.basis,
        "articles": p.articles(),
        "shortened_reason": p.shortened_reason,
        "comments": [
            {"article": c.article, "body": c.body, "name": c.name_masked or "匿名", "created_at": c.created_at}
            for c in selectors.public_comments(p)
        ],
        "report": {
            "summary": report.summary,
            "published_at": report.published_at,
            "review_procedure": report.review_procedure,
            "groups": [
                {
                    "article": g.article,
                    "theme": g.theme,
                    "size": g.size,
                    "decision": g.get_decision_display(),
                    "reason": g.reason,
                }
                for g in selectors.public_groups(p)
            ],
        }
        if report
        else None,
        "document_number": p.document_number if released else "",
        "issued_on": p.issued_on if released else None,
        "document_url": p.catalog_url if released else "",
        "interpretations": [_interpretation(i) for i in selectors.public_interpretations(p)] if released else [],
        "hearings": [
            {
                "kind": h.kind,
                "kind_label": h.get_kind_display(),
                "title": h.title,
                "held_at": h.held_at,
                "place": h.place,
                "seats": h.seats,
                "signup_until": h.signup_until,
                "selection_method": h.selection_method,
                "state_label": h.get_state_display(),
                "minutes": h.minutes if h.state == "held" else "",
            }
            for h in selectors.hearings(p)
        ],
    }


@router.post(
    "/policies/{pk}/comments",
    response={201: CommentCreatedOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="提交意见（经审核后处理）",
)
def comment_create(request, pk: int, payload: CommentIn):
    p = _public(pk)
    c = services.comment_submit(
        policy=p,
        body=payload.body,
        article=payload.article,
        name=payload.name,
        contact=payload.contact,
        ip=client_address(request),
    )
    return HttpStatus(201, {"id": c.pk, "status": c.status, "status_label": c.get_status_display()})


@router.get("/interpretations", response=list[InterpretationOut], auth=None, summary="政策解读")
def interpretations(request):
    return [_interpretation(i) for i in selectors.public_interpretations_all()[:200]]


@router.get("/staff/policies", response=list[StaffPolicyOut], summary="本单位的政策文件")
def staff_policies(request):
    return [
        {"id": p.pk, "title": p.title, "agency": p.agency.name, "state": p.state, "state_label": p.get_state_display()}
        for p in selectors.policy_list_visible_to(request.user).order_by("-updated_at")[:200]
    ]


@router.post(
    "/staff/policies/{pk}/submit",
    response={200: SubmissionOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="报送政府办公室（材料不全即退文）",
)
def staff_submit(request, pk: int):
    p = selectors.policy_get_visible(request.user, pk)
    if p is None:
        raise NotFound("没有找到该政策文件，或您无权查看。")
    s = services.policy_submit(actor=request.user, policy=p)
    return {"number": s.number, "outcome": s.outcome, "outcome_label": s.get_outcome_display(), "reasons": s.reasons}
