"""The register: registration, opening/closing/merging through the review engine, denials."""

from __future__ import annotations

import pytest

from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.websites import selectors, services
from gongkai.websites.enums import ChangeKind, ChangeReason, ChangeState, Status
from gongkai.websites.models import Account
from gongkai.workflow import services as workflow_services
from gongkai.workflow.selectors import review_for

DATA = {"platform": "weibo", "name": "鄂托克前旗教育发布", "identifier": "etkqq_weibo", "person_responsible": "李华"}


def _approve(change, *people):
    review = review_for(change)
    for person in people:
        workflow_services.review_decide(actor=person, review=review, decision="approve", comment="同意")


def test_new_account_opens_only_after_review(unit_admin, department, leader, office_staff):
    account = services.account_register(actor=unit_admin, agency=department, data=DATA)
    assert account.status == Status.PENDING
    assert account not in selectors.public_directory()
    change = services.change_request(
        actor=unit_admin, account=account, kind=ChangeKind.OPEN, reason=ChangeReason.DUTY_NEED
    )
    _approve(change, leader)
    account.refresh_from_db()
    assert account.status == Status.PENDING  # the disclosure office has not yet decided
    _approve(change, office_staff)
    account.refresh_from_db()
    change.refresh_from_db()
    assert account.status == Status.OPEN and change.state == ChangeState.APPROVED
    assert account in selectors.public_directory(q="教育发布")


def test_close_and_merge_through_review_keep_the_record(account, unit_admin, department, leader, office_staff):
    other = services.account_register(actor=unit_admin, agency=department, data=DATA, existing=True)
    with pytest.raises(ValidationFailed):
        services.change_request(actor=unit_admin, account=account, kind=ChangeKind.CLOSE, reason=ChangeReason.OTHER)
    change = services.change_request(
        actor=unit_admin, account=account, kind=ChangeKind.MERGE, reason=ChangeReason.INTENSIVE, merge_target=other
    )
    with pytest.raises(ValidationFailed):  # one request at a time
        services.change_request(
            actor=unit_admin, account=account, kind=ChangeKind.CLOSE, reason=ChangeReason.REORGANISATION
        )
    _approve(change, leader, office_staff)
    account.refresh_from_db()
    assert account.status == Status.MERGED and account.merged_into == other and account.closed_on
    assert Account.objects.filter(pk=account.pk).exists()
    assert account in selectors.public_directory()  # closed and merged accounts stay on record
    with pytest.raises(InvalidTransition):
        services.change_request(
            actor=unit_admin, account=account, kind=ChangeKind.CLOSE, reason=ChangeReason.REORGANISATION
        )
    close = services.change_request(
        actor=unit_admin, account=other, kind=ChangeKind.CLOSE, reason=ChangeReason.REORGANISATION
    )
    _approve(close, leader, office_staff)
    other.refresh_from_db()
    assert other.status == Status.CLOSED


def test_rejected_change_leaves_the_account(account, unit_admin, leader):
    change = services.change_request(
        actor=unit_admin, account=account, kind=ChangeKind.CLOSE, reason=ChangeReason.UNMAINTAINED
    )
    workflow_services.review_decide(actor=leader, review=review_for(change), decision="reject", comment="仍需保留")
    account.refresh_from_db()
    change.refresh_from_db()
    assert account.status == Status.OPEN and change.state == ChangeState.RETURNED


def test_denials(account, outsider, other_department, department):
    with pytest.raises(PermissionDenied):
        services.account_register(actor=outsider, agency=department, data=DATA)
    with pytest.raises(PermissionDenied):
        services.change_request(
            actor=outsider, account=account, kind=ChangeKind.CLOSE, reason=ChangeReason.REORGANISATION
        )
    with pytest.raises(PermissionDenied):
        services.account_suspend(actor=outsider, account=account)
    assert account not in selectors.account_list_visible_to(outsider)


def test_validation_and_duplicates(unit_admin, department, account):
    with pytest.raises(ValidationFailed):
        services.account_register(actor=unit_admin, agency=department, data={**DATA, "name": ""})
    with pytest.raises(ValidationFailed):
        services.account_register(actor=unit_admin, agency=department, data={**DATA, "platform": "website"})
    with pytest.raises(ValidationFailed):
        services.account_register(
            actor=unit_admin, agency=department, data={**DATA, "platform": "wechat", "identifier": "etkqq_jy"}
        )


def test_suspend_and_resume(account, unit_admin):
    services.account_suspend(actor=unit_admin, account=account)
    account.refresh_from_db()
    assert account.status == Status.SUSPENDED
    with pytest.raises(InvalidTransition):
        services.account_suspend(actor=unit_admin, account=account)
    services.account_resume(actor=unit_admin, account=account)
    account.refresh_from_db()
    assert account.status == Status.OPEN


def test_every_action_has_a_spec_and_the_buttons_follow_the_state(account, unit_admin, outsider):
    from gongkai.websites.actions import ACCOUNT_ACTIONS, FINDING_ACTIONS
    from gongkai.websites.enums import Action, FindingAction

    assert ACCOUNT_ACTIONS.missing(Action.values) == [] and FINDING_ACTIONS.missing(FindingAction.values) == []
    assert [a.name for a in ACCOUNT_ACTIONS.available(account, unit_admin)] == [Action.SUSPEND]
    assert ACCOUNT_ACTIONS.available(account, outsider) == []
    services.account_suspend(actor=unit_admin, account=account)
    account.refresh_from_db()
    assert [a.name for a in ACCOUNT_ACTIONS.available(account, unit_admin)] == [Action.RESUME]
