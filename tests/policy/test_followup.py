"""Sign-off returned and resubmitted, 退文 notifications, follow-up interpretations, the sweep."""

import datetime as dt

import pytest

from gongkai.core import periodic
from gongkai.notifications.models import Notification
from gongkai.policy import services
from gongkai.policy.enums import InterpretationForm, InterpretationState, PolicyState
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_decide

pytestmark = pytest.mark.django_db


def _ready(draft, drafter):
    services.policy_update(
        actor=drafter,
        policy=draft,
        disclosure_attribute="on_request",
        attribute_reason="涉及内部管理流程。",
        plan_none_needed=True,
        plan_none_reason="内部管理规定，无需解读。",
        consultation_record="内部事项，未公开征求意见。",
    )
    draft.refresh_from_db()
    return draft


def test_return_notifies_the_submitter(draft, drafter):
    services.policy_submit(actor=drafter, policy=draft)
    note = Notification.objects.filter(recipient=drafter).first()
    assert note is not None and "退文" in note.subject and "公开属性" in note.body


def test_signoff_returned_then_resubmitted_and_issued_without_publication(draft, drafter, office_staff, leader, frozen):
    _ready(draft, drafter)
    services.policy_submit(actor=drafter, policy=draft)
    draft.refresh_from_db()
    services.submission_accept(actor=office_staff, policy=draft)
    review = review_active_for(draft)
    review_decide(actor=office_staff, review=review, decision="return", comment="请补充制定依据。")
    draft.refresh_from_db()
    assert draft.state == PolicyState.RETURNED
    assert draft.submissions.get(number=1).reasons == ["请补充制定依据。"]
    assert Notification.objects.filter(recipient=drafter, subject__contains="审签退回").exists()
    services.policy_submit(actor=drafter, policy=draft)
    draft.refresh_from_db()
    services.submission_accept(actor=office_staff, policy=draft)
    review = review_active_for(draft)
    review_decide(actor=office_staff, review=review, decision="approve")
    review_decide(actor=leader, review=review, decision="approve")
    draft.refresh_from_db()
    assert draft.state == PolicyState.APPROVED
    # 依申请公开: issued, nothing goes to the catalogue.
    policy = services.policy_issue(
        actor=drafter, policy=draft, document_number="鄂前教发〔2026〕3号", issued_on=dt.date(2026, 3, 2), keywords="x"
    )
    assert policy.state == PolicyState.RELEASED and policy.catalog_item_id is None


def test_followup_interpretation_is_reviewed_before_publication(draft, drafter, unit_section_head, office_staff):
    draft.state = PolicyState.RELEASED
    draft.save()
    row = services.interpretation_add(
        actor=drafter,
        policy=draft,
        form=InterpretationForm.GRAPHIC,
        title="一图读懂",
        link_url="https://example.gov.cn/t.png",
    )
    assert row.is_followup and row.state == InterpretationState.IN_REVIEW
    review = review_active_for(row)
    review_decide(actor=unit_section_head, review=review, decision="approve")
    review_decide(actor=office_staff, review=review, decision="approve")
    row.refresh_from_db()
    assert row.state == InterpretationState.PUBLISHED and row.published_at is not None


def test_expert_interpretation_needs_an_expert(draft, drafter):
    with pytest.raises(Exception, match="解读专家"):
        services.interpretation_add(actor=drafter, policy=draft, form=InterpretationForm.EXPERT, title="t", body="b")


def test_periodic_sweep_closes_ended_consultations(draft, local_rule, frozen):
    services.consultation_open(
        actor=draft.created_by, policy=draft, starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 11)
    )
    assert periodic.run_job("gongkai.policy.tasks.sweep_consultations") == {"closed": 0}
    frozen.set(2026, 3, 12)
    assert periodic.run_job("gongkai.policy.tasks.sweep_consultations") == {"closed": 1}
    draft.refresh_from_db()
    assert draft.state == PolicyState.CONSULTATION_CLOSED


def test_only_experts_of_the_unit_or_above_serve(draft, drafter, outsider, other_department, frozen):
    from gongkai.core.errors import ValidationFailed
    from gongkai.policy.enums import ExpertUseKind

    foreign = services.expert_save(
        actor=outsider, agency=other_department, name="外单位专家", field="卫生", affiliation="医院"
    )
    with pytest.raises(ValidationFailed):
        services.interpretation_add(
            actor=drafter, policy=draft, form=InterpretationForm.EXPERT, title="t", body="b", expert=foreign
        )
    with pytest.raises(ValidationFailed):
        services.expert_use_record(actor=drafter, expert=foreign, policy=draft, kind=ExpertUseKind.CONSULTATION)
    own = services.expert_save(actor=drafter, agency=draft.agency, name="本单位专家", field="教育", affiliation="大学")
    services.expert_use_record(actor=drafter, expert=own, policy=draft, kind=ExpertUseKind.CONSULTATION)
    assert own.uses.count() == 1
