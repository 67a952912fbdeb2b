"""The review of an accountability decision (004 附件3 第四条: the disclosure leading group's office
investigates, the leader in charge decides) on the review engine.

Step 1: the disclosure office of the jurisdiction's government investigates and proposes the
outcome; step 2: the leader in charge approves. Approval records the outcome on the case and
issues its notice (.docx); a return or cancellation sends the case back to 已立案.
"""

from __future__ import annotations

from gongkai.core import links
from gongkai.orgs.enums import Role
from gongkai.workflow import registry
from gongkai.workflow.registry import DataField, ReviewTemplate, StepSpec

from .enums import Outcome

TEMPLATE_KEY = "oversight.accountability"

ACCOUNTABILITY_REVIEW = registry.register(
    ReviewTemplate(
        key=TEMPLATE_KEY,
        name="责任追究处理决定审核",
        steps=[
            StepSpec(
                "investigate",
                "政务公开办调查核实并提出处理意见",
                roles=[Role.DISCLOSURE_OFFICE_STAFF, Role.DISCLOSURE_OFFICE_HEAD],
                agency=registry.government_of_review,
                allow_submitter=True,
                fields=[DataField("outcome", "处理意见", choices=list(Outcome.choices))],
            ),
            StepSpec("decide", "分管负责同志审定", roles=[Role.LEADER], agency=registry.government_of_review),
        ],
        target_url=links.url_for,
        description="责任追究案件的处理决定经政务公开办调查核实、分管负责同志审定后作出（004 附件3 第四条）。",
    ),
    replace=True,
)


@registry.hook(TEMPLATE_KEY, "approved")
def _approved(*, review, entry, actor):
    from .services.cases import case_decided

    outcome = ""
    for e in review.entries.order_by("id"):
        outcome = (e.data or {}).get("outcome") or outcome
    case_decided(actor=actor, case_id=int(review.object_id), outcome=outcome, note=entry.comment)


@registry.hook(TEMPLATE_KEY, "returned", "rejected", "cancelled")
def _returned(*, review, entry, actor):
    from .services.cases import case_returned

    case_returned(actor=actor, case_id=int(review.object_id), comment=entry.comment)
