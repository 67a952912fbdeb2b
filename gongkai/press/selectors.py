"""Reads of the press app (edges call these, never ``.objects``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from gongkai.core import clock
from gongkai.core.errors import NotFound
from gongkai.orgs.enums import AgencyKind
from gongkai.orgs.models import Agency

from . import permissions
from .enums import ConferenceStatus, FilingStatus, InterviewStatus, PersonRole, QuestionStatus
from .models import (
    HELD_STATUSES,
    PUBLIC_CONFERENCE_STATUSES,
    Conference,
    ConferenceMedia,
    Interview,
    InterviewQuestion,
    SpokespersonFiling,
)

# A filed person is in office from ``since``; one replaced by a later filing stays until the day before
# the successor's start (status ended, ``until`` set), so a change filed in advance leaves no gap.
IN_OFFICE_STATUSES = (FilingStatus.FILED, FilingStatus.ENDED)
PUBLIC_INTERVIEW_STATUSES = (
    InterviewStatus.PLANNED,
    InterviewStatus.LIVE,
    InterviewStatus.CLOSED,
    InterviewStatus.PUBLISHED,
)


def _scoped(qs: QuerySet, ids: set[int] | None, field: str = "agency_id") -> QuerySet:
    return qs if ids is None else qs.filter(**{f"{field}__in": ids})


# --- staff --------------------------------------------------------------------------------------


def conference_list_visible_to(user, *, status: str = "", agency_id: int | None = None) -> QuerySet[Conference]:
    qs = _scoped(
        Conference.objects.select_related("agency"), permissions.agency_ids(user, permissions.CONFERENCE, "view")
    )
    if status:
        qs = qs.filter(status=status)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    return qs


def conference_get_visible_to(user, pk: int) -> Conference:
    found = conference_list_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该新闻发布会，或您无权查看。")
    return found


def conference_status(pk: int) -> str | None:
    return Conference.objects.filter(pk=pk).values_list("status", flat=True).first()


def conference_media(conference: Conference) -> QuerySet[ConferenceMedia]:
    return conference.media.all()


def media_get_for(conference: Conference, media_id: int) -> ConferenceMedia:
    found = conference.media.filter(pk=media_id).first()
    if found is None:
        raise NotFound("未找到该文件。")
    return found


def filing_list_visible_to(user, *, status: str = "") -> QuerySet[SpokespersonFiling]:
    qs = _scoped(
        SpokespersonFiling.objects.select_related("agency"),
        permissions.agency_ids(user, permissions.SPOKESPERSON, "view"),
    )
    return qs.filter(status=status) if status else qs


def filing_get_visible_to(user, pk: int) -> SpokespersonFiling:
    found = filing_list_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该备案记录，或您无权查看。")
    return found


def filing_status(pk: int) -> str | None:
    return SpokespersonFiling.objects.filter(pk=pk).values_list("status", flat=True).first()


def interview_list_visible_to(
    user, *, agency_id: int | None = None, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Interview]:
    """Interviews of the user's units; with a period, those held in it (the assessment figures' link)."""
    qs = _scoped(
        Interview.objects.select_related("agency"), permissions.agency_ids(user, permissions.CONFERENCE, "view")
    )
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if start or end:
        qs = qs.filter(held_at__isnull=False)
    if start:
        qs = qs.filter(held_at__date__gte=start)
    if end:
        qs = qs.filter(held_at__date__lte=end)
    return qs


def interview_get_visible_to(user, pk: int) -> Interview:
    found = interview_list_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该访谈，或您无权查看。")
    return found


def question_list(interview: Interview) -> QuerySet[InterviewQuestion]:
    return interview.questions.all()


def question_get_for(interview: Interview, pk: int) -> InterviewQuestion:
    found = interview.questions.filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该问题。")
    return found


def agencies_for(user, obj: str, op: str) -> QuerySet[Agency]:
    ids = permissions.agency_ids(user, obj, op)
    qs = Agency.objects.filter(is_active=True).order_by("region__code", "name")
    return qs if ids is None else qs.filter(pk__in=ids)


def reporting_units(agency_ids: set[int] | None) -> QuerySet[Agency]:
    """Units that must name a spokesperson and meet the frequencies: governments, townships, departments."""
    qs = Agency.objects.filter(is_active=True).exclude(kind__in=[AgencyKind.OTHER]).select_related("region")
    qs = qs.order_by("region__code", "kind", "name")
    return qs if agency_ids is None else qs.filter(pk__in=agency_ids)


def units_missing_spokesperson(user, *, on: dt.date | None = None) -> list[dict]:
    """Units (visible to the user) without a filed spokesperson or liaison in office on ``on``;
    with the pending change if there is one (the news office sees who is missing or overdue)."""
    day = on or clock.today()
    units = list(reporting_units(permissions.agency_ids(user, permissions.SPOKESPERSON, "view")))
    current = SpokespersonFiling.objects.filter(agency__in=units, status__in=IN_OFFICE_STATUSES, since__lte=day).filter(
        Q(until__isnull=True) | Q(until__gte=day)
    )
    have = {(f.agency_id, f.role) for f in current}
    pending = {
        (f.agency_id, f.role): f
        for f in SpokespersonFiling.objects.select_related("agency").filter(
            agency__in=units, status__in=[FilingStatus.DRAFT, FilingStatus.UNDER_REVIEW, FilingStatus.RETURNED]
        )
    }
    rows = []
    for unit in units:
        for role in PersonRole:
            if (unit.pk, role.value) not in have:
                p = pending.get((unit.pk, role.value))
                rows.append({"agency": unit, "role": role.label, "pending": p, "overdue": _filing_overdue(p, day)})
    # A change of a unit that has a filed person, not filed in time.
    for (agency_id, role), p in pending.items():
        if (agency_id, role) in have and _filing_overdue(p, day):
            rows.append({"agency": p.agency, "role": PersonRole(role).label, "pending": p, "overdue": True})
    return rows


def _filing_overdue(filing: SpokespersonFiling | None, day: dt.date) -> bool:
    """A pending filing not filed within ``press.filing_due_days`` of the person's start."""
    if filing is None:
        return False
    from gongkai.rules.selectors import rule_value_or_none

    from .rules import FILING_DUE_DAYS

    rv = rule_value_or_none(FILING_DUE_DAYS, filing.agency.region_id, day)
    return rv is not None and (day - filing.since).days > int(rv.value)


# --- public ------------------------------------------------------------------------------------


def public_conference_list() -> QuerySet[Conference]:
    return (
        Conference.objects.filter(status__in=PUBLIC_CONFERENCE_STATUSES)
        .select_related("agency")
        .annotate(media_count=Count("media"))
        .order_by("-planned_at", "-id")
    )


def public_conference_get(pk: int) -> Conference:
    found = public_conference_list().filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该新闻发布会。")
    return found


def public_media_get(conference_id: int, media_id: int) -> ConferenceMedia:
    """A media file of a conference whose transcript and media were published."""
    found = (
        ConferenceMedia.objects.select_related("conference")
        .filter(pk=media_id, conference_id=conference_id, conference__status=ConferenceStatus.PUBLISHED)
        .first()
    )
    if found is None:
        raise NotFound("未找到该文件。")
    return found


def public_directory() -> list[dict]:
    """Filed spokespersons and liaisons in office today, by unit (only what was filed)."""
    day = clock.today()
    rows = (
        SpokespersonFiling.objects.filter(status__in=IN_OFFICE_STATUSES, since__lte=day)
        .filter(Q(until__isnull=True) | Q(until__gte=day))
        .select_related("agency", "agency__region")
        .order_by("agency__region__code", "agency__name", "role", "-since")
    )
    units: dict[int, dict] = {}
    for f in rows:
        entry = units.setdefault(f.agency_id, {"agency": f.agency, "spokesperson": None, "liaison": None})
        if entry[f.role] is None:
            entry[f.role] = f
    return list(units.values())


def public_interview_list() -> QuerySet[Interview]:
    return Interview.objects.filter(status__in=PUBLIC_INTERVIEW_STATUSES).select_related("agency")


def public_interview_get(pk: int) -> Interview:
    found = public_interview_list().filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该访谈。")
    return found


def public_questions(interview: Interview) -> QuerySet[InterviewQuestion]:
    return interview.questions.filter(status__in=[QuestionStatus.APPROVED, QuestionStatus.ANSWERED])


# --- figures ----------------------------------------------------------------------------------


def held_conferences(agency_id: int, start: dt.date, end: dt.date, **filters) -> QuerySet[Conference]:
    return Conference.objects.filter(
        agency_id=agency_id, status__in=HELD_STATUSES, held_at__date__gte=start, held_at__date__lte=end, **filters
    )


def held_in(qs: QuerySet[Conference], start: dt.date | None, end: dt.date | None) -> QuerySet[Conference]:
    qs = qs.filter(status__in=HELD_STATUSES)
    if start:
        qs = qs.filter(held_at__date__gte=start)
    if end:
        qs = qs.filter(held_at__date__lte=end)
    return qs


def held_interviews(agency_id: int, start: dt.date, end: dt.date) -> QuerySet[Interview]:
    return Interview.objects.filter(
        agency_id=agency_id,
        status__in=[InterviewStatus.LIVE, InterviewStatus.CLOSED, InterviewStatus.PUBLISHED],
        held_at__date__gte=start,
        held_at__date__lte=end,
    )


def open_opinion_clocks(user) -> list[dict]:
    """Open 24 h press-conference clocks of major public-opinion events for the user's units."""
    from gongkai.opinion import interface as opinion_interface

    return opinion_interface.open_conference_clocks(
        agency_ids=permissions.agency_ids(user, permissions.CONFERENCE, "create")
    )


def risk_assessments_for(user) -> list[dict]:
    """Concluded opinion risk assessments of the units where the user may plan conferences."""
    from gongkai.opinion import interface as opinion_interface

    return opinion_interface.risk_assessments(agency_ids=permissions.agency_ids(user, permissions.CONFERENCE, "create"))


def opinion_risk(conference: Conference) -> dict | None:
    if not conference.opinion_risk_id:
        return None
    from gongkai.opinion import interface as opinion_interface

    return opinion_interface.risk_assessment(conference.opinion_risk_id)


def opinion_clock_state(conference: Conference) -> dict | None:
    if not conference.opinion_event_id:
        return None
    from gongkai.opinion import interface as opinion_interface

    return opinion_interface.conference_clock_state(conference.opinion_event_id)


def review_of(target):
    from gongkai.workflow.selectors import review_for

    return review_for(target)
