"""Opening, closing and merging an account on the review engine (国办发〔2018〕123号 三: 开设、
整合、关停须经主办单位审核，并报本级政府办公厅（室）审核备案).

Steps: the operating unit's person in charge, then the disclosure office of the government above it.
Approval applies the change to the account; a return or rejection leaves the account as it was.
"""

from __future__ import annotations

from gongkai.orgs.enums import Role
from gongkai.workflow import registry
from gongkai.workflow.registry import ReviewTemplate, StepSpec, government_of_review

TEMPLATE_KEY = "websites.change"

CHANGE_REVIEW = registry.register(
    ReviewTemplate(
        key=TEMPLATE_KEY,
        name="政府网站与政务新媒体开设、关停、整合审核",
        steps=[
            StepSpec("unit", "主办单位审核", roles=[Role.UNIT_ADMIN, Role.LEADER, Role.SECTION_HEAD]),
            StepSpec(
                "office",
                "本级政务公开办审核备案",
                roles=[Role.DISCLOSURE_OFFICE_HEAD, Role.DISCLOSURE_OFFICE_STAFF],
                agency=government_of_review,
            ),
        ],
        target_url=lambda change: change.get_absolute_url(),
        description="开设、整合、关停政府网站或政务新媒体，须经主办单位审核并报本级政府办公室（政务公开办）审核备案。",
    ),
    replace=True,
)


@registry.hook(TEMPLATE_KEY, "approved")
def _approved(*, review, entry, actor):
    from .services import change_decided

    change_decided(change_id=int(review.object_id), approved=True, actor=actor)


@registry.hook(TEMPLATE_KEY, "returned", "rejected", "cancelled")
def _returned(*, review, entry, actor):
    from .services import change_decided

    change_decided(change_id=int(review.object_id), approved=False, actor=actor)
