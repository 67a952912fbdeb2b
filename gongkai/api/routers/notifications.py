"""One's own in-app notifications; the e-mail outbox for system administrators."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema
from pydantic import Field

from gongkai.notifications import selectors, services
from gongkai.notifications.enums import Status
from gongkai.orgs import permissions

from .audit import ErrorOut, PageQuery, paginate

router = Router(tags=["通知"])


class NotificationOut(Schema):
    id: int
    event: str
    subject: str
    body: str
    link: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationPageOut(Schema):
    count: int
    unread: int
    page: int
    page_size: int
    items: list[NotificationOut]


class OutboxOut(Schema):
    id: int
    recipient_id: int
    recipient: str
    email: str
    event: str
    subject: str
    status: str
    attempts: int
    last_error: str
    next_attempt_at: dt.datetime | None
    created_at: dt.datetime
    sent_at: dt.datetime | None

    @staticmethod
    def resolve_recipient(obj) -> str:
        return str(obj.recipient)

    @staticmethod
    def resolve_email(obj) -> str:
        return obj.recipient.email or ""


class OutboxPageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[OutboxOut]


class NotificationFilters(Schema):
    unread: bool = Field(False, description="只返回未读")


class OutboxFilters(Schema):
    status: Status | None = Field(None, description="pending / sent / failed / skipped")


@router.get("", response={200: NotificationPageOut, 401: ErrorOut, 422: ErrorOut}, summary="我的站内通知")
def notification_list(request, filters: Query[NotificationFilters], paging: Query[PageQuery]):
    qs = selectors.notification_list_for(request.auth)
    if filters.unread:
        qs = qs.filter(read_at__isnull=True)
    return {**paginate(qs, paging), "unread": selectors.unread_count_for(request.auth)}


@router.post(
    "/{notification_id}/read", response={200: NotificationOut, 401: ErrorOut, 404: ErrorOut}, summary="标为已读"
)
def notification_read(request, notification_id: int):
    return services.notification_mark_read(actor=request.auth, notification_id=notification_id)


@router.get(
    "/outbox",
    response={200: OutboxPageOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="邮件发件箱（系统管理员）",
)
def outbox_list(request, filters: Query[OutboxFilters], paging: Query[PageQuery]):
    permissions.require_system_admin(request.auth)
    qs = selectors.outbox_list_visible_to(request.auth, status=filters.status).order_by("-created_at", "-id")
    return paginate(qs, paging)


@router.post(
    "/outbox/{notification_id}/retry",
    response={200: OutboxOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="重新发送失败的邮件（系统管理员）",
)
def outbox_retry(request, notification_id: int):
    return services.notification_retry(actor=request.auth, notification_id=notification_id)
