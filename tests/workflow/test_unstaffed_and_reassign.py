"""Issue 9: a review whose step nobody but the submitter could decide is refused (first step)
or flagged (later steps, or templates that must not lose the start); a step can be reassigned
to a named eligible person."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.notifications.enums import Channel
from gongkai.notifications.models import Notification
from gongkai.orgs.enums import Role
from gongkai.workflow import registry
from gongkai.workflow.enums import Decision, ReviewStatus
from gongkai.workflow.errors import ReviewUnstaffed
from gongkai.workflow.models import Review, ReviewStep
from gongkai.workflow.selectors import review_list_actionable_by, review_step_actors
from gongkai.workflow.services import review_cancel, review_decide, review_start, review_step_reassign
from tests.factories import UserFactory, grant
from tests.workflow.registry_helpers import unregister

from .conftest import TEMPLATE_KEY, make_template

pytestmark = pytest.mark.django_db


def start(submitter, section, department, **kwargs):
    return review_start(actor=submitter, target=section, template_key=TEMPLATE_KEY, agency=department, **kwargs)


def in_app(user):
    return list(Notification.objects.filter(recipient=user, channel=Channel.IN_APP).order_by("id"))


def state(review):
    step = ReviewStep.objects.get(review=review, index=review.current_step)
    return {
        "assignee": step.assignee_id,
        "unstaffed": Review.objects.get(pk=review.pk).unstaffed_steps,
        "audit": AuditEvent.objects.filter(event="review.reassigned").count(),
    }


# --- start -----------------------------------------------------------------------------------


def test_start_is_refused_when_nobody_but_the_submitter_may_decide_the_first_step(
    template, submitter, section, department, office_staff, leader
):
    # given the submitter is the only unit administrator: step 1 has nobody else
    grant(submitter, Role.UNIT_ADMIN, department)
    # when
    with pytest.raises(ReviewUnstaffed) as err:
        start(submitter, section, department)
    # then a typed, Chinese refusal, and nothing saved
    assert err.value.code == "review_unstaffed"
    assert err.value.http_status == 409
    assert err.value.message.startswith(
        "审核步骤“科室负责人审核”（鄂托克前旗教育局）除提交人外没有可以审核的人员，不能提交审核。"
    )
    assert err.value.detail == {"steps": ["section"]}
    assert Review.objects.count() == 0
    assert AuditEvent.objects.filter(event__startswith="review.").count() == 0


def test_a_later_unstaffed_step_is_flagged_on_the_review_and_told_to_the_coordinator(
    template, submitter, section, department, section_head, office_staff
):
    # given nobody holds the leader role (step 3)
    # when
    review = start(submitter, section, department)
    # then the review runs, the step is flagged, and the disclosure office (coordinator) is told
    assert (review.status, review.unstaffed_steps) == (ReviewStatus.IN_PROGRESS, [2])
    event = AuditEvent.objects.get(event="review.unstaffed")
    assert event.data["steps"] == ["分管负责同志审批"]
    assert event.data["notified"] == [office_staff.username]
    [note] = [n for n in in_app(office_staff) if n.event == "review.unstaffed"]
    assert note.subject == f"审核无人可审，请改派：信息发布审查（测试）：{section}"
    assert "“分管负责同志审批”（鄂托克前旗人民政府）除提交人外没有可以审核的人员" in note.body
    assert note.link == f"/office/reviews/{review.pk}/"
    assert [n for n in in_app(submitter) if n.event == "review.unstaffed"] == []


def test_a_template_that_must_not_lose_the_start_flags_instead_of_refusing(
    submitter, section, department, office_staff, leader
):
    # given a template set to flag, and nobody for step 1
    registry.register(make_template(when_unstaffed="flag"), replace=True)
    try:
        review = start(submitter, section, department)
    finally:
        unregister(TEMPLATE_KEY)
    # then it started, flagged on step 1
    assert review.unstaffed_steps == [0]
    assert AuditEvent.objects.filter(event="review.unstaffed").count() == 1


def test_unknown_unstaffed_mode_is_refused_by_the_template():
    with pytest.raises(ValueError):
        make_template(when_unstaffed="ignore")


# --- reassign --------------------------------------------------------------------------------


@pytest.fixture
def flagged(template, submitter, section, department, section_head, office_staff):
    return start(submitter, section, department)


@pytest.fixture
def county_leader_elsewhere(county_gov):
    user = UserFactory(username="leader2", full_name="另一位分管领导")
    grant(user, Role.LEADER, county_gov)
    return user


def test_the_coordinator_reassigns_a_step_to_a_named_eligible_person(
    flagged, submitter, section_head, office_staff, county_leader_elsewhere, department
):
    # given a second section head in the unit
    other_head = UserFactory(username="head2", full_name="副科长")
    grant(other_head, Role.SECTION_HEAD, department)
    # when the disclosure office reassigns step 1 to the second section head
    step = review_step_reassign(
        actor=office_staff, review=flagged, step_index=0, assignee=other_head, reason="科长出差"
    )
    # then only that person acts at the step, audited and notified
    assert step.assignee == other_head
    assert review_step_actors(step) == [other_head]
    event = AuditEvent.objects.get(event="review.reassigned")
    assert event.data["new"] == {"assignee": "head2"} and event.data["reason"] == "科长出差"
    assert [n.event for n in in_app(other_head)] == ["review.pending"]
    assert list(review_list_actionable_by(other_head)) == [flagged]
    assert list(review_list_actionable_by(section_head)) == []
    with pytest.raises(PermissionDenied):
        review_decide(actor=section_head, review=flagged, decision=Decision.APPROVE)
    review_decide(actor=other_head, review=flagged, decision=Decision.APPROVE)
    assert Review.objects.get(pk=flagged.pk).current_step == 1


def test_reassigning_the_flagged_step_clears_the_flag(flagged, office_staff, county_leader_elsewhere):
    # given the leader role is granted after the start, then the flagged step is reassigned
    review_step_reassign(
        actor=office_staff, review=flagged, step_index=2, assignee=county_leader_elsewhere, reason="已配置分管领导"
    )
    assert Review.objects.get(pk=flagged.pk).unstaffed_steps == []
    # a later step's assignee is not notified before the step is reached
    assert in_app(county_leader_elsewhere) == []


def test_the_unit_administrator_and_a_system_administrator_may_reassign(flagged, unit_admin, sysadmin, department):
    other_head = UserFactory(username="head2")
    grant(other_head, Role.SECTION_HEAD, department)
    review_step_reassign(actor=unit_admin, review=flagged, step_index=0, assignee=other_head, reason="调整")
    review_step_reassign(actor=sysadmin, review=flagged, step_index=0, assignee=other_head, reason="再次确认")
    assert AuditEvent.objects.filter(event="review.reassigned").count() == 2


@pytest.mark.parametrize("who", ["anonymous", "submitter", "section_head", "outsider"])
def test_others_may_not_reassign_and_nothing_changes(
    who, flagged, submitter, section_head, outsider, county_leader_elsewhere
):
    actor = {"anonymous": AnonymousUser(), "submitter": submitter, "section_head": section_head, "outsider": outsider}[
        who
    ]
    before = state(flagged)
    with pytest.raises(PermissionDenied):
        review_step_reassign(actor=actor, review=flagged, step_index=0, assignee=section_head, reason="理由")
    assert state(flagged) == before


@pytest.mark.parametrize("whom", ["submitter", "no_role", "other_unit_head", "inactive"])
def test_a_step_is_reassigned_only_to_an_eligible_person(whom, flagged, submitter, office_staff, other_head):
    inactive = UserFactory(username="gone", is_active=False)
    grant(inactive, Role.SECTION_HEAD, flagged.agency)
    assignee = {
        "submitter": submitter,
        "no_role": UserFactory(username="nobody"),
        "other_unit_head": other_head,
        "inactive": inactive,
    }[whom]
    before = state(flagged)
    with pytest.raises(ValidationFailed) as err:
        review_step_reassign(actor=office_staff, review=flagged, step_index=0, assignee=assignee, reason="理由")
    assert (
        err.value.message
        == "所选人员不能审核“科室负责人审核”：须为鄂托克前旗教育局或其上级单位的科室负责人、编制单位管理员，且不是提交人。"
    )
    assert state(flagged) == before


def test_reassignment_needs_a_reason_and_an_open_step(flagged, submitter, section_head, office_staff):
    with pytest.raises(ValidationFailed):
        review_step_reassign(actor=office_staff, review=flagged, step_index=0, assignee=section_head, reason=" ")
    review_decide(actor=section_head, review=flagged, decision=Decision.APPROVE)
    with pytest.raises(InvalidTransition):  # step 1 already passed
        review_step_reassign(actor=office_staff, review=flagged, step_index=0, assignee=section_head, reason="x")
    review_cancel(actor=submitter, review=flagged, reason="撤回")
    with pytest.raises(InvalidTransition):
        review_step_reassign(actor=office_staff, review=flagged, step_index=2, assignee=section_head, reason="x")


# --- pages -----------------------------------------------------------------------------------


def test_the_review_page_flags_the_step_and_offers_reassignment_to_the_coordinator(
    client, flagged, office_staff, county_leader_elsewhere
):
    client.force_login(office_staff)
    page = client.get(reverse("backoffice:review_detail", args=[flagged.pk])).content.decode()
    assert "data-unstaffed" in page and "无人可审" in page
    assert "改派审核人" in page and "另一位分管领导（leader2）" in page
    response = client.post(
        reverse("backoffice:review_reassign", args=[flagged.pk]),
        {"step": "2", "assignee": str(county_leader_elsewhere.pk), "reason": "已配置分管领导"},
    )
    assert response.status_code == 302
    assert ReviewStep.objects.get(review=flagged, index=2).assignee == county_leader_elsewhere
    page = client.get(reverse("backoffice:review_detail", args=[flagged.pk])).content.decode()
    assert "data-unstaffed" not in page and "指定审核人：另一位分管领导" in page


def test_the_page_refuses_reassignment_to_others_and_changes_nothing(
    client, flagged, section_head, county_leader_elsewhere
):
    client.force_login(section_head)
    page = client.get(reverse("backoffice:review_detail", args=[flagged.pk])).content.decode()
    assert "reassign-h" not in page
    before = state(flagged)
    response = client.post(
        reverse("backoffice:review_reassign", args=[flagged.pk]),
        {"step": "2", "assignee": str(county_leader_elsewhere.pk), "reason": "x"},
    )
    assert response.status_code == 403
    assert "您不能改派该审核的审核人。" in response.content.decode()
    assert state(flagged) == before


def test_a_bad_reassignment_form_shows_a_chinese_error(client, flagged, office_staff):
    client.force_login(office_staff)
    response = client.post(reverse("backoffice:review_reassign", args=[flagged.pk]), {"step": "0", "reason": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "请选择审核人。" in body and "请说明改派审核人的理由。" in body


# --- API ---------------------------------------------------------------------------------------


def _api_reassign(client, review, **body):
    return client.post(f"/api/v1/reviews/{review.pk}/reassign", body, content_type="application/json")


def test_the_api_reassigns_a_flagged_step_and_shows_it(client, flagged, office_staff, county_leader_elsewhere):
    # given the review's leader step is flagged as unstaffed
    client.force_login(office_staff)
    assert client.get(f"/api/v1/reviews/{flagged.pk}").json()["unstaffed_steps"] == [2]
    # when the disclosure office reassigns it through the API
    response = _api_reassign(client, flagged, step=2, assignee_id=county_leader_elsewhere.pk, reason="已配置分管领导")
    # then the step names the person and the flag is gone
    assert response.status_code == 200
    body = response.json()
    assert body["steps"][2]["assignee_id"] == county_leader_elsewhere.pk and body["unstaffed_steps"] == []


@pytest.mark.parametrize(
    "who, payload, status, code",
    [
        ("section_head", {"step": 0, "assignee": "office_staff", "reason": "理由"}, 403, "permission_denied"),
        ("office_staff", {"step": 0, "assignee": "submitter", "reason": "理由"}, 422, "validation_failed"),
        ("office_staff", {"step": 0, "assignee": None, "reason": "理由"}, 422, "validation_failed"),
        ("office_staff", {"step": 9, "assignee": "section_head", "reason": "理由"}, 404, "not_found"),
        ("office_staff", {"step": 0, "assignee": "section_head", "reason": " "}, 422, "validation_failed"),
    ],
)
def test_the_api_refuses_bad_reassignments_with_a_typed_error_and_changes_nothing(
    client, request, flagged, who, payload, status, code
):
    client.force_login(request.getfixturevalue(who))
    assignee = payload["assignee"]
    assignee_id = request.getfixturevalue(assignee).pk if assignee else 999999
    before = state(flagged)
    response = _api_reassign(client, flagged, step=payload["step"], assignee_id=assignee_id, reason=payload["reason"])
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert state(flagged) == before
