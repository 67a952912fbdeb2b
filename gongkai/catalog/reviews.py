"""The pre-publication review (先审查、后公开, SPEC M3) on the workflow engine.

Steps (004 附件4 第九条): the originating section proposes the attribute → the disclosure
office re-checks (复核) and records the confidentiality conclusion → the leader in charge
approves. Approval publishes the item (or records it as not proactively public) in the same
transaction as the decision.
"""

from __future__ import annotations

from django.utils import timezone

from gongkai.core import links
from gongkai.core.errors import ValidationFailed
from gongkai.orgs.enums import Role
from gongkai.workflow import registry
from gongkai.workflow.registry import DataField, ReviewTemplate, StepSpec

from .enums import Attribute, ItemAction

TEMPLATE_KEY = "catalog.publication"

CONCLUSIONS = (
    ("public", "可以公开"),
    ("partial", "部分公开（已标注不予公开的内容）"),
    ("withhold", "不宜主动公开"),
)

TEMPLATE = registry.register(
    ReviewTemplate(
        key=TEMPLATE_KEY,
        name="信息公开前审查",
        description="科室拟定公开属性 → 政务公开办复核 → 分管负责同志审批（先审查、后公开）。",
        steps=[
            StepSpec(
                "section",
                "科室拟定公开属性",
                roles=[Role.SECTION_HEAD, Role.UNIT_ADMIN],
                section=lambda review: review.target.section_id,
            ),
            StepSpec(
                "office",
                "政务公开办复核（保密审查）",
                roles=[Role.DISCLOSURE_OFFICE_STAFF, Role.DISCLOSURE_OFFICE_HEAD, Role.CONFIDENTIALITY_REVIEWER],
                agency=registry.government_of_review,
                fields=[DataField("conclusion", "保密审查结论", choices=CONCLUSIONS)],
            ),
            StepSpec("leader", "分管负责同志审批", roles=[Role.LEADER], agency=registry.government_of_review),
        ],
        on_resubmit="resume",
        target_url=links.url_for,
    )
)


def _conclusion(review) -> str | None:
    for entry in review.entries.filter(step__key="office").order_by("-created_at", "-id"):
        if entry.data.get("conclusion"):
            return entry.data["conclusion"]
    return None


def review_procedure_text(review) -> str:
    """审核程序 (R2.2): who decided which step and when."""
    parts = []
    for entry in review.entries.select_related("step").order_by("created_at", "id"):
        if entry.step is None or entry.action not in ("advance", "complete"):
            continue
        when = timezone.localtime(entry.created_at).strftime("%Y-%m-%d")
        parts.append(f"{entry.step.name}（{entry.actor_repr}，{when}）")
    return " → ".join(parts)


@registry.hook(TEMPLATE_KEY, "step_approved")
def _check_office_conclusion(*, review, entry, actor):
    if entry.step is None or entry.step.key != "office":
        return
    item = review.target
    conclusion = entry.data.get("conclusion")
    if conclusion == "partial" and not item.redactions.exists():
        raise ValidationFailed("结论为部分公开时，须先在信息页面标注不予公开的内容。")
    if conclusion in ("public", "partial") and item.attribute != Attribute.ACTIVE:
        raise ValidationFailed("该信息拟定的公开属性不是主动公开；如需公开，请退回科室修改公开属性。")


@registry.hook(TEMPLATE_KEY, "approved")
def _publish(*, review, entry, actor):
    from .services.publication import publish_approved
    from .services.transition import item_transition

    item = review.target
    if item.attribute == Attribute.ACTIVE and _conclusion(review) != "withhold":
        publish_approved(actor=actor, item=item, review_procedure=review_procedure_text(review))
    else:
        item_transition(
            actor=actor,
            item=item,
            action=ItemAction.APPROVE_NOT_PUBLIC,
            data={"conclusion": _conclusion(review), "attribute": item.attribute},
        )


@registry.hook(TEMPLATE_KEY, "returned")
def _returned(*, review, entry, actor):
    from .services.transition import item_transition

    item_transition(actor=actor, item=review.target, action=ItemAction.RETURN, data={"comment": entry.comment})


@registry.hook(TEMPLATE_KEY, "resubmitted")
def _resubmitted(*, review, entry, actor):
    from .services.transition import item_transition

    item_transition(actor=actor, item=review.target, action=ItemAction.RESUBMIT)


@registry.hook(TEMPLATE_KEY, "rejected")
def _rejected(*, review, entry, actor):
    from .services.transition import item_transition

    item_transition(actor=actor, item=review.target, action=ItemAction.REJECT, data={"comment": entry.comment})


@registry.hook(TEMPLATE_KEY, "cancelled")
def _cancelled(*, review, entry, actor):
    from .services.transition import item_transition

    item_transition(actor=actor, item=review.target, action=ItemAction.CANCEL)
