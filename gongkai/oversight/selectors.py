"""Reads of the oversight app (the edges call these and the services, never the models)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from gongkai.orgs.enums import Role
from gongkai.orgs.models import Agency, RoleAssignment, User
from gongkai.rules.selectors import rule_value_or_none

from . import permissions
from .enums import QuestionKind, SurveyStatus
from .models import (
    AccountabilityCase,
    AssessmentRound,
    Attendance,
    Course,
    Question,
    Rectification,
    Scorecard,
    ScoreLine,
    Survey,
)


def _scoped(qs: QuerySet, user, obj: str, field: str = "agency_id", op: str = "view") -> QuerySet:
    ids = permissions.agency_ids(user, obj, op)
    return qs if ids is None else qs.filter(**{f"{field}__in": ids})


def descendant_agency_ids(root: Agency | int) -> set[int]:
    """The agencies at or below ``root``."""
    root_id = root if isinstance(root, int) else root.pk
    found, frontier = {root_id}, {root_id}
    while frontier:
        children = set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= children
        frontier = children
    return found


def agency_get(pk) -> Agency | None:
    return Agency.objects.filter(pk=pk).first()


def agency_choices_for(user, obj: str, op: str) -> QuerySet[Agency]:
    ids = permissions.agency_ids(user, obj, op)
    qs = Agency.objects.filter(is_active=True)
    return (qs if ids is None else qs.filter(pk__in=ids)).order_by("name")


def user_get(pk) -> User | None:
    return User.objects.filter(pk=pk, is_active=True).first()


# --- training ----------------------------------------------------------------------------------


def course_list_visible_to(user, *, year: int | None = None) -> QuerySet[Course]:
    qs = _scoped(Course.objects.select_related("agency"), user, "training")
    if year:
        qs = qs.filter(held_on__year=year)
    return qs.annotate(people=Count("attendances"))


def course_get_visible_to(user, pk) -> Course | None:
    return course_list_visible_to(user).filter(pk=pk).first()


def attendance_list(course: Course) -> QuerySet[Attendance]:
    return course.attendances.select_related("person").order_by("person__full_name", "person__username")


def unit_people(agency_id: int) -> list[User]:
    """The disclosure workers of a unit: active people holding a role there (附件5 第二条: 全员培训)."""
    ids = (
        RoleAssignment.objects.filter(agency_id=agency_id, user__is_active=True)
        .exclude(role=Role.SYSTEM_ADMIN)
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=set(ids)).order_by("full_name", "username"))


def yearly_hours(person_ids, year: int) -> dict[int, Decimal]:
    rows = (
        Attendance.objects.filter(person_id__in=list(person_ids), course__held_on__year=year)
        .values("person_id")
        .annotate(total=Sum("hours"))
    )
    return {r["person_id"]: r["total"] for r in rows}


def failed_exam_ids(person_ids, year: int) -> set[int]:
    return set(
        Attendance.objects.filter(
            person_id__in=list(person_ids), course__held_on__year=year, exam_passed=False
        ).values_list("person_id", flat=True)
    )


def training_minimum(agency: Agency, year: int):
    """The ``training.min_class_hours`` record in force at the end of ``year`` for the unit's
    jurisdiction (≥ n 学时 a year), or ``None`` where the jurisdiction has set no such rule (there is
    no national one: the sample value is 鄂托克前旗's own)."""
    return rule_value_or_none("training.min_class_hours", agency.region, dt.date(year, 12, 31))


def training_status(agency: Agency, year: int) -> dict:
    """Per person of the unit: hours in ``year`` and whether they reach the minimum (``met`` is
    ``None`` and ``rule``/``minimum`` are ``None`` where no rule applies); 未参加培训或考试不合格
    (附件5 第六条) persons are flagged as not eligible for 优秀."""
    rule = training_minimum(agency, year)
    minimum = Decimal(str(rule.value)) if rule is not None else None
    people = unit_people(agency.pk)
    hours = yearly_hours([p.pk for p in people], year)
    failed = failed_exam_ids([p.pk for p in people], year)
    rows = []
    for p in people:
        total = hours.get(p.pk) or Decimal("0")
        rows.append(
            {
                "person": p,
                "hours": total,
                "met": total >= minimum if minimum is not None else None,
                "failed_exam": p.pk in failed,
                "excellent_barred": total == 0 or p.pk in failed,
            }
        )
    return {"agency": agency, "year": year, "minimum": minimum, "rule": rule, "rows": rows}


def training_shortfall_by_unit(user, year: int) -> list[dict]:
    """Per unit the user may see: its people below the yearly minimum (none listed where the unit's
    jurisdiction has set no minimum: ``rule`` is ``None`` there)."""
    ids = permissions.agency_ids(user, "training")
    units = Agency.objects.filter(is_active=True)
    if ids is not None:
        units = units.filter(pk__in=ids)
    out = []
    for agency in units.order_by("name"):
        status = training_status(agency, year)
        if not status["rows"]:
            continue
        below = [r for r in status["rows"] if r["met"] is False]
        out.append({**status, "below": below, "people": len(status["rows"])})
    return out


# --- accountability ------------------------------------------------------------------------------


def case_list_visible_to(
    user,
    *,
    status: str | None = None,
    agency_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[AccountabilityCase]:
    """The cases the user may see; the filters are those of the scorecard's links."""
    qs = _scoped(AccountabilityCase.objects.select_related("agency"), user, "case")
    if status:
        qs = qs.filter(status=status)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if start:
        qs = qs.filter(opened_on__gte=start)
    if end:
        qs = qs.filter(opened_on__lte=end)
    return qs


def case_get_visible_to(user, pk) -> AccountabilityCase | None:
    return case_list_visible_to(user).filter(pk=pk).first()


def case_count(agency_id: int, start: dt.date, end: dt.date) -> int:
    from .enums import Outcome

    return (
        AccountabilityCase.objects.filter(agency_id=agency_id, opened_on__gte=start, opened_on__lte=end)
        .exclude(outcome=Outcome.NO_ACTION)
        .count()
    )


# --- surveys -------------------------------------------------------------------------------------


def survey_list_visible_to(user, *, agency_id: int | None = None) -> QuerySet[Survey]:
    qs = _scoped(Survey.objects.select_related("agency"), user, "survey")
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    return qs.annotate(answers=Count("responses"))


def survey_get_visible_to(user, pk) -> Survey | None:
    return survey_list_visible_to(user).filter(pk=pk).first()


def public_surveys() -> QuerySet[Survey]:
    return Survey.objects.filter(status__in=[SurveyStatus.OPEN, SurveyStatus.CLOSED]).select_related("agency")


def public_survey_get(pk) -> Survey | None:
    return public_surveys().filter(pk=pk).first()


def survey_results(survey: Survey) -> dict:
    """Per question: counts per option, rating distribution and mean, text answers."""
    questions = list(survey.questions.all())
    responses = list(survey.responses.values_list("answers", flat=True))
    out = []
    for q in questions:
        key = str(q.pk)
        values = [a[key] for a in responses if key in a]
        item = {"question": q, "answered": len(values)}
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            counts = dict.fromkeys(q.options, 0)
            for v in values:
                for o in v if isinstance(v, list) else [v]:
                    if o in counts:
                        counts[o] += 1
            item["counts"] = [{"name": k, "value": n} for k, n in counts.items()]
        elif q.kind == QuestionKind.RATING:
            dist = defaultdict(int)
            for v in values:
                dist[int(v)] += 1
            item["counts"] = [{"name": str(i), "value": dist.get(i, 0)} for i in range(1, q.scale + 1)]
            item["mean"] = round(sum(values) / len(values), 2) if values else None
        else:
            item["texts"] = values[-200:]
        out.append(item)
    return {"survey": survey, "responses": len(responses), "questions": out}


def satisfaction(agency_id: int, start: dt.date, end: dt.date) -> tuple[float | None, int]:
    """Mean of the rating answers (as a share of each question's full mark) given in the period to
    the unit's surveys, and the number of answers behind it."""
    from .models import SurveyResponse

    rating_q = {
        str(pk): scale
        for pk, scale in Question.objects.filter(survey__agency_id=agency_id, kind=QuestionKind.RATING).values_list(
            "pk", "scale"
        )
    }
    if not rating_q:
        return None, 0
    shares, n = [], 0
    for answers in SurveyResponse.objects.filter(
        survey__agency_id=agency_id, submitted_at__date__gte=start, submitted_at__date__lte=end
    ).values_list("answers", flat=True):
        got = [v / rating_q[k] for k, v in answers.items() if k in rating_q]
        if got:
            shares.extend(got)
            n += 1
    return (sum(shares) / len(shares) if shares else None), n


def rectification_list_visible_to(user, *, survey: Survey | None = None) -> QuerySet[Rectification]:
    qs = _scoped(Rectification.objects.select_related("agency", "owner", "deadline"), user, "survey")
    if survey is not None:
        qs = qs.filter(survey=survey)
    return qs


def rectification_get_visible_to(user, pk) -> Rectification | None:
    return rectification_list_visible_to(user).filter(pk=pk).first()


# --- assessment ----------------------------------------------------------------------------------


def round_list_visible_to(user) -> QuerySet[AssessmentRound]:
    return _scoped(AssessmentRound.objects.select_related("government"), user, "assessment", "government_id")


def round_get_visible_to(user, pk) -> AssessmentRound | None:
    return round_list_visible_to(user).filter(pk=pk).first()


def round_cards(rnd: AssessmentRound) -> list[Scorecard]:
    cards = list(rnd.cards.select_related("agency").prefetch_related("lines"))
    cards.sort(key=lambda c: (c.rank is None, c.rank or 0, c.agency.name))
    return cards


def line_get(rnd: AssessmentRound, pk) -> ScoreLine | None:
    return ScoreLine.objects.select_related("card__agency").filter(card__round=rnd, pk=pk).first()


def published_rounds() -> QuerySet[AssessmentRound]:
    from .enums import RoundStatus

    return AssessmentRound.objects.filter(status=RoundStatus.PUBLISHED).select_related("government")


def user_by_username(username: str) -> User | None:
    return User.objects.filter(username=(username or "").strip(), is_active=True).first()


def case_source_refs() -> set[str]:
    return set(AccountabilityCase.objects.exclude(source_ref="").values_list("source_ref", flat=True))


def case_review(case: AccountabilityCase):
    from gongkai.workflow.selectors import review_for

    return review_for(case)


def survey_chart_data(survey: Survey) -> dict:
    """Plain values for the charts (and the live refresh): per question its counts."""
    results = survey_results(survey)
    return {
        "responses": results["responses"],
        "questions": [
            {
                "id": r["question"].pk,
                "text": f"{r['question'].position}. {r['question'].text}",
                "kind": r["question"].kind,
                "counts": r.get("counts", []),
                "mean": r.get("mean"),
                "answered": r["answered"],
            }
            for r in results["questions"]
        ],
    }


def published_round_cards() -> list[tuple[AssessmentRound, list[Scorecard]]]:
    return [(rnd, round_cards(rnd)) for rnd in published_rounds()[:10]]


def untrained_grant_warnings(user, *, limit: int = 50) -> list[dict]:
    """The role grants that went to people without training (先培训后上岗), as recorded in the
    grants' audit events (``data.warnings``), which the user may read."""
    from gongkai.audit.selectors import audit_event_list_visible_to
    from gongkai.orgs.events import OrgsEvent

    rows = []
    for e in audit_event_list_visible_to(user, event=OrgsEvent.ROLE_GRANTED)[:2000]:
        warnings = (e.data or {}).get("warnings")
        if warnings:
            new = (e.data or {}).get("new", {})
            rows.append(
                {
                    "at": e.occurred_at,
                    "actor": e.actor_repr,
                    "user": new.get("user"),
                    "role": new.get("role"),
                    "warnings": warnings,
                }
            )
            if len(rows) >= limit:
                break
    return rows
