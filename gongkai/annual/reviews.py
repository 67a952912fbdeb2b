"""The review of an annual report on the review engine: the disclosure office of the government
checks and approves; approval publishes the report in the catalogue's 年度报告 column."""

from __future__ import annotations

from django.utils import timezone

from gongkai.core import links
from gongkai.orgs.enums import Role
from gongkai.workflow import registry
from gongkai.workflow.registry import ReviewTemplate, StepSpec

TEMPLATE_KEY = "annual.report"

TEMPLATE = registry.register(
    ReviewTemplate(
        key=TEMPLATE_KEY,
        name="政府信息公开工作年度报告审核",
        description="政务公开办审核年度报告；通过后在年度报告栏目公布。",
        steps=[
            StepSpec(
                "office",
                "政务公开办审核",
                roles=[Role.DISCLOSURE_OFFICE_HEAD, Role.DISCLOSURE_OFFICE_STAFF],
                agency=registry.government_of_review,
            ),
        ],
        on_resubmit="resume",
        target_url=links.url_for,
        when_unstaffed="flag",
    )
)


def _procedure(review) -> str:
    parts = []
    for entry in review.entries.select_related("step").order_by("created_at", "id"):
        if entry.step is None or entry.action not in ("advance", "complete"):
            continue
        parts.append(f"{entry.step.name}（{entry.actor_repr}，{timezone.localtime(entry.created_at):%Y-%m-%d}）")
    return " → ".join(parts)


@registry.hook(TEMPLATE_KEY, "approved")
def _approved(*, review, entry, actor):
    from .services import publish_approved

    publish_approved(actor=actor, report=review.target, review_procedure=_procedure(review))


@registry.hook(TEMPLATE_KEY, "returned")
def _returned(*, review, entry, actor):
    from .services import report_returned

    report_returned(actor=actor, report=review.target, comment=entry.comment)


@registry.hook(TEMPLATE_KEY, "resubmitted")
def _resubmitted(*, review, entry, actor):
    from .services import report_resubmitted

    report_resubmitted(actor=actor, report=review.target)


@registry.hook(TEMPLATE_KEY, "rejected", "cancelled")
def _cancelled(*, review, entry, actor):
    from .services import report_cancelled

    report_cancelled(actor=actor, report=review.target)
