"""Helpers of the press tests: a conference taken through both approvals and held at a given time."""

from gongkai.press import services
from gongkai.workflow import selectors as review_selectors
from gongkai.workflow import services as review_services
from gongkai.workflow.enums import Decision


def approve_all(target, *deciders):
    for user in deciders:
        review = review_selectors.review_active_for(target)
        review_services.review_decide(actor=user, review=review, decision=Decision.APPROVE, comment="同意")
    target.refresh_from_db()
    return target


def held_conference(*, planner, agency, approvers, values, held_at, frozen, **attended):
    """Plan, approve and hold a conference at ``held_at`` (the clock is moved there and back)."""
    saved = frozen.at
    frozen.at = held_at
    c = services.conference_plan(actor=planner, agency=agency, **{**values, "planned_at": held_at})
    services.conference_submit(actor=planner, conference=c)
    approve_all(c, *approvers)
    services.conference_hold(actor=planner, conference=c, held_at=held_at, **attended)
    frozen.at = saved
    return c
