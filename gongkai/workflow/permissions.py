"""Who may view, decide, resubmit and cancel a review. Services call the ``check_*``
functions; pages use the ``can_*`` ones to decide which forms to show."""

from __future__ import annotations

from gongkai.core.errors import DomainError, PermissionDenied
from gongkai.orgs import permissions as org_perms
from gongkai.orgs.enums import ROLES_COVERING_SUBORDINATES, Role
from gongkai.orgs.matrix import REVIEW_SUBJECTS

from .enums import ReviewStatus
from .models import Review, ReviewStep


def _require_signed_in(user) -> None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied("请先登录。")


def can_view(user, review: Review) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if review.submitted_by_id == user.pk or org_perms.is_system_admin(user):
        return True
    # Need to know: whoever may view the review's object (permission matrix, REVIEW_SUBJECTS) ...
    subject = REVIEW_SUBJECTS.get(review.template_key)
    if subject is not None:
        if org_perms.allows(user, subject, "view", review.agency_id):
            return True
    elif org_perms.can_see_agency(user, review.agency_id):
        return True
    # ... and whoever decides (or was assigned) one of its steps.
    return any(
        step.assignee_id == user.pk or may_act_at_step(user, step) for step in review.steps.select_related("agency")
    )


def may_act_at_step(user, step: ReviewStep) -> bool:
    """Does the user hold one of the step's roles for the step's agency (and section, if
    the step names one)? Who submitted is checked separately. A step reassigned to a named
    person (``assignee``) is decided by that person only."""
    if step.assignee_id is not None:
        return getattr(user, "pk", None) == step.assignee_id and bool(getattr(user, "is_active", False))
    if not org_perms.has_any_role(user, step.roles, step.agency_id):
        return False
    if step.section_id is None:
        return True
    above = [a.pk for a in step.agency.ancestors(include_self=False)]
    for role in step.roles:
        held_here = org_perms.section_ids_for_role(user, role, step.agency_id)
        if None in held_here or step.section_id in held_here:
            return True
        if role in ROLES_COVERING_SUBORDINATES and any(
            org_perms.section_ids_for_role(user, role, agency_id) for agency_id in above
        ):
            return True
    return False


def check_start(user, agency, template, target) -> None:
    _require_signed_in(user)
    agency_id = agency if isinstance(agency, int) else agency.pk
    org_perms.require(org_perms.can_see_agency(user, agency_id), "您不属于该单位，不能为其提交审核。")
    if template.can_start is not None:
        org_perms.require(bool(template.can_start(user, target, agency)), "您不能提交此项审核。")


def check_decide(user, review: Review, step: ReviewStep | None) -> None:
    _require_signed_in(user)
    if step is None:
        raise PermissionDenied("该审核当前没有待办步骤。")
    roles = "、".join(step.role_labels)
    where = f"{step.agency.name}{step.section.name}" if step.section_id else step.agency.name
    org_perms.require(may_act_at_step(user, step), f"只有{where}的{roles}可以审核“{step.name}”。")
    if review.submitted_by_id == user.pk and not step.allow_submitter:
        raise PermissionDenied("不能审核本人提交的事项。")


def check_resubmit(user, review: Review) -> None:
    _require_signed_in(user)
    org_perms.require(review.submitted_by_id == user.pk, "只有提交人可以修改后重新提交。")


def check_cancel(user, review: Review) -> None:
    """The submitter withdraws; the unit administrator of the review's agency or a system
    administrator may cancel any active review of that unit."""
    _require_signed_in(user)
    if review.submitted_by_id == user.pk or org_perms.is_system_admin(user):
        return
    org_perms.require(
        org_perms.has_role(user, Role.UNIT_ADMIN, review.agency_id),
        "只有提交人、本单位的编制单位管理员或系统管理员可以撤销审核。",
    )


def _allowed(check, *args) -> bool:
    try:
        check(*args)
    except DomainError:
        return False
    return True


def can_decide(user, review: Review, step: ReviewStep | None = None) -> bool:
    if review.status != ReviewStatus.IN_PROGRESS:
        return False
    return _allowed(check_decide, user, review, step if step is not None else review.get_current_step())


def can_resubmit(user, review: Review) -> bool:
    return review.status == ReviewStatus.RETURNED and _allowed(check_resubmit, user, review)


def can_cancel(user, review: Review) -> bool:
    return review.is_active and _allowed(check_cancel, user, review)


# --- reassigning a step (issue 9) -------------------------------------------------------------

# Who coordinates reviews of a unit besides its administrator: the disclosure office covering it.
COORDINATOR_ROLES = (Role.DISCLOSURE_OFFICE_HEAD, Role.DISCLOSURE_OFFICE_STAFF)


def eligible_for_step(user, step: ReviewStep) -> bool:
    """May ``user`` be named to decide ``step``: an active person holding one of the step's roles at
    the step's agency or at an agency above it (the section narrowing does not apply to a named
    person), and not the submitter unless the step allows it."""
    from gongkai.orgs.models import RoleAssignment

    if not getattr(user, "is_active", False):
        return False
    if step.review.submitted_by_id == user.pk and not step.allow_submitter:
        return False
    ancestor_ids = [a.pk for a in step.agency.ancestors()]
    return RoleAssignment.objects.filter(user=user, role__in=step.roles, agency_id__in=ancestor_ids).exists()


def check_reassign(user, review: Review, step: ReviewStep) -> None:
    """The unit administrator of the review's agency, the disclosure office covering the step's
    agency (the coordinator), or a system administrator."""
    _require_signed_in(user)
    if org_perms.is_system_admin(user):
        return
    org_perms.require(
        org_perms.has_role(user, Role.UNIT_ADMIN, review.agency_id)
        or org_perms.has_any_role(user, COORDINATOR_ROLES, step.agency_id),
        "只有本单位的编制单位管理员、政务公开办或系统管理员可以改派审核人。",
    )


def can_reassign(user, review: Review, step: ReviewStep | None = None) -> bool:
    if not review.is_active:
        return False
    step = step if step is not None else review.get_current_step()
    return step is not None and _allowed(check_reassign, user, review, step)
