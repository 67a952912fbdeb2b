"""The confidentiality review of a reply (SPEC R4.8; 004 附件4 第十四条) on the review engine.

Steps: the confidentiality review (保密审查) by a confidentiality reviewer or the disclosure
office of the receiving agency, then the signature (签发) of the person responsible for
disclosure work, who finally approves the confidentiality opinion (第十四条 last paragraph).
Approval moves the application to "approved" (the reply may be sent); a return, rejection or
cancellation moves it back to "drafted".
"""

from __future__ import annotations

from gongkai.orgs.enums import Role
from gongkai.workflow import registry
from gongkai.workflow.registry import DataField, ReviewTemplate, StepSpec

from .enums import Action

TEMPLATE_KEY = "foi.reply"

REPLY_REVIEW = registry.register(
    ReviewTemplate(
        key=TEMPLATE_KEY,
        name="依申请公开答复保密审查",
        steps=[
            StepSpec(
                "confidentiality",
                "保密审查",
                roles=[Role.CONFIDENTIALITY_REVIEWER, Role.DISCLOSURE_OFFICE_STAFF, Role.DISCLOSURE_OFFICE_HEAD],
                fields=[
                    DataField(
                        "conclusion",
                        "保密审查结论",
                        choices=[
                            ("no_secret", "不涉及国家秘密，同意按拟定意见答复"),
                            ("redacted", "经区分处理后可以答复"),
                        ],
                    )
                ],
            ),
            StepSpec(
                "sign",
                "负责人签发",
                roles=[Role.DISCLOSURE_OFFICE_HEAD, Role.LEADER, Role.UNIT_ADMIN],
            ),
        ],
        target_url=lambda app: app.get_absolute_url(),
        description="依申请公开答复在发出前须经保密审查，并由政府信息公开工作负责人签发。",
    ),
    replace=True,
)


@registry.hook(TEMPLATE_KEY, "approved")
def _approved(*, review, entry, actor):
    from .services.transition import application_transition

    application_transition(actor=actor, application=int(review.object_id), action=Action.REVIEW_APPROVED, system=True)


@registry.hook(TEMPLATE_KEY, "returned", "rejected", "cancelled")
def _returned(*, review, entry, actor):
    from .enums import Status
    from .models import Application
    from .services.transition import application_transition

    app = Application.objects.filter(pk=int(review.object_id)).first()
    if app is None or app.status != Status.UNDER_REVIEW:
        return
    application_transition(
        actor=actor, application=app, action=Action.REVIEW_RETURNED, system=True, inputs={"comment": entry.comment}
    )


@registry.hook(TEMPLATE_KEY, "resubmitted")
def _resubmitted(*, review, entry, actor):
    """Resubmitted from the generic review page: the application follows."""
    from .enums import Status
    from .models import Application
    from .services.transition import application_transition

    app = Application.objects.filter(pk=int(review.object_id)).first()
    if app is not None and app.status == Status.DRAFTED:
        application_transition(actor=actor, application=app, action=Action.SUBMIT_REVIEW, system=True)
