"""Spokespersons and liaisons (R1.3): filed with the news office through a review."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import InvalidTransition, ValidationFailed
from gongkai.orgs.models import Agency
from gongkai.workflow import selectors as review_selectors
from gongkai.workflow import services as review_services
from gongkai.workflow.enums import ReviewStatus

from .. import permissions
from ..enums import (
    FilingAction,
    FilingStatus,
    PersonRole,
)
from ..events import PressEvent
from ..models import SpokespersonFiling
from ..reviews import FILING_TEMPLATE
from ..transitions import FILING_TRANSITIONS
from .common import _agency, _date, _lock, _text

# ------------------------------------------------------------------------------------------------
# Spokespersons and liaisons (R1.3): filed with the news office through a review
# ------------------------------------------------------------------------------------------------


def filing_create(
    *,
    actor,
    agency: Agency | int,
    role: str,
    name: str,
    title: str,
    since,
    until=None,
    office_phone: str = "",
    mobile: str = "",
) -> SpokespersonFiling:
    agency = _agency(agency)
    permissions.require_filing_create(actor, agency)
    if role not in PersonRole.values:
        raise ValidationFailed("请选择新闻发言人或新闻联络员。", code="invalid_role")
    values = {
        "name": _text(name, "姓名", max_length=60),
        "title": _text(title, "职务", max_length=100),
        "office_phone": _text(office_phone, "办公电话", required=False, max_length=40),
        "mobile": _text(mobile, "手机", required=False, max_length=40),
        "since": _date(since, "任职起始日期"),
        "until": _date(until, "任职终止日期", required=False),
    }
    if not values["office_phone"] and not values["mobile"]:
        raise ValidationFailed("请至少填写一个联系电话。", code="phone_required")
    if values["until"] and values["until"] < values["since"]:
        raise ValidationFailed("任职终止日期不能早于起始日期。", code="invalid_period")
    with transaction.atomic():
        filing = SpokespersonFiling.objects.create(agency=agency, role=role, created_by=actor, **values)
        audit_log(actor=actor, event=PressEvent.FILING_CREATED, target=filing, data={"new": {**values, "role": role}})
    return filing


def filing_transition(*, actor, filing: SpokespersonFiling | int, action: str, comment: str = "") -> SpokespersonFiling:
    """Apply ``action`` (FILING_TRANSITIONS). Approval files it and ends the earlier filed person."""
    with transaction.atomic():
        locked = _lock(SpokespersonFiling, filing)
        new = FILING_TRANSITIONS.get((locked.status, action))
        if new is None:
            raise InvalidTransition(
                f"当前状态（{locked.get_status_display()}）不能执行“{FilingAction(action).label}”。",
                code="invalid_transition",
            )
        old = locked.status
        locked.status = new
        fields = ["status", "updated_at"]
        if action == FilingAction.REVIEW_APPROVED:
            locked.filed_at = clock.now()
            fields.append("filed_at")
            earlier = (
                SpokespersonFiling.objects.select_for_update()
                .filter(agency_id=locked.agency_id, role=locked.role, status=FilingStatus.FILED)
                .exclude(pk=locked.pk)
            )
            for prev in earlier:
                prev.status = FilingStatus.ENDED
                if prev.until is None or prev.until >= locked.since:
                    prev.until = max(prev.since, locked.since - dt.timedelta(days=1))
                prev.save(update_fields=["status", "until", "updated_at"])
                audit_log(
                    actor=actor,
                    event=PressEvent.FILING_TRANSITION,
                    target=prev,
                    data={
                        "old": {"status": FilingStatus.FILED},
                        "new": {"status": FilingStatus.ENDED},
                        "by": locked.pk,
                    },
                )
        locked.save(update_fields=fields)
        audit_log(
            actor=actor,
            event=PressEvent.FILING_TRANSITION,
            target=locked,
            data={"old": {"status": old}, "new": {"status": new}, "action": action, "comment": comment},
        )
    if isinstance(filing, SpokespersonFiling):
        filing.refresh_from_db()
    return locked


def filing_submit(*, actor, filing: SpokespersonFiling, comment: str = "") -> SpokespersonFiling:
    """Send the filing to the government's news office (review ``press.filing``)."""
    permissions.require_filing_create(actor, filing.agency_id)
    with transaction.atomic():
        active = review_selectors.review_active_for(filing)
        if active is not None and active.status == ReviewStatus.RETURNED:
            review_services.review_resubmit(actor=actor, review=active, comment=comment)  # the hook moves it
        else:
            filing_transition(actor=actor, filing=filing, action=FilingAction.SUBMIT)
            review_services.review_start(
                actor=actor, target=filing, template_key=FILING_TEMPLATE, agency=filing.agency, comment=comment
            )
    filing.refresh_from_db()
    return filing
