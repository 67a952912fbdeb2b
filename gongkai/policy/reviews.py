"""Reviews of the policy lifecycle on the workflow engine.

- ``policy.adoption_report``: the adoption report (采纳情况) — drafting unit → leader in charge;
  approval publishes it (seed 002 四(二)).
- ``policy.signoff``: 同步审签 of the document and its interpretation together (seed 002 二(二)) —
  government office (disclosure office) → leader in charge; approval lets the document be issued.
- ``policy.interpretation``: a follow-up interpretation after release — drafting unit → government
  office; approval publishes it (R7.2).
"""

from __future__ import annotations

from django.utils import timezone

from gongkai.core import links
from gongkai.orgs.enums import Role
from gongkai.workflow import registry
from gongkai.workflow.registry import ReviewTemplate, StepSpec

REPORT_TEMPLATE = "policy.adoption_report"
SIGNOFF_TEMPLATE = "policy.signoff"
FOLLOWUP_TEMPLATE = "policy.interpretation"

registry.register(
    ReviewTemplate(
        key=REPORT_TEMPLATE,
        name="意见采纳情况公布审核",
        description="起草单位审核 → 分管负责同志审批；通过后在意见征集栏目公布。",
        steps=[
            StepSpec("unit", "起草单位审核", roles=[Role.UNIT_ADMIN, Role.SECTION_HEAD]),
            StepSpec("leader", "分管负责同志审批", roles=[Role.LEADER], agency=registry.government_of_review),
        ],
        on_resubmit="resume",
        target_url=links.url_for,
    ),
    replace=True,
)

registry.register(
    ReviewTemplate(
        key=SIGNOFF_TEMPLATE,
        name="文件与解读同步审签",
        description="政府办公室审核 → 分管负责同志签发；文件和解读方案、解读材料一并审签。",
        steps=[
            StepSpec(
                "office",
                "政府办公室审核",
                roles=[Role.DISCLOSURE_OFFICE_STAFF, Role.DISCLOSURE_OFFICE_HEAD],
                agency=registry.government_of_review,
            ),
            StepSpec("leader", "分管负责同志签发", roles=[Role.LEADER], agency=registry.government_of_review),
        ],
        on_resubmit="restart",
        target_url=links.url_for,
    ),
    replace=True,
)

registry.register(
    ReviewTemplate(
        key=FOLLOWUP_TEMPLATE,
        name="后续政策解读发布审核",
        description="起草单位审核 → 政府办公室审核；通过后在政策页面发布。",
        steps=[
            StepSpec("unit", "起草单位审核", roles=[Role.UNIT_ADMIN, Role.SECTION_HEAD]),
            StepSpec(
                "office",
                "政府办公室审核",
                roles=[Role.DISCLOSURE_OFFICE_STAFF, Role.DISCLOSURE_OFFICE_HEAD],
                agency=registry.government_of_review,
            ),
        ],
        on_resubmit="resume",
        target_url=links.url_for,
    ),
    replace=True,
)


def review_procedure_text(review) -> str:
    parts = []
    for entry in review.entries.select_related("step").order_by("created_at", "id"):
        if entry.step is None or entry.action not in ("advance", "complete"):
            continue
        when = timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M")
        parts.append(f"{entry.step.name}（{entry.actor_repr}，{when}）")
    return " → ".join(parts)


@registry.hook(REPORT_TEMPLATE, "approved")
def _report_approved(*, review, entry, actor):
    from . import services

    services.report_published(report=review.target, procedure=review_procedure_text(review), actor=actor)


@registry.hook(REPORT_TEMPLATE, "returned")
def _report_returned(*, review, entry, actor):
    from . import services

    services.report_returned(report=review.target, comment=entry.comment, actor=actor)


@registry.hook(REPORT_TEMPLATE, "resubmitted")
def _report_resubmitted(*, review, entry, actor):
    from . import services

    services.report_resubmitted(report=review.target, actor=actor)


@registry.hook(SIGNOFF_TEMPLATE, "approved")
def _signoff_approved(*, review, entry, actor):
    from . import services

    services.signoff_approved(policy=review.target, actor=actor)


@registry.hook(SIGNOFF_TEMPLATE, "returned")
@registry.hook(SIGNOFF_TEMPLATE, "rejected")
def _signoff_returned(*, review, entry, actor):
    from . import services

    services.signoff_returned(policy=review.target, comment=entry.comment, actor=actor)


@registry.hook(FOLLOWUP_TEMPLATE, "approved")
def _followup_approved(*, review, entry, actor):
    from . import services

    services.followup_published(interpretation=review.target, actor=actor)


@registry.hook(FOLLOWUP_TEMPLATE, "returned")
def _followup_returned(*, review, entry, actor):
    from . import services

    services.followup_returned(interpretation=review.target, actor=actor)
