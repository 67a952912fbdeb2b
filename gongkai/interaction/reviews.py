"""The review of a reply (or explanation) before it is sent, on the review engine: the head of the
handling unit signs it (签发). Approval sends the reply; a return, rejection or cancellation puts
the draft back."""

from __future__ import annotations

from gongkai.orgs.enums import Role
from gongkai.workflow import registry
from gongkai.workflow.registry import ReviewTemplate, StepSpec

from .enums import Action, Status

TEMPLATE_KEY = "interaction.reply"


def _link(letter) -> str:
    from .services.common import staff_link

    return staff_link(letter)


REPLY_REVIEW = registry.register(
    ReviewTemplate(
        key=TEMPLATE_KEY,
        name="来信答复审核",
        steps=[
            StepSpec("sign", "承办单位负责人审核签发", roles=[Role.UNIT_ADMIN, Role.SECTION_HEAD, Role.LEADER]),
        ],
        target_url=lambda letter: _link(letter),
        description="来信答复（或无法解决的情况说明）在发出前须经承办单位负责人审核签发。",
    ),
    replace=True,
)


@registry.hook(TEMPLATE_KEY, "approved")
def _approved(*, review, entry, actor):
    from .services.transition import letter_transition

    letter_transition(actor=actor, letter=int(review.object_id), action=Action.REVIEW_APPROVED, system=True)


@registry.hook(TEMPLATE_KEY, "returned", "rejected", "cancelled")
def _returned(*, review, entry, actor):
    from .models import Letter
    from .services.transition import letter_transition

    letter = Letter.objects.filter(pk=int(review.object_id)).first()
    if letter is None or letter.status != Status.UNDER_REVIEW:
        return
    letter_transition(actor=actor, letter=letter, action=Action.REVIEW_RETURNED, system=True, comment=entry.comment)


@registry.hook(TEMPLATE_KEY, "resubmitted")
def _resubmitted(*, review, entry, actor):
    from .models import Letter
    from .services.transition import letter_transition

    letter = Letter.objects.filter(pk=int(review.object_id)).first()
    if letter is not None and letter.status == Status.DRAFTED:
        letter_transition(actor=actor, letter=letter, action=Action.SUBMIT_REVIEW, system=True)
