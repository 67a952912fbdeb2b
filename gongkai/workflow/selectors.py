"""Reads of reviews, scoped to what the user may see or do."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from gongkai.core.errors import NotFound
from gongkai.orgs import permissions as org_perms
from gongkai.orgs.matrix import REVIEW_SUBJECTS
from gongkai.orgs.models import RoleAssignment, User

from .enums import ACTIVE_STATUSES, ReviewStatus
from .models import Review, ReviewEntry, ReviewStep
from .permissions import COORDINATOR_ROLES, eligible_for_step, may_act_at_step


def _base() -> QuerySet[Review]:
    return Review.objects.select_related("agency", "content_type", "submitted_by")


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def review_list_visible_to(user, *, status: str | None = None) -> QuerySet[Review]:
    """Reviews the user submitted, may decide a step of (or was assigned), and reviews whose
    object the user may view (need to know: the permission matrix, ``REVIEW_SUBJECTS``; other
    templates: the units the user sees in the register)."""
    if not _signed_in(user):
        return Review.objects.none()
    qs = _base()
    if not org_perms.is_system_admin(user):
        assigned = ReviewStep.objects.filter(review=OuterRef("pk"), assignee=user)
        condition = Q(submitted_by=user) | Exists(assigned) | Q(pk__in=_decidable_review_ids(user))
        for template_key, subject in REVIEW_SUBJECTS.items():
            condition |= Q(template_key=template_key, agency_id__in=org_perms.allowed_agency_ids(user, subject, "view"))
        register = org_perms.visible_agency_ids(user) or set()
        condition |= Q(agency_id__in=register) & ~Q(template_key__in=list(REVIEW_SUBJECTS))
        qs = qs.filter(condition)
    if status in ReviewStatus.values:
        qs = qs.filter(status=status)
    return qs


def _decidable_review_ids(user) -> set[int]:
    """Reviews with a step whose roles the user holds for the step's unit (whatever its status)."""
    roles = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    ids_by_role = {role: org_perms.agency_ids_for_role(user, [role]) for role in roles}
    all_ids = set().union(*ids_by_role.values()) if ids_by_role else set()
    if not all_ids:
        return set()
    steps = ReviewStep.objects.filter(agency_id__in=all_ids).values_list("review_id", "agency_id", "roles")
    return {
        review_id
        for review_id, agency_id, step_roles in steps
        if any(agency_id in ids_by_role.get(role, ()) for role in step_roles or ())
    }


def review_get_visible_to(user, review_id: int) -> Review:
    review = review_list_visible_to(user).filter(pk=review_id).first()
    if review is None:
        raise NotFound("未找到该审核，或您无权查看。")
    return review


def review_list_actionable_by(user) -> QuerySet[Review]:
    """In-progress reviews whose current step the user may decide now."""
    if not _signed_in(user):
        return Review.objects.none()
    roles = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    ids_by_role = {role: org_perms.agency_ids_for_role(user, [role]) for role in roles}
    all_ids = set().union(*ids_by_role.values()) if ids_by_role else set()
    current = ReviewStep.objects.filter(review__status=ReviewStatus.IN_PROGRESS, index=F("review__current_step"))
    # Steps reassigned to a named person are that person's alone.
    assigned = list(current.filter(assignee=user).values_list("review_id", flat=True))
    if not all_ids:
        return _base().filter(pk__in=assigned)
    candidates = current.filter(agency_id__in=all_ids, assignee__isnull=True).select_related(
        "review", "agency", "section"
    )
    review_ids = [
        step.review_id
        for step in candidates
        if any(step.agency_id in ids_by_role.get(role, ()) for role in step.roles)
        and (step.allow_submitter or step.review.submitted_by_id != user.pk)
        and (step.section_id is None or may_act_at_step(user, step))
    ]
    return _base().filter(pk__in=review_ids + assigned)


def review_list_submitted_by(user, *, status: str | None = None) -> QuerySet[Review]:
    if not _signed_in(user):
        return Review.objects.none()
    qs = _base().filter(submitted_by=user)
    if status in ReviewStatus.values:
        qs = qs.filter(status=status)
    return qs


def _target_filter(target: models.Model) -> dict:
    return {"content_type": ContentType.objects.get_for_model(target), "object_id": str(target.pk)}


def review_for(target: models.Model) -> Review | None:
    """The target's latest review, active or finished (None if it was never reviewed).

    Because a new review can only start when none is active, the latest review is the
    active one whenever there is one; check ``review.is_active`` / ``review.status``.
    """
    return _base().filter(**_target_filter(target)).order_by("-submitted_at", "-id").first()


def review_active_for(target: models.Model) -> Review | None:
    return _base().filter(**_target_filter(target), status__in=ACTIVE_STATUSES).first()


def review_is_approved(target: models.Model) -> bool:
    """Has the target's latest review ended in approval (SPEC R3.1: no publication without it)?"""
    latest = review_for(target)
    return latest is not None and latest.status == ReviewStatus.APPROVED


def review_history(target: models.Model) -> QuerySet[ReviewEntry]:
    """Every entry of every review of the target, oldest first: who did what, when."""
    return (
        ReviewEntry.objects.filter(review__in=Review.objects.filter(**_target_filter(target)))
        .select_related("review", "step", "actor")
        .order_by("created_at", "id")
    )


def review_step_actors(step: ReviewStep, *, include_submitter: bool | None = None) -> list[User]:
    """Active users who may decide at ``step`` (the submitter left out unless the step allows it)."""
    if step.assignee_id is not None:
        assignee = User.objects.filter(pk=step.assignee_id, is_active=True).first()
        return [assignee] if assignee is not None else []
    ancestor_ids = [a.pk for a in step.agency.ancestors()]
    user_ids = set(
        RoleAssignment.objects.filter(role__in=step.roles, agency_id__in=ancestor_ids).values_list("user_id", flat=True)
    )
    if include_submitter is None:
        include_submitter = step.allow_submitter
    if not include_submitter:
        user_ids.discard(step.review.submitted_by_id)
    users = User.objects.filter(pk__in=user_ids, is_active=True).order_by("username")
    return [u for u in users if may_act_at_step(u, step)]


def review_step_candidates(step: ReviewStep) -> list[User]:
    """People a step may be reassigned to (see ``permissions.eligible_for_step``), by user name."""
    ancestor_ids = [a.pk for a in step.agency.ancestors()]
    user_ids = set(
        RoleAssignment.objects.filter(role__in=step.roles, agency_id__in=ancestor_ids).values_list("user_id", flat=True)
    )
    users = User.objects.filter(pk__in=user_ids, is_active=True).order_by("username")
    return [u for u in users if eligible_for_step(u, step)]


def review_coordinators(review: Review) -> list[User]:
    """Who is told when a review has a step nobody but the submitter could decide: the unit
    administrators of the review's agency and the disclosure office covering it; the system
    administrators when there is nobody else."""
    agency_ids = [a.pk for a in review.agency.ancestors()]
    unit_admins = RoleAssignment.objects.filter(role="unit_admin", agency_id=review.agency_id)
    office = RoleAssignment.objects.filter(role__in=COORDINATOR_ROLES, agency_id__in=agency_ids)
    user_ids = set(unit_admins.values_list("user_id", flat=True)) | set(office.values_list("user_id", flat=True))
    user_ids.discard(review.submitted_by_id)
    users = list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("username"))
    if not users:
        admins = RoleAssignment.objects.filter(role="system_admin").values_list("user_id", flat=True)
        users = list(User.objects.filter(Q(pk__in=admins) | Q(is_superuser=True), is_active=True).order_by("username"))
    return users
