"""Reads of applications. Visibility is decided here (``permissions.can_view_agency`` scope)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.core import clock
from gongkai.core.errors import NotFound
from gongkai.orgs.models import Agency, User
from gongkai.rules import selectors as rule_selectors
from gongkai.rules.enums import DeadlineState, DeadlineStatus
from gongkai.rules.models import Deadline

from . import permissions
from .enums import OPEN_STATUSES, Status
from .models import AgencyProfile, AppealRecord, Application, ApplicationEvent, Attachment, Consultation


def application_list_visible_to(
    user,
    *,
    status: str | None = None,
    agency_id: int | None = None,
    q: str = "",
    open_only: bool = False,
) -> QuerySet[Application]:
    qs = Application.objects.select_related("agency", "handler", "deadline")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    visible = permissions.viewable_agency_ids(user)
    if visible is not None:
        qs = qs.filter(agency_id__in=visible)
    if status:
        qs = qs.filter(status=status)
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(tracking_number__icontains=q)
            | Q(applicant_name__icontains=q)
            | Q(items__title__icontains=q)
            | Q(items__description__icontains=q)
            | Q(letter_number__icontains=q)
        ).distinct()
    return qs.order_by("-receipt_date", "-id")


def application_get_visible_to(user, pk: int) -> Application:
    app = (
        Application.objects.select_related("agency", "agency__region", "handler", "deadline", "repeat_of")
        .filter(pk=pk)
        .first()
    )
    if app is None or not permissions.can_view(user, app):
        # The same answer whether it does not exist or is not visible: nothing leaks.
        raise NotFound("未找到该申请。")
    return app


@dataclass(frozen=True)
class ClockView:
    deadline: Deadline | None
    state: str
    state_label: str
    due_date: dt.date | None
    provisional: bool
    explanation: str
    extended: bool


def clock_view(app: Application, now: dt.datetime | None = None) -> ClockView:
    d = Deadline.objects.filter(pk=app.deadline_id).prefetch_related("extensions").first() if app.deadline_id else None
    if d is None:
        return ClockView(None, "", "", None, False, "", False)
    state = rule_selectors.deadline_state(d, now)
    return ClockView(
        deadline=d,
        state=state,
        state_label=DeadlineState(state).label,
        due_date=d.due_date,
        provisional=d.provisional,
        explanation=d.explain(),
        extended=d.extensions.exists(),
    )


def _open_with_running_clock(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.filter(status__in=OPEN_STATUSES, deadline__status=DeadlineStatus.OPEN, deadline__due_at__isnull=False)


def application_list_overdue(
    user, *, agency_id: int | None = None, now: dt.datetime | None = None
) -> list[Application]:
    now = now or clock.now()
    qs = _open_with_running_clock(application_list_visible_to(user, agency_id=agency_id))
    return list(qs.filter(deadline__due_at__lt=now).order_by("deadline__due_at"))


def application_list_due_soon(
    user, *, agency_id: int | None = None, now: dt.datetime | None = None
) -> list[Application]:
    now = now or clock.now()
    qs = _open_with_running_clock(application_list_visible_to(user, agency_id=agency_id))
    qs = qs.filter(deadline__due_at__gte=now, deadline__due_at__lte=now + dt.timedelta(days=60))
    return [a for a in qs.order_by("deadline__due_at") if rule_selectors.is_due_soon(a.deadline, now)]


def timeline(app: Application, *, public_only: bool = False) -> QuerySet[ApplicationEvent]:
    qs = app.events.select_related("actor")
    return qs.filter(public=True) if public_only else qs


def allowed_actions(user, app: Application) -> list[str]:
    """Actions offered as buttons to ``user`` now (the action specs of ``actions.py``: the table,
    the case's history, who may)."""
    from .actions import available_names  # actions.py reads state_allows below

    return available_names(app, user)


def state_allows(app: Application, action: str, now: dt.datetime | None = None) -> bool:
    """What the case's own history still allows beyond the status table (the services refuse the
    rest; offering a form that can only be refused misleads): 补正 once and only within its
    notice period (条例 art. 30), one extension (art. 33), one fee notice and only within the
    answer period (国办函〔2020〕109号)."""
    from .enums import Action, FeeState

    now = now or clock.now()
    if action == Action.REQUEST_SUPPLEMENT:
        if app.supplement_requested_at is not None:
            return False
        end = rule_selectors.rule_period_end("foi.supplement_notice_period", app.agency.region, app.receipt_date)
        return end is None or timezone.localdate(now) <= end.due_date
    if action == Action.EXTEND:
        return not app.events.filter(action=Action.EXTEND).exists()
    if action == Action.FEE_NOTICE:
        if app.fees.exclude(state=FeeState.CANCELLED).exists():
            return False
        d = Deadline.objects.filter(pk=app.deadline_id).first() if app.deadline_id else None
        return not (d is not None and d.due_at is not None and d.due_at < now)
    return True


def applicant_application_count(app: Application, *, month_of: dt.date | None = None) -> int:
    """The applicant's applications to this agency in the natural month (for 条例 art. 35)."""
    day = month_of or app.receipt_date
    first = day.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return Application.objects.filter(
        agency_id=app.agency_id, applicant_hash=app.applicant_hash, receipt_date__gte=first, receipt_date__lte=last
    ).count()


def earlier_applications(app: Application) -> QuerySet[Application]:
    """The same applicant's earlier applications to this agency (to link repeat applications)."""
    return (
        Application.objects.filter(
            agency_id=app.agency_id, applicant_hash=app.applicant_hash, receipt_date__lte=app.receipt_date
        )
        .exclude(pk=app.pk)
        .order_by("-receipt_date", "-id")
    )


def applicant_messages(app: Application):
    """The e-mails and SMS queued to the applicant (addresses masked), oldest first."""
    from gongkai.notifications.selectors import external_messages_for

    return external_messages_for(f"foi.application:{app.pk}")


def public_stage(app: Application) -> str:
    """The stage shown to the applicant (no internal detail)."""
    if app.status in (Status.DRAFTED, Status.UNDER_REVIEW, Status.APPROVED):
        return "办理中（答复审核中）"
    return app.get_status_display()


def local_today() -> dt.date:
    return timezone.localdate(clock.now())


# --- Single records for the edges (the portal's applicant pages check the session grant themselves) -----------


def application_get_by_public_id(public_id) -> Application | None:
    """The application with this public number, with its agency and deadline, or ``None``."""
    return Application.objects.select_related("agency", "deadline").filter(public_id=public_id).first()


def application_reload(app: Application) -> Application:
    """A fresh copy of the application from the database (after a refused action left the instance dirty)."""
    return Application.objects.get(pk=app.pk)


def attachment_get(app: Application, pk) -> Attachment | None:
    """One attachment of this application, or ``None``."""
    return Attachment.objects.filter(pk=pk, application=app).first()


def application_get(pk) -> Application | None:
    """The application with this primary key, not scoped (after a refused action on one already shown)."""
    return Application.objects.filter(pk=pk).first()


def application_get_in_agency(pk, agency_id: int) -> Application | None:
    """Another application of the same agency (for linking a repeated application), or ``None``."""
    return Application.objects.filter(pk=pk, agency_id=agency_id).first()


def handler_list_for(app: Application) -> list[User]:
    """Active people with a role in the application's agency or above who may handle it."""
    candidates = User.objects.filter(
        is_active=True, role_assignments__agency__in=[a.pk for a in app.agency.ancestors()]
    ).distinct()
    return [u for u in candidates if permissions.can_handle(u, app)]


def transfer_agency_choices(app: Application) -> QuerySet[Agency]:
    """Active agencies other than the application's own, by name."""
    return Agency.objects.filter(is_active=True).exclude(pk=app.agency_id).order_by("name")


def consultation_get(app: Application, pk) -> Consultation | None:
    return Consultation.objects.filter(pk=pk, application=app).first()


def appeal_record_get(app: Application, pk) -> AppealRecord | None:
    return AppealRecord.objects.filter(pk=pk, application=app).first()


def agency_profile_for(agency: Agency) -> AgencyProfile | None:
    return AgencyProfile.objects.filter(agency=agency).first()
