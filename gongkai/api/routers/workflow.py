"""Reviews: lists, a review's record, and the decisions (approve / return / reject),
resubmission and cancellation. Starting a review belongs to the owning app's own
endpoint (e.g. "submit this catalogue item"), which calls ``review_start``."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from ninja import Query, Router, Schema
from pydantic import Field

from gongkai.orgs import selectors as org_selectors
from gongkai.workflow import permissions, selectors, services
from gongkai.workflow.enums import ReviewStatus
from gongkai.workflow.models import Review

from .audit import ErrorOut, PageQuery, paginate

router = Router(tags=["审核"])


class Scope(StrEnum):
    actionable = "actionable"
    submitted = "submitted"
    visible = "visible"


class ReviewFilters(Schema):
    scope: Scope = Field(Scope.actionable, description="actionable 待我审核 / submitted 我提交的 / visible 我可查看的")
    status: ReviewStatus | None = None


class ReviewOut(Schema):
    id: int
    template_key: str
    template_name: str
    target_type: str
    target_id: str = Field(alias="object_id")
    target: str = Field(alias="target_repr")
    agency_id: int
    agency_name: str
    status: str
    status_label: str
    current_step: int
    submitted_by: str = Field(alias="submitted_by_repr")
    submitted_at: dt.datetime
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_target_type(obj) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"

    @staticmethod
    def resolve_agency_name(obj) -> str:
        return obj.agency.name

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()


class ReviewPageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[ReviewOut]


class StepOut(Schema):
    index: int
    key: str
    name: str
    roles: list[str]
    agency_id: int
    agency_name: str
    allow_submitter: bool
    assignee_id: int | None = Field(None, description="改派后指定的审核人（空：持有该角色者均可审核）")

    @staticmethod
    def resolve_agency_name(obj) -> str:
        return obj.agency.name


class EntryOut(Schema):
    id: int
    action: str
    action_label: str
    step_key: str | None
    from_status: str
    to_status: str
    actor_id: int | None
    actor: str = Field(alias="actor_repr")
    comment: str
    data: dict[str, Any]
    created_at: dt.datetime

    @staticmethod
    def resolve_action_label(obj) -> str:
        return obj.get_action_display()

    @staticmethod
    def resolve_step_key(obj) -> str | None:
        return obj.step.key if obj.step_id else None


class ReviewDetailOut(ReviewOut):
    steps: list[StepOut] = Field(alias="step_rows")
    entries: list[EntryOut] = Field(alias="entry_rows")
    unstaffed_steps: list[int] = Field(description="除提交人外无人可审的步骤序号")
    can_decide: bool
    can_resubmit: bool
    can_cancel: bool


class DecisionIn(Schema):
    decision: str = Field(description="approve 通过 / return 退回修改 / reject 不予通过")
    comment: str = ""
    data: dict[str, Any] | None = Field(None, description="本步骤的结构化数据，如保密审查结论")
    expected_step: int | None = Field(None, description="提交时看到的步骤序号（0 起），防止重复处理")


class ResubmitIn(Schema):
    comment: str = ""
    data: dict[str, Any] | None = None


class CancelIn(Schema):
    reason: str


class ReassignIn(Schema):
    step: int = Field(description="步骤序号（0 起）：当前步骤或其后的步骤")
    assignee_id: int = Field(description="改派给的人员（须持有该步骤的角色，且不是提交人）")
    reason: str


def _detail(request, review_id: int) -> Review:
    user = request.auth
    review = selectors.review_get_visible_to(user, review_id)
    review.step_rows = list(review.steps.select_related("agency").order_by("index"))
    review.entry_rows = list(review.entries.select_related("step").order_by("created_at", "id"))
    review.can_decide = permissions.can_decide(user, review)
    review.can_resubmit = permissions.can_resubmit(user, review)
    review.can_cancel = permissions.can_cancel(user, review)
    return review


@router.get("", response={200: ReviewPageOut, 401: ErrorOut, 422: ErrorOut}, summary="审核列表")
def review_list(request, filters: Query[ReviewFilters], paging: Query[PageQuery]):
    user = request.auth
    status = filters.status.value if filters.status else None
    if filters.scope == Scope.actionable:
        qs = selectors.review_list_actionable_by(user)
        if status:
            qs = qs.filter(status=status)
    elif filters.scope == Scope.submitted:
        qs = selectors.review_list_submitted_by(user, status=status)
    else:
        qs = selectors.review_list_visible_to(user, status=status)
    return paginate(qs.order_by("-submitted_at", "-id"), paging)


@router.get("/{review_id}", response={200: ReviewDetailOut, 401: ErrorOut, 404: ErrorOut}, summary="审核详情与记录")
def review_detail(request, review_id: int):
    return _detail(request, review_id)


_WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.post(
    "/{review_id}/decide", response={200: ReviewDetailOut, **_WRITE_ERRORS}, summary="审核：通过、退回或不予通过"
)
def review_decide(request, review_id: int, payload: DecisionIn):
    review = selectors.review_get_visible_to(request.auth, review_id)
    services.review_decide(
        actor=request.auth,
        review=review,
        decision=payload.decision,
        comment=payload.comment,
        data=payload.data,
        expected_step=payload.expected_step,
    )
    return _detail(request, review.pk)


@router.post("/{review_id}/resubmit", response={200: ReviewDetailOut, **_WRITE_ERRORS}, summary="修改后重新提交")
def review_resubmit(request, review_id: int, payload: ResubmitIn):
    review = selectors.review_get_visible_to(request.auth, review_id)
    services.review_resubmit(actor=request.auth, review=review, comment=payload.comment, data=payload.data)
    return _detail(request, review.pk)


@router.post("/{review_id}/reassign", response={200: ReviewDetailOut, **_WRITE_ERRORS}, summary="改派审核人")
def review_reassign(request, review_id: int, payload: ReassignIn):
    review = selectors.review_get_visible_to(request.auth, review_id)
    services.review_step_reassign(
        actor=request.auth,
        review=review,
        step_index=payload.step,
        assignee=org_selectors.user_get(payload.assignee_id),
        reason=payload.reason,
    )
    return _detail(request, review.pk)


@router.post("/{review_id}/cancel", response={200: ReviewDetailOut, **_WRITE_ERRORS}, summary="撤销审核")
def review_cancel(request, review_id: int, payload: CancelIn):
    review = selectors.review_get_visible_to(request.auth, review_id)
    services.review_cancel(actor=request.auth, review=review, reason=payload.reason)
    return _detail(request, review.pk)
