import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from gongkai.notifications.enums import Channel
from gongkai.notifications.models import Notification
from gongkai.orgs.enums import Role
from gongkai.workflow import registry
from gongkai.workflow.enums import Decision, ResubmitMode, ReviewAction, ReviewStatus
from gongkai.workflow.errors import ReviewAlreadyActive
from gongkai.workflow.models import Review, ReviewEntry
from gongkai.workflow.registry import StepSpec
from gongkai.workflow.selectors import (
    review_active_for,
    review_for,
    review_history,
    review_is_approved,
    review_list_actionable_by,
    review_list_submitted_by,
    review_list_visible_to,
)
from gongkai.workflow.services import review_cancel, review_decide, review_resubmit, review_start
from tests.factories import UserFactory, grant
from tests.workflow.registry_helpers import unregister

from .conftest import SINGLE_KEY, TEMPLATE_KEY, make_template


def start(submitter, section, department, key=TEMPLATE_KEY, **kwargs):
    return review_start(actor=submitter, target=section, template_key=key, agency=department, **kwargs)


def snapshot(review):
    review = Review.objects.get(pk=review.pk)
    return {
        "status": review.status,
        "step": review.current_step,
        "finished_at": review.finished_at,
        "entries": ReviewEntry.objects.filter(review=review).count(),
        "audit": AuditEvent.objects.count(),
        "notifications": Notification.objects.count(),
    }


def in_app(user):
    return list(Notification.objects.filter(recipient=user, channel=Channel.IN_APP).order_by("id"))


def to_leader(review, section_head, office_staff):
    review_decide(actor=section_head, review=review, decision=Decision.APPROVE, comment="同意")
    review_decide(actor=office_staff, review=review, decision=Decision.APPROVE, data={"conclusion": "public"})


# --- start ---------------------------------------------------------------------------------


def test_start_copies_the_steps_with_their_acting_agencies(
    template, submitter, section, department, county_gov, section_head, office_staff, leader
):
    # when
    review = start(submitter, section, department, data={"note": "初稿"})
    # then
    assert review.status == ReviewStatus.IN_PROGRESS
    assert review.current_step == 0
    assert review.target == section
    assert review.target_repr == str(section)
    assert review.template_name == "信息发布审查（测试）"
    assert review.submitted_by == submitter
    assert review.data == {"note": "初稿"}
    steps = list(review.steps.order_by("index").values_list("key", "agency_id", "roles"))
    assert steps == [
        ("section", department.pk, [Role.SECTION_HEAD, Role.UNIT_ADMIN]),
        ("office", county_gov.pk, [Role.DISCLOSURE_OFFICE_STAFF, Role.DISCLOSURE_OFFICE_HEAD]),
        ("leader", county_gov.pk, [Role.LEADER]),
    ]
    entry = review.entries.get()
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == (
        ReviewAction.SUBMIT,
        "",
        ReviewStatus.IN_PROGRESS,
        submitter,
    )
    event = AuditEvent.objects.get(event="review.submitted")
    assert (event.target_type, event.target_id, event.agency_id) == ("orgs.section", str(section.pk), department.pk)
    assert event.data["review"] == review.pk
    assert event.data["new"] == {"status": "in_progress", "step": "科室负责人审核"}
    # the section head (who may act on step 1) is told, the office (step 2) not yet
    [note] = in_app(section_head)
    assert note.subject == f"待审核：信息发布审查（测试）：{section}"
    assert note.link == f"/office/reviews/{review.pk}/"
    assert note.event == "review.pending"
    assert Notification.objects.filter(recipient=section_head, channel=Channel.EMAIL).count() == 1
    assert in_app(office_staff) == []
    assert in_app(submitter) == []


def test_a_second_start_for_the_same_object_is_refused(template, submitter, section, department, section_head):
    # given
    first = start(submitter, section, department)
    before = snapshot(first)
    # when / then
    with pytest.raises(ReviewAlreadyActive) as excinfo:
        start(submitter, section, department)
    assert excinfo.value.http_status == 409
    assert excinfo.value.detail == {"review_id": first.pk}
    assert Review.objects.count() == 1
    assert snapshot(first) == before


def test_the_database_itself_refuses_a_second_active_review(template, submitter, section, department, section_head):
    # given an active review
    first = start(submitter, section, department)
    # when a second active row is written behind the services' back
    duplicate = Review(
        template_key=first.template_key,
        template_name=first.template_name,
        content_type=first.content_type,
        object_id=first.object_id,
        target_repr=first.target_repr,
        agency=department,
        status=ReviewStatus.RETURNED,
        submitted_by=submitter,
        submitted_by_repr="x",
        submitted_at=first.submitted_at,
    )
    # then
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    # while finished reviews of the same object may coexist with an active one
    duplicate.status = ReviewStatus.CANCELLED
    duplicate.save()
    assert Review.objects.filter(object_id=first.object_id).count() == 2


def test_a_new_review_may_start_once_the_previous_one_ended(template, submitter, section, department, section_head):
    # given a rejected review
    first = start(submitter, section, department)
    review_decide(actor=section_head, review=first, decision=Decision.REJECT, comment="不宜公开")
    # when
    second = start(submitter, section, department)
    # then
    assert second.pk != first.pk
    assert review_for(section) == second
    assert review_active_for(section) == second
    assert [e.action for e in review_history(section)] == [
        ReviewAction.SUBMIT,
        ReviewAction.REJECT,
        ReviewAction.SUBMIT,
    ]


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_start_is_refused_outside_the_agency(template, section, department, outsider, who):
    actor = AnonymousUser() if who == "anonymous" else outsider
    with pytest.raises(PermissionDenied):
        start(actor, section, department)
    assert Review.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_start_with_an_unknown_template_or_unsaved_target_is_a_validation_error(submitter, section, department):
    with pytest.raises(ValidationFailed) as excinfo:
        start(submitter, section, department, key="no.such")
    assert excinfo.value.message == "未定义的审核流程：no.such"
    registry.register(make_template())
    try:
        with pytest.raises(ValidationFailed):
            start(submitter, type(section)(agency=department, name="未保存"), department)
        with pytest.raises(NotFound):
            start(submitter, section, 999999)
    finally:
        unregister(TEMPLATE_KEY)
    assert Review.objects.count() == 0


# --- the way through -----------------------------------------------------------------------


def test_approval_through_every_step_calls_the_approved_hook_once_in_the_transaction(
    template, submitter, section, department, section_head, office_staff, leader
):
    # given
    calls = []

    def on_approved(*, review, entry, actor):
        calls.append(
            {
                "review": review.pk,
                "status_in_db": Review.objects.get(pk=review.pk).status,
                "action": entry.action,
                "actor": actor,
                "in_transaction": connection.in_atomic_block,
            }
        )

    registry.connect(TEMPLATE_KEY, "approved", on_approved)
    review = start(submitter, section, department)
    # when
    review_decide(actor=section_head, review=review, decision=Decision.APPROVE, comment="同意")
    assert (review.status, review.current_step) == (ReviewStatus.IN_PROGRESS, 1)
    review_decide(actor=office_staff, review=review, decision=Decision.APPROVE, data={"conclusion": "public"})
    assert calls == []
    result = review_decide(actor=leader, review=review, decision=Decision.APPROVE)
    # then
    assert calls == [
        {
            "review": review.pk,
            "status_in_db": ReviewStatus.APPROVED,
            "action": ReviewAction.COMPLETE,
            "actor": leader,
            "in_transaction": True,
        }
    ]
    assert result.status == ReviewStatus.APPROVED
    assert review.status == ReviewStatus.APPROVED
    assert review.finished_at is not None
    assert review_is_approved(section)
    entries = list(review.entries.order_by("id").values_list("action", "actor__username", "step__key", "data"))
    assert entries == [
        (ReviewAction.SUBMIT, "drafter", "section", {}),
        (ReviewAction.ADVANCE, "head", "section", {}),
        (ReviewAction.ADVANCE, office_staff.username, "office", {"conclusion": "public"}),
        (ReviewAction.COMPLETE, "leader", "leader", {}),
    ]
    assert list(AuditEvent.objects.order_by("seq").values_list("event", flat=True)) == [
        "review.submitted",
        "review.step_approved",
        "review.step_approved",
        "review.approved",
    ]
    last = AuditEvent.objects.get(event="review.approved")
    assert last.data["old"] == {"status": "in_progress", "step": "分管负责同志审批"}
    assert last.data["new"] == {"status": "approved", "step": ""}
    [approved_note] = [n for n in in_app(submitter) if n.event == "review.approved"]
    assert approved_note.subject == f"信息发布审查（测试）：{section} 已审核通过"
    # a finished review cannot be decided again
    with pytest.raises(InvalidTransition):
        review_decide(actor=leader, review=review, decision=Decision.APPROVE)
    assert len(calls) == 1


@pytest.mark.parametrize("error", [RuntimeError("发布失败"), ValidationFailed("缺少正文，不能发布。")])
def test_a_failing_approved_hook_undoes_the_whole_decision(
    template, submitter, section, department, section_head, office_staff, leader, error
):
    # given a review waiting for the leader, and a hook that fails
    def on_approved(*, review, entry, actor):
        raise error

    registry.connect(TEMPLATE_KEY, "approved", on_approved)
    review = start(submitter, section, department)
    to_leader(review, section_head, office_staff)
    before = snapshot(review)
    # when / then
    with pytest.raises(type(error)):
        review_decide(actor=leader, review=review, decision=Decision.APPROVE)
    assert snapshot(review) == before
    assert before["status"] == ReviewStatus.IN_PROGRESS
    assert before["step"] == 2
    assert not AuditEvent.objects.filter(event="review.approved").exists()


def test_return_then_resubmit_resumes_at_the_step_that_returned_it(
    template, submitter, section, department, section_head, office_staff, leader
):
    # given the review at the disclosure office
    returned_calls = []
    registry.connect(TEMPLATE_KEY, "returned", lambda **kw: returned_calls.append(kw["entry"].comment))
    review = start(submitter, section, department)
    review_decide(actor=section_head, review=review, decision=Decision.APPROVE)
    # when the office returns it
    review_decide(actor=office_staff, review=review, decision=Decision.RETURN, comment="请删去第三段的个人信息")
    # then
    assert (review.status, review.current_step) == (ReviewStatus.RETURNED, 1)
    assert returned_calls == ["请删去第三段的个人信息"]
    [note] = [n for n in in_app(submitter) if n.event == "review.returned"]
    assert "请删去第三段的个人信息" in note.body
    assert review_list_actionable_by(office_staff).count() == 0
    # only the submitter may resubmit, and only a returned review
    with pytest.raises(PermissionDenied):
        review_resubmit(actor=section_head, review=review)
    # when the submitter resubmits after revising
    office_notes_before = len(in_app(office_staff))
    review_resubmit(actor=submitter, review=review, comment="已删除")
    # then it continues at the office step, and the office is told again
    assert (review.status, review.current_step) == (ReviewStatus.IN_PROGRESS, 1)
    assert len(in_app(office_staff)) == office_notes_before + 1
    resubmitted = review.entries.order_by("-id").first()
    assert (resubmitted.action, resubmitted.step.key, resubmitted.comment) == (
        ReviewAction.RESUBMIT,
        "office",
        "已删除",
    )
    review_decide(actor=office_staff, review=review, decision=Decision.APPROVE, data={"conclusion": "partial"})
    review_decide(actor=leader, review=review, decision=Decision.APPROVE)
    assert review.status == ReviewStatus.APPROVED
    with pytest.raises(InvalidTransition):
        review_resubmit(actor=submitter, review=review)


def test_a_template_may_restart_from_the_first_step_on_resubmit(
    submitter, section, department, section_head, office_staff
):
    registry.register(make_template(on_resubmit=ResubmitMode.RESTART))
    try:
        review = start(submitter, section, department)
        review_decide(actor=section_head, review=review, decision=Decision.APPROVE)
        review_decide(actor=office_staff, review=review, decision=Decision.RETURN, comment="重写")
        review_resubmit(actor=submitter, review=review)
        assert (review.status, review.current_step) == (ReviewStatus.IN_PROGRESS, 0)
    finally:
        unregister(TEMPLATE_KEY)


def test_reject_ends_the_review(template, submitter, section, department, section_head):
    rejected = []
    registry.connect(TEMPLATE_KEY, "rejected", lambda **kw: rejected.append(kw["review"].status))
    review = start(submitter, section, department)
    review_decide(actor=section_head, review=review, decision=Decision.REJECT, comment="涉及国家秘密")
    assert review.status == ReviewStatus.REJECTED
    assert review.finished_at is not None
    assert rejected == [ReviewStatus.REJECTED]
    [note] = [n for n in in_app(submitter) if n.event == "review.rejected"]
    assert "涉及国家秘密" in note.body
    for decision in Decision.values:
        with pytest.raises(InvalidTransition):
            review_decide(actor=section_head, review=review, decision=decision, comment="x")
    with pytest.raises(InvalidTransition):
        review_resubmit(actor=submitter, review=review)


@pytest.mark.parametrize("decision", [Decision.RETURN, Decision.REJECT])
@pytest.mark.parametrize("comment", ["", "   "])
def test_return_and_reject_need_a_comment(template, submitter, section, department, section_head, decision, comment):
    review = start(submitter, section, department)
    before = snapshot(review)
    with pytest.raises(ValidationFailed) as excinfo:
        review_decide(actor=section_head, review=review, decision=decision, comment=comment)
    assert excinfo.value.message == "退回修改或不予通过时必须填写意见。"
    assert snapshot(review) == before


def test_an_unknown_decision_is_a_validation_error(template, submitter, section, department, section_head):
    review = start(submitter, section, department)
    before = snapshot(review)
    with pytest.raises(ValidationFailed):
        review_decide(actor=section_head, review=review, decision="publish")
    assert snapshot(review) == before


def test_step_data_is_checked_against_the_step_fields(
    template, submitter, section, department, section_head, office_staff
):
    review = start(submitter, section, department)
    review_decide(actor=section_head, review=review, decision=Decision.APPROVE)
    before = snapshot(review)
    with pytest.raises(ValidationFailed) as missing:
        review_decide(actor=office_staff, review=review, decision=Decision.APPROVE)
    assert missing.value.message == "请填写“保密审查结论”。"
    with pytest.raises(ValidationFailed) as invalid:
        review_decide(actor=office_staff, review=review, decision=Decision.APPROVE, data={"conclusion": "maybe"})
    assert invalid.value.message == "“保密审查结论”的取值无效。"
    assert snapshot(review) == before
    # a return does not need the conclusion
    review_decide(actor=office_staff, review=review, decision=Decision.RETURN, comment="补充材料")
    assert review.status == ReviewStatus.RETURNED


def test_a_stale_form_cannot_decide_a_later_step(template, submitter, section, department, section_head):
    review = start(submitter, section, department)
    review_decide(actor=section_head, review=review, decision=Decision.APPROVE, expected_step=0)
    before = snapshot(review)
    with pytest.raises(Conflict):
        review_decide(actor=section_head, review=review, decision=Decision.APPROVE, expected_step=0)
    assert snapshot(review) == before


# --- who may act ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "wrong_role", "wrong_unit", "submitter", "office_at_step_one"])
@pytest.mark.parametrize("decision", [Decision.APPROVE, Decision.RETURN, Decision.REJECT])
def test_deciding_is_refused_to_those_who_may_not_act(
    template, submitter, section, department, section_head, office_staff, other_head, who, decision
):
    # given: the submitter also holds the section-head role of the department
    grant(submitter, Role.SECTION_HEAD, department)
    wrong_role = UserFactory(username="liaison")
    grant(wrong_role, Role.LIAISON, department)
    actor = {
        "anonymous": AnonymousUser(),
        "wrong_role": wrong_role,
        "wrong_unit": other_head,
        "submitter": submitter,
        "office_at_step_one": office_staff,
    }[who]
    review = start(submitter, section, department)
    before = snapshot(review)
    # when / then
    with pytest.raises(PermissionDenied):
        review_decide(actor=actor, review=review, decision=decision, comment="意见")
    assert snapshot(review) == before


def test_the_submitter_may_decide_where_the_step_allows_it(submitter, section, department):
    grant(submitter, Role.SECTION_HEAD, department)
    registry.register(
        make_template(steps=[StepSpec("section", "科室负责人审核", roles=[Role.SECTION_HEAD], allow_submitter=True)])
    )
    try:
        review = start(submitter, section, department)
        assert list(review_list_actionable_by(submitter)) == [review]
        review_decide(actor=submitter, review=review, decision=Decision.APPROVE)
        assert review.status == ReviewStatus.APPROVED
    finally:
        unregister(TEMPLATE_KEY)


def test_the_county_disclosure_office_covers_a_departments_review(
    single_template, submitter, section, department, other_department, office_staff
):
    # given a step decided by the disclosure-office role *of the department*; the office
    # staff hold that role at the county government above it
    stranger = UserFactory(username="strangeroffice")
    grant(stranger, Role.DISCLOSURE_OFFICE_STAFF, other_department)
    review = start(submitter, section, department, key=SINGLE_KEY)
    assert review.steps.get().agency == department
    # then the county office is notified and may act; the other department's may not
    assert [n.recipient for n in Notification.objects.filter(channel=Channel.IN_APP)] == [office_staff]
    assert list(review_list_actionable_by(office_staff)) == [review]
    assert list(review_list_actionable_by(stranger)) == []
    before = snapshot(review)
    with pytest.raises(PermissionDenied):
        review_decide(actor=stranger, review=review, decision=Decision.APPROVE)
    assert snapshot(review) == before
    review_decide(actor=office_staff, review=review, decision=Decision.APPROVE)
    assert review.status == ReviewStatus.APPROVED


def test_next_actors_are_notified_step_by_step(
    template, submitter, section, department, section_head, office_staff, leader
):
    review = start(submitter, section, department)
    assert (len(in_app(section_head)), len(in_app(office_staff)), len(in_app(leader))) == (1, 0, 0)
    review_decide(actor=section_head, review=review, decision=Decision.APPROVE)
    assert (len(in_app(section_head)), len(in_app(office_staff)), len(in_app(leader))) == (1, 1, 0)
    [note] = in_app(office_staff)
    assert note.link == f"/office/reviews/{review.pk}/"
    assert "政务公开办复核" in note.body
    assert Notification.objects.filter(recipient=office_staff, channel=Channel.EMAIL, status="pending").count() == 1
    review_decide(actor=office_staff, review=review, decision=Decision.APPROVE, data={"conclusion": "public"})
    assert (len(in_app(section_head)), len(in_app(office_staff)), len(in_app(leader))) == (1, 1, 1)
    assert in_app(submitter) == []


def test_actionable_and_submitted_lists(
    template, submitter, section, other_section, department, section_head, outsider
):
    review = start(submitter, section, department)
    other = start(submitter, other_section, department)
    assert set(review_list_actionable_by(section_head)) == {review, other}
    assert list(review_list_actionable_by(submitter)) == []
    assert list(review_list_actionable_by(outsider)) == []
    assert list(review_list_actionable_by(AnonymousUser())) == []
    assert set(review_list_submitted_by(submitter)) == {review, other}
    assert set(review_list_visible_to(section_head)) == {review, other}
    assert list(review_list_visible_to(outsider)) == []
    review_decide(actor=section_head, review=review, decision=Decision.APPROVE)
    assert list(review_list_actionable_by(section_head)) == [other]


# --- cancel ----------------------------------------------------------------------------------


def test_the_submitter_withdraws_with_a_reason(template, submitter, section, department, section_head):
    review = start(submitter, section, department)
    before = snapshot(review)
    with pytest.raises(ValidationFailed):
        review_cancel(actor=submitter, review=review, reason=" ")
    assert snapshot(review) == before
    review_cancel(actor=submitter, review=review, reason="材料有误，撤回重报")
    assert review.status == ReviewStatus.CANCELLED
    assert AuditEvent.objects.filter(event="review.cancelled").count() == 1
    assert [n.event for n in in_app(submitter)] == []


@pytest.mark.parametrize("who", ["anonymous", "outsider", "section_head"])
def test_others_cannot_cancel(template, submitter, section, department, section_head, outsider, who):
    actor = {"anonymous": AnonymousUser(), "outsider": outsider, "section_head": section_head}[who]
    review = start(submitter, section, department)
    before = snapshot(review)
    with pytest.raises(PermissionDenied):
        review_cancel(actor=actor, review=review, reason="不要了")
    assert snapshot(review) == before


@pytest.mark.parametrize("who", ["unit_admin", "sysadmin"])
def test_the_unit_admin_or_system_admin_may_cancel(template, submitter, section, department, unit_admin, sysadmin, who):
    actor = unit_admin if who == "unit_admin" else sysadmin
    review = start(submitter, section, department)
    review_cancel(actor=actor, review=review, reason="重复提交")
    assert review.status == ReviewStatus.CANCELLED
    [note] = [n for n in in_app(submitter) if n.event == "review.cancelled"]
    assert "重复提交" in note.body


def test_reviews_of_any_model_work(template, submitter, department, county_gov, section_head):
    # an Agency as the target (a different content type, same engine)
    review = start(submitter, department, department)
    assert review.content_type == ContentType.objects.get_for_model(department)
    assert review_for(department) == review
    assert review_for(county_gov) is None
    review_decide(actor=section_head, review=review, decision=Decision.RETURN, comment="改")
    assert review_active_for(department) == review


# --- a step narrowed to one section ----------------------------------------------------------


def test_a_step_may_be_narrowed_to_the_originating_section(
    client, submitter, section, other_section, department, county_gov, office_staff
):
    # given a step decided by the head of the section under review (the target is a Section)
    registry.register(
        make_template(
            steps=[
                StepSpec(
                    "section",
                    "科室负责人审核",
                    roles=[Role.SECTION_HEAD, Role.DISCLOSURE_OFFICE_STAFF],
                    section=lambda review: review.target,
                )
            ],
            target_url=lambda target: f"/office/orgs/sections/{target.pk}/",
        )
    )
    try:
        own_head = UserFactory(username="ownhead")
        grant(own_head, Role.SECTION_HEAD, department, section)
        other_head = UserFactory(username="finhead")
        grant(other_head, Role.SECTION_HEAD, department, other_section)
        unit_head = UserFactory(username="unithead")
        grant(unit_head, Role.SECTION_HEAD, department)
        review = start(submitter, section, department)
        step = review.steps.get()
        assert step.section == section
        # then only the section's own head, a unit-wide holder, and the covering county office act
        assert {n.recipient.username for n in Notification.objects.filter(channel=Channel.IN_APP)} == {
            "ownhead",
            "unithead",
            office_staff.username,
        }
        assert list(review_list_actionable_by(other_head)) == []
        assert list(review_list_actionable_by(own_head)) == [review]
        client.force_login(own_head)
        page = client.get(f"/office/reviews/{review.pk}/").content.decode()
        assert f'<a href="/office/orgs/sections/{section.pk}/">{section}</a>' in page
        assert "鄂托克前旗教育局 · 办公室" in page
        before = snapshot(review)
        with pytest.raises(PermissionDenied) as excinfo:
            review_decide(actor=other_head, review=review, decision=Decision.APPROVE)
        assert (
            excinfo.value.message
            == "只有鄂托克前旗教育局办公室的科室负责人、政务公开办工作人员可以审核“科室负责人审核”。"
        )
        assert snapshot(review) == before
        review_decide(actor=own_head, review=review, decision=Decision.APPROVE)
        assert review.status == ReviewStatus.APPROVED
    finally:
        unregister(TEMPLATE_KEY)


def test_a_section_of_another_agency_is_refused_at_start(submitter, section, other_department):
    from tests.factories import SectionFactory

    foreign = SectionFactory(agency=other_department, name="外单位科室")
    registry.register(
        make_template(
            steps=[StepSpec("section", "科室负责人审核", roles=[Role.SECTION_HEAD], section=lambda r: foreign)]
        )
    )
    try:
        with pytest.raises(ValidationFailed):
            start(submitter, section, section.agency)
        assert Review.objects.count() == 0
    finally:
        unregister(TEMPLATE_KEY)
