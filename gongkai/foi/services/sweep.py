"""The periodic sweep (settings.PERIODIC_JOBS "foi-sweep")."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import DomainError
from gongkai.notifications.services import notify
from gongkai.rules.enums import DeadlineStatus

from ..enums import (
    OPEN_STATUSES,
    Action,
    ConsultationOpinion,
    ConsultationParty,
    ConsultationState,
    FeeState,
    Status,
)
from ..events import FoiEvent
from ..models import (
    Application,
    Consultation,
    FeeNotice,
    QueryAttempt,
    SubmissionAttempt,
)
from .common import _close, _event, _fresh, office_heads_for
from .intake import _submit_limits
from .public_query import _limits
from .transition import application_transition
from .writes import _maybe_end_consultation

# =====================================================================================
# The periodic sweep (settings.PERIODIC_JOBS "foi-sweep")
# =====================================================================================


def foi_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Idempotent. Ends applications whose applicant let the 补正 or fee period pass; closes
    consultations whose period ran out (another agency's silence = consent, 条例 art. 34; a
    third party's silence = no opinion, art. 32) and resumes the clock; escalates overdue
    applications to the heads of the disclosure office. (Due-soon and overdue reminders to the
    handler come from the rules sweep, which watches every clock.)"""
    now = now or clock.now()
    counts = {"abandoned_supplement": 0, "abandoned_fee": 0, "consultations_lapsed": 0, "escalated": 0}
    for app in Application.objects.filter(status=Status.SUPPLEMENT_REQUESTED, supplement_deadline__due_at__lt=now):
        try:
            application_transition(actor=None, application=app, action=Action.ABANDON_SUPPLEMENT, system=True)
            counts["abandoned_supplement"] += 1
        except DomainError:
            continue
    for fee in FeeNotice.objects.filter(state=FeeState.NOTIFIED, deadline__due_at__lt=now).select_related(
        "application"
    ):
        try:
            application_transition(actor=None, application=fee.application, action=Action.ABANDON_FEE, system=True)
            counts["abandoned_fee"] += 1
        except DomainError:
            continue
    for c in Consultation.objects.filter(state=ConsultationState.OPEN, deadline__due_at__lt=now).select_related(
        "deadline", "application"
    ):
        with transaction.atomic():
            locked = Consultation.objects.select_for_update(of=("self",)).get(pk=c.pk)
            if locked.state != ConsultationState.OPEN:
                continue
            locked.state = ConsultationState.LAPSED
            locked.opinion = (
                ConsultationOpinion.AGREE if locked.party_kind == ConsultationParty.AGENCY else ConsultationOpinion.NONE
            )
            locked.closed_at = c.deadline.due_at
            locked.save()
            _close(_fresh(locked.deadline_id), at=locked.closed_at)
            label = (
                f"{locked.party_name}逾期未提出意见，视为同意（条例第三十四条）"
                if locked.party_kind == ConsultationParty.AGENCY
                else f"第三方{locked.party_name}逾期未提出意见，由本机关依法决定（条例第三十二条）"
            )
            _event(c.application, actor=None, action="consultation_lapsed", label=label[:200], public=False)
            audit_log(
                actor=None, event=FoiEvent.CONSULTATION_LAPSED, target=c.application, data={"party": locked.party_name}
            )
            _maybe_end_consultation(c.application_id)
            counts["consultations_lapsed"] += 1
    # The rate-limit counters are only read within their windows: drop what no window reaches.
    window, _ip, _number = _limits()
    submit_window = _submit_limits()[0]
    counts["pruned"] = (
        SubmissionAttempt.objects.filter(at__lt=now - dt.timedelta(minutes=submit_window)).delete()[0]
        + QueryAttempt.objects.filter(at__lt=now - dt.timedelta(days=1, minutes=window)).delete()[0]
    )
    overdue = Application.objects.filter(
        status__in=OPEN_STATUSES,
        deadline__status=DeadlineStatus.OPEN,
        deadline__due_at__lt=now,
    ).select_related("deadline", "agency")
    for app in overdue:
        heads = office_heads_for(app.agency_id)
        created = notify(
            recipients=heads,
            subject=f"政府信息公开申请已逾期：{app.tracking_number}",
            body=(
                f"{app.agency.name}的政府信息公开申请 {app.tracking_number} 已于 "
                f"{app.deadline.due_date.isoformat()} 到期仍未答复，请督促办理。"
            ),
            link=app.get_absolute_url(),
            event=FoiEvent.OVERDUE_ESCALATED,
            dedupe_key=f"foi:{app.pk}:overdue:{app.deadline.due_at.isoformat()}",
        )
        if created:
            counts["escalated"] += 1
    return counts
