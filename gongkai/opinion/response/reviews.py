"""The review of a public response ("opinion.release") on the workflow engine.

先审查、后公开 (祥政办通〔2019〕54号 五(十一): "坚持'谁公开、谁负责'和'先审查、后公开'的原则……做好保密审查";
北京市 2014 二(八) 信息发布审核机制): the drafting unit signs off → the disclosure office or the news
office does the confidentiality review → the leader in charge approves. Approval publishes the
response in the responses column in the same transaction as the decision; nothing is public
before it.
"""

from __future__ import annotations

from django.utils import timezone

from gongkai.core import links
from gongkai.orgs.enums import Role
from gongkai.workflow import registry
from gongkai.workflow.registry import DataField, ReviewTemplate, StepSpec

from .enums import ResponseAction
from .services import response_transition

TEMPLATE_KEY = "opinion.release"

CONCLUSIONS = (("public", "经保密审查，不涉及国家秘密、工作秘密和个人隐私，可以公开发布"),)

TEMPLATE = registry.register(
    ReviewTemplate(
        key=TEMPLATE_KEY,
        name="舆情回应发布审核",
        description="起草单位审核 → 政务公开办/新闻办保密审查 → 分管负责同志审批（先审查、后公开）。",
        steps=[
            StepSpec("unit", "起草单位审核", roles=[Role.UNIT_ADMIN, Role.SECTION_HEAD]),
            StepSpec(
                "confidentiality",
                "政务公开办/新闻办保密审查",
                roles=[
                    Role.NEWS_OFFICE,
                    Role.DISCLOSURE_OFFICE_STAFF,
                    Role.DISCLOSURE_OFFICE_HEAD,
                    Role.CONFIDENTIALITY_REVIEWER,
                ],
                agency=registry.government_of_review,
                fields=[DataField("conclusion", "保密审查结论", choices=CONCLUSIONS)],
            ),
            StepSpec("leader", "分管负责同志审批", roles=[Role.LEADER], agency=registry.government_of_review),
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


def _transition(review, actor, action, data=None):
    return response_transition(actor=actor, response=review.target, action=action, data=data)


@registry.hook(TEMPLATE_KEY, "approved")
def _publish(*, review, entry, actor):
    _transition(review, actor, ResponseAction.PUBLISH, {"review_procedure": review_procedure_text(review)})


@registry.hook(TEMPLATE_KEY, "returned")
def _returned(*, review, entry, actor):
    _transition(review, actor, ResponseAction.RETURN, {"comment": entry.comment})


@registry.hook(TEMPLATE_KEY, "resubmitted")
def _resubmitted(*, review, entry, actor):
    _transition(review, actor, ResponseAction.RESUBMIT)


@registry.hook(TEMPLATE_KEY, "rejected")
def _rejected(*, review, entry, actor):
    _transition(review, actor, ResponseAction.REJECT, {"comment": entry.comment})


@registry.hook(TEMPLATE_KEY, "cancelled")
def _cancelled(*, review, entry, actor):
    _transition(review, actor, ResponseAction.CANCEL)
