"""The periodic sweep: overdue claims and answers escalated to the supervising office, replies the
writer did not rate within the rating period closed as satisfied (rule ``interaction.rating_period``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import clock
from gongkai.rules.selectors import rule_period_end

from ..enums import Action, Status
from ..models import Letter
from ..rules import RATING_PERIOD
from .common import OFFICE_ROLES, tell_staff
from .transition import letter_transition


def interaction_sweep() -> dict[str, int]:
    now = clock.now()
    counts = {"escalated": 0, "closed_unrated": 0, "opinion_reported": 0}
    overdue = Letter.objects.filter(
        status__in=[Status.ASSIGNED, Status.HANDLING, Status.DRAFTED, Status.UNDER_REVIEW]
    ).select_related("claim_deadline", "answer_deadline", "office", "handling_agency")
    for letter in overdue:
        deadline = letter.claim_deadline if letter.status == Status.ASSIGNED else letter.answer_deadline
        if deadline is None or deadline.due_at is None or deadline.due_at >= now:
            continue
        what = _("认领") if letter.status == Status.ASSIGNED else _("答复")
        tell_staff(
            letter.office_id,
            OFFICE_ROLES,
            letter=letter,
            subject=_("来信%(w)s逾期") % {"w": what},
            body=_("%(unit)s办理的来信“%(t)s”已超过%(w)s期限（%(d)s），请督办。")
            % {
                "unit": letter.handling_agency.name if letter.handling_agency_id else "",
                "t": letter.title,
                "w": what,
                "d": deadline.due_date.isoformat() if deadline.due_date else "",
            },
            key=f"overdue:{deadline.pk}",
        )
        counts["escalated"] += 1
    for letter in Letter.objects.filter(status=Status.REPLIED, replied_at__isnull=False).select_related("office"):
        end = rule_period_end(RATING_PERIOD, letter.office.region, timezone.localdate(letter.replied_at))
        if end is not None and end.due_date < timezone.localdate(now):
            letter_transition(actor=None, letter=letter, action=Action.CLOSE, system=True)
            counts["closed_unrated"] += 1
    from .opinion import opinion_check

    counts["opinion_reported"] = opinion_check(now=now)
    return counts
