"""The reviews of news release on the review engine.

- ``press.conference`` — the prior approval of a press conference (R6.1; seed 000 第3条: 须经同级政府
  新闻办公室和有关主管部门审批同意；未经审批同意的，不得擅自发布信息): the same-level government's
  news office (新闻办), then the competent department (the unit's head or the leader in charge above
  it). Only when both approve is the plan approved (and may be announced or held); a return sends it
  back to planning, a rejection ends it.
- ``press.filing`` — a new or changed spokesperson / liaison is filed (备案) with the government's news
  office (R1.3; seed 001 (七)).
"""

from __future__ import annotations

from gongkai.orgs.enums import Role
from gongkai.workflow import registry
from gongkai.workflow.registry import ReviewTemplate, StepSpec

from .enums import ConferenceAction, FilingAction

CONFERENCE_TEMPLATE = "press.conference"
FILING_TEMPLATE = "press.filing"

CONFERENCE_REVIEW = registry.register(
    ReviewTemplate(
        key=CONFERENCE_TEMPLATE,
        name="新闻发布会审批",
        steps=[
            StepSpec(
                "news_office",
                "同级政府新闻办审批",
                roles=[Role.NEWS_OFFICE],
                agency=registry.government_of_review,
                description="审查发布主题、时间、口径和风险评估。",
            ),
            StepSpec(
                "competent",
                "主管部门审批",
                roles=[Role.UNIT_ADMIN, Role.LEADER],
                description="本单位负责人或分管负责同志审批。",
            ),
        ],
        target_url=lambda c: c.get_absolute_url(),
        description="新闻发布会须经同级政府新闻办和有关主管部门审批同意；未经审批同意的，不得擅自发布。",
    ),
    replace=True,
)

FILING_REVIEW = registry.register(
    ReviewTemplate(
        key=FILING_TEMPLATE,
        name="新闻发言人（联络员）备案",
        steps=[
            StepSpec("news_office", "政府新闻办备案", roles=[Role.NEWS_OFFICE], agency=registry.government_of_review),
        ],
        target_url=lambda f: f.get_absolute_url(),
        description="新闻发言人、联络员的设立和变更报本级政府新闻办备案。",
    ),
    replace=True,
)


@registry.hook(CONFERENCE_TEMPLATE, "approved")
def _conference_approved(*, review, entry, actor):
    from .services import conference_transition

    conference_transition(actor=actor, conference=int(review.object_id), action=ConferenceAction.REVIEW_APPROVED)


@registry.hook(CONFERENCE_TEMPLATE, "returned", "cancelled")
def _conference_returned(*, review, entry, actor):
    from .enums import ConferenceStatus
    from .selectors import conference_status
    from .services import conference_transition

    if conference_status(int(review.object_id)) != ConferenceStatus.UNDER_REVIEW:
        return

    conference_transition(
        actor=actor, conference=int(review.object_id), action=ConferenceAction.REVIEW_RETURNED, comment=entry.comment
    )


@registry.hook(CONFERENCE_TEMPLATE, "rejected")
def _conference_rejected(*, review, entry, actor):
    from .services import conference_transition

    conference_transition(
        actor=actor, conference=int(review.object_id), action=ConferenceAction.REVIEW_REJECTED, comment=entry.comment
    )


@registry.hook(CONFERENCE_TEMPLATE, "resubmitted")
def _conference_resubmitted(*, review, entry, actor):
    from .services import conference_transition

    conference_transition(actor=actor, conference=int(review.object_id), action=ConferenceAction.SUBMIT)


@registry.hook(FILING_TEMPLATE, "approved")
def _filing_approved(*, review, entry, actor):
    from .services import filing_transition

    filing_transition(actor=actor, filing=int(review.object_id), action=FilingAction.REVIEW_APPROVED)


@registry.hook(FILING_TEMPLATE, "returned", "rejected", "cancelled")
def _filing_returned(*, review, entry, actor):
    from .enums import FilingStatus
    from .selectors import filing_status
    from .services import filing_transition

    if filing_status(int(review.object_id)) != FilingStatus.UNDER_REVIEW:
        return

    filing_transition(actor=actor, filing=int(review.object_id), action=FilingAction.REVIEW_RETURNED)


@registry.hook(FILING_TEMPLATE, "resubmitted")
def _filing_resubmitted(*, review, entry, actor):
    from .services import filing_transition

    filing_transition(actor=actor, filing=int(review.object_id), action=FilingAction.SUBMIT)
