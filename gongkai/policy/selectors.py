"""Reads of the policy lifecycle (edges call these, never the models' managers)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from . import permissions
from .enums import CommentStatus, InterpretationState, PolicyState, ReportState
from .models import AdoptionReport, Comment, CommentGroup, Expert, Hearing, Interpretation, Policy, Submission
from .transitions import PUBLIC


def policy_list_visible_to(user) -> QuerySet[Policy]:
    ids = permissions.visible_agency_ids(user)
    qs = Policy.objects.select_related("agency")
    return qs if ids is None else qs.filter(agency_id__in=ids)


def policy_get_visible(user, pk: int) -> Policy | None:
    return policy_list_visible_to(user).filter(pk=pk).first()


def public_policies() -> QuerySet[Policy]:
    """Drafts put out for comment (and what became of them); never a draft that was not consulted
    unless it was released."""
    return (
        Policy.objects.select_related("agency")
        .filter(state__in=PUBLIC)
        .filter(Q(consultation_starts_on__isnull=False) | Q(state=PolicyState.RELEASED))
        .order_by("-consultation_starts_on", "-id")
    )


def public_policy(pk: int) -> Policy | None:
    return public_policies().filter(pk=pk).first()


def open_consultations(today) -> QuerySet[Policy]:
    return public_policies().filter(
        state=PolicyState.CONSULTING, consultation_starts_on__lte=today, consultation_ends_on__gte=today
    )


def public_comments(policy: Policy) -> QuerySet[Comment]:
    if not policy.show_comments:
        return Comment.objects.none()
    return policy.comments.filter(status=CommentStatus.SHOWN).order_by("created_at")


def public_report(policy: Policy) -> AdoptionReport | None:
    return AdoptionReport.objects.filter(policy=policy, state=ReportState.PUBLISHED).first()


def public_groups(policy: Policy) -> QuerySet[CommentGroup]:
    return (
        policy.groups.annotate(size=Count("comments", filter=~Q(comments__status=CommentStatus.REJECTED)))
        .filter(size__gt=0)
        .order_by("-size", "article", "id")
    )


def public_interpretations(policy: Policy) -> QuerySet[Interpretation]:
    return (
        policy.interpretations.filter(state=InterpretationState.PUBLISHED)
        .select_related("expert")
        .order_by("is_followup", "published_at", "id")
    )


def public_interpretations_all() -> QuerySet[Interpretation]:
    return (
        Interpretation.objects.filter(state=InterpretationState.PUBLISHED, policy__state=PolicyState.RELEASED)
        .select_related("policy", "policy__agency")
        .order_by("-published_at", "-id")
    )


def staff_comments(policy: Policy) -> QuerySet[Comment]:
    return policy.comments.select_related("group", "duplicate_of").order_by("id")


def groups_with_size(policy: Policy) -> QuerySet[CommentGroup]:
    return policy.groups.annotate(size=Count("comments", filter=~Q(comments__status=CommentStatus.REJECTED))).order_by(
        "article", "id"
    )


def submissions(policy: Policy) -> QuerySet[Submission]:
    return policy.submissions.select_related("submitted_by", "decided_by").order_by("number")


def report_of(policy: Policy) -> AdoptionReport | None:
    return AdoptionReport.objects.filter(policy=policy).first()


def interpretations(policy: Policy) -> QuerySet[Interpretation]:
    return policy.interpretations.select_related("expert").order_by("is_followup", "id")


def comment_get(policy: Policy, pk: int) -> Comment | None:
    return policy.comments.filter(pk=pk).first()


def group_get(policy: Policy, pk: int) -> CommentGroup | None:
    return policy.groups.filter(pk=pk).first()


def interpretation_get(policy: Policy, pk: int) -> Interpretation | None:
    return policy.interpretations.filter(pk=pk).first()


def expert_list_visible_to(user) -> QuerySet[Expert]:
    ids = permissions.expert_agency_ids(user)
    qs = Expert.objects.select_related("agency").annotate(uses_count=Count("uses"))
    return qs if ids is None else qs.filter(agency_id__in=ids)


def expert_get_visible(user, pk: int) -> Expert | None:
    return expert_list_visible_to(user).filter(pk=pk).first()


def library_agency_ids(policy: Policy) -> list[int]:
    """The drafting unit and the units above it: their expert libraries serve the policy."""
    ids, agency = [], policy.agency
    while agency is not None and agency.pk not in ids:
        ids.append(agency.pk)
        agency = agency.parent
    return ids


def experts_for_policy(policy: Policy) -> QuerySet[Expert]:
    return Expert.objects.filter(is_active=True, agency_id__in=library_agency_ids(policy)).order_by("name")


def hearings(policy: Policy) -> QuerySet[Hearing]:
    return policy.hearings.prefetch_related("signups").order_by("held_at", "id")


def hearing_get(policy: Policy, pk: int) -> Hearing | None:
    return policy.hearings.filter(pk=pk).first()
