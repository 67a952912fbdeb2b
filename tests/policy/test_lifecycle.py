"""Comments, moderation, rate limits, grouping, the adoption report's reasons, 退文 for each missing part,
sign-off, and release of the document with its interpretation through the catalogue's review."""

import datetime as dt

import pytest

from gongkai.catalog.models import InformationItem
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.policy import selectors, services
from gongkai.policy.enums import (
    AdoptionDecision,
    CommentChannel,
    CommentStatus,
    InterpretationForm,
    InterpretationState,
    PolicyState,
    ReportState,
    SubmissionOutcome,
)
from gongkai.policy.models import Comment
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def consulting(draft, local_rule):
    return services.consultation_open(
        actor=draft.created_by, policy=draft, starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 11)
    )


def _close(policy, frozen):
    frozen.set(2026, 3, 12)
    services.consultation_close(actor=policy.created_by, policy=policy)
    policy.refresh_from_db()
    return policy


def test_citizen_comment_is_held_encrypted_and_shown_only_after_moderation(consulting, drafter):
    c = services.comment_submit(
        policy=consulting,
        body="建议第三条增加退费规定。",
        article="第三条",
        name="王小明",
        contact="13912345678",
        ip="1.2.3.4",
    )
    assert c.status == CommentStatus.PENDING
    assert "王小明" not in c.name_enc and "13912345678" not in c.contact_enc
    assert c.contact_masked.startswith("139") and "1234" not in c.contact_masked
    assert list(selectors.public_comments(consulting)) == []
    services.comment_moderate(actor=drafter, comment=c, status=CommentStatus.SHOWN)
    assert list(selectors.public_comments(consulting)) == [Comment.objects.get(pk=c.pk)]
    assert services.comment_contact(actor=drafter, comment=c) == {"name": "王小明", "contact": "13912345678"}


def test_anonymous_comment_and_wrong_article(consulting):
    c = services.comment_submit(policy=consulting, body="支持出台本办法。", ip="1.2.3.4")
    assert c.name_enc == "" and c.contact_enc == ""
    with pytest.raises(ValidationFailed):
        services.comment_submit(policy=consulting, body="意见", article="第九十条", ip="1.2.3.4")


def test_blocked_terms_are_flagged(consulting):
    c = services.comment_submit(policy=consulting, body="这里可以代开发票，联系我。", ip="1.2.3.5")
    assert c.flagged_terms == ["代开发票"]


def test_comments_are_rate_limited_per_address(consulting, settings):
    settings.POLICY_COMMENT_MAX_PER_ADDRESS = 2
    services.comment_submit(policy=consulting, body="意见一：收费应当公示到位。", ip="9.9.9.9")
    services.comment_submit(policy=consulting, body="意见二：建议设立投诉渠道。", ip="9.9.9.9")
    with pytest.raises(services.CommentThrottled):
        services.comment_submit(policy=consulting, body="意见三：建议加强监管。", ip="9.9.9.9")
    services.comment_submit(policy=consulting, body="另一位市民的意见：支持。", ip="8.8.8.8")


def test_comments_only_during_the_period(consulting, frozen):
    frozen.set(2026, 3, 12)
    with pytest.raises(InvalidTransition):
        services.comment_submit(policy=consulting, body="迟到的意见。", ip="1.1.1.1")


def test_consultation_cannot_close_early(consulting, frozen):
    with pytest.raises(InvalidTransition):
        services.consultation_close(actor=consulting.created_by, policy=consulting)
    assert _close(consulting, frozen).state == PolicyState.CONSULTATION_CLOSED


def test_other_unit_cannot_moderate_or_register(consulting, outsider):
    c = services.comment_submit(policy=consulting, body="一条意见。", ip="1.1.1.1")
    with pytest.raises(PermissionDenied):
        services.comment_moderate(actor=outsider, comment=c, status=CommentStatus.KEPT)
    with pytest.raises(PermissionDenied):
        services.comment_register(actor=outsider, policy=consulting, body="x", channel=CommentChannel.POST)


def test_near_duplicates_are_grouped_together(consulting, drafter, frozen):
    text = "建议第三条明确培训机构收费必须在显著位置公示并接受家长监督，防止乱收费。"
    a = services.comment_submit(policy=consulting, body=text, article="第三条", ip="1.1.1.1")
    b = services.comment_submit(policy=consulting, body=text + "谢谢！", article="第三条", ip="1.1.1.2")
    other = services.comment_submit(
        policy=consulting, body="第二条的适用范围应当包括线上培训平台。", article="第二条", ip="1.1.1.3"
    )
    assert b.duplicate_of_id == a.pk and other.duplicate_of_id is None
    for c in (a, b, other):
        services.comment_moderate(actor=drafter, comment=c, status=CommentStatus.KEPT)
    _close(consulting, frozen)
    assert services.comments_group(actor=drafter, policy=consulting) == 3
    a.refresh_from_db(), b.refresh_from_db(), other.refresh_from_db()
    assert a.group_id == b.group_id != other.group_id


def _decided_report(policy, drafter, frozen, reason="已在第三条增加规定。"):
    c1 = services.comment_submit(
        policy=policy, body="建议第三条增加退费规定，保障家长权益。", article="第三条", ip="1.1.1.1"
    )
    c2 = services.comment_submit(policy=policy, body="建议取消所有校外培训。", ip="1.1.1.2")
    for c in (c1, c2):
        services.comment_moderate(actor=drafter, comment=c, status=CommentStatus.SHOWN)
    _close(policy, frozen)
    services.comments_group(actor=drafter, policy=policy)
    g1, g2 = selectors.groups_with_size(policy)
    return g1, g2


def test_adoption_report_needs_reasons_for_rejected_opinions(consulting, drafter, unit_section_head, frozen):
    g1, g2 = _decided_report(consulting, drafter, frozen)
    with pytest.raises(ValidationFailed):
        services.group_decide(actor=drafter, group=g2, decision=AdoptionDecision.NOT_ADOPTED, reason="")
    services.group_decide(actor=drafter, group=g1, decision=AdoptionDecision.ADOPTED, reason="已增加退费规定。")
    with pytest.raises(ValidationFailed) as exc:
        services.report_submit(actor=drafter, policy=consulting, summary="共收到意见2条。")
    assert exc.value.code == "report_incomplete"
    services.group_decide(
        actor=drafter, group=g2, decision=AdoptionDecision.NOT_ADOPTED, reason="校外培训依法开展，不宜一律取消。"
    )
    report = services.report_submit(actor=drafter, policy=consulting, summary="共收到意见2条。")
    assert report.state == ReportState.IN_REVIEW


def _publish_report(policy, drafter, unit_section_head, leader, frozen):
    g1, g2 = _decided_report(policy, drafter, frozen)
    services.group_decide(actor=drafter, group=g1, decision=AdoptionDecision.ADOPTED, reason="已增加退费规定。")
    services.group_decide(actor=drafter, group=g2, decision=AdoptionDecision.NOT_ADOPTED, reason="不宜一律取消。")
    report = services.report_submit(actor=drafter, policy=policy, summary="共收到意见2条，采纳1条。")
    review = review_active_for(report)
    review_decide(actor=unit_section_head, review=review, decision="approve")
    review_decide(actor=leader, review=review, decision="approve")
    report.refresh_from_db()
    return report


def _complete_submission(policy, drafter):
    services.policy_update(
        actor=drafter,
        policy=policy,
        disclosure_attribute="active",
        plan_outline="一、背景；二、主要内容；三、创新点",
        plan_forms=[InterpretationForm.QA],
        plan_channels="政府网站政策解读栏目",
        plan_timing="与文件同步发布",
        plan_background="全旗现有培训机构120家。",
        materials="问答稿一份",
    )
    services.interpretation_add(
        actor=drafter,
        policy=policy,
        form=InterpretationForm.QA,
        title="《管理办法》问答",
        body="问：为什么制定？答：……",
    )
    policy.refresh_from_db()


def test_submission_without_interpretation_plan_is_returned_with_each_reason(
    consulting, drafter, unit_section_head, leader, frozen
):
    report = _publish_report(consulting, drafter, unit_section_head, leader, frozen)
    assert report.state == ReportState.PUBLISHED
    services.policy_update(actor=drafter, policy=consulting, disclosure_attribute="on_request")
    submission = services.policy_submit(actor=drafter, policy=consulting)
    consulting.refresh_from_db()
    assert consulting.state == PolicyState.RETURNED
    assert submission.outcome == SubmissionOutcome.RETURNED
    joined = "".join(submission.reasons)
    for part in ("未说明理由", "解读提纲", "解读形式", "发布渠道", "发布时机", "背景资料", "解读材料", "解读稿"):
        assert part in joined, part
    assert "采纳情况" not in joined  # the adoption report is published


def test_each_missing_part_alone_is_returned(draft, drafter):
    _complete_submission(draft, drafter)
    services.policy_update(actor=drafter, policy=draft, consultation_record="按规定无需公开征求意见：内部管理事项。")
    draft.refresh_from_db()
    assert services.submission_problems(draft) == []
    for field, value, expected in [
        ("disclosure_attribute", "", "公开属性"),
        ("plan_outline", "", "解读提纲"),
        ("plan_forms", [], "解读形式"),
        ("plan_channels", "", "发布渠道"),
        ("plan_timing", "", "发布时机"),
        ("plan_background", "", "背景资料"),
        ("materials", "", "解读材料"),
        ("consultation_record", "", "征求意见情况"),
    ]:
        original = getattr(draft, field)
        setattr(draft, field, value)
        problems = services.submission_problems(draft)
        assert len(problems) == 1 and expected in problems[0], (field, problems)
        setattr(draft, field, original)
    draft.plan_none_needed = True
    assert any("无需解读" in p for p in services.submission_problems(draft))
    draft.plan_none_reason = "纯程序性调整，无实质内容变化。"
    draft.plan_outline = ""
    assert services.submission_problems(draft) == []


def test_submitted_returned_resubmitted_signed_issued_and_released_with_interpretation(
    consulting, drafter, unit_section_head, leader, office_staff, frozen
):
    _publish_report(consulting, drafter, unit_section_head, leader, frozen)
    returned = services.policy_submit(actor=drafter, policy=consulting)
    assert returned.outcome == SubmissionOutcome.RETURNED
    consulting.refresh_from_db()
    _complete_submission(consulting, drafter)
    second = services.policy_submit(actor=drafter, policy=consulting)
    assert second.outcome == SubmissionOutcome.PENDING and second.number == 2
    consulting.refresh_from_db()
    assert consulting.state == PolicyState.SUBMITTED
    with pytest.raises(PermissionDenied):
        services.submission_accept(actor=drafter, policy=consulting)
    # The office may return it by hand, with a reason.
    services.submission_return(actor=office_staff, policy=consulting, reason="解读问答过于简略，请充实。")
    consulting.refresh_from_db()
    assert consulting.state == PolicyState.RETURNED
    services.policy_submit(actor=drafter, policy=consulting)
    consulting.refresh_from_db()
    services.submission_accept(actor=office_staff, policy=consulting, meeting_on=dt.date(2026, 3, 12))
    consulting.refresh_from_db()
    assert consulting.state == PolicyState.SIGNOFF
    review = review_active_for(consulting)
    review_decide(actor=office_staff, review=review, decision="approve")
    review_decide(actor=leader, review=review, decision="approve")
    consulting.refresh_from_db()
    assert consulting.state == PolicyState.APPROVED
    policy = services.policy_issue(
        actor=drafter,
        policy=consulting,
        document_number="鄂前教发〔2026〕20号",
        issued_on=dt.date(2026, 3, 12),
        keywords="校外培训 管理",
    )
    assert policy.state == PolicyState.RELEASING
    item = InformationItem.objects.get(pk=policy.catalog_item_id)
    assert f"/policies/{policy.pk}/" in item.body_text
    # Nothing public until the catalogue's publication review approves the document.
    assert list(selectors.public_interpretations(policy)) == []
    item_review = review_active_for(item)
    review_decide(actor=unit_section_head, review=item_review, decision="approve")
    review_decide(actor=office_staff, review=item_review, decision="approve", data={"conclusion": "public"})
    review_decide(actor=leader, review=item_review, decision="approve")
    policy.refresh_from_db()
    assert policy.state == PolicyState.RELEASED
    assert policy.catalog_url == f"/catalog/items/{item.pk}/"
    interpretations = list(selectors.public_interpretations(policy))
    assert [i.state for i in interpretations] == [InterpretationState.PUBLISHED]
    assert interpretations[0].published_at == policy.released_at


def test_no_release_without_interpretation_unless_plan_says_none_needed(draft, drafter):
    assert services.release_problems(draft)
    draft.plan_none_needed = True
    assert services.release_problems(draft)
    draft.plan_none_reason = "技术性修订。"
    assert services.release_problems(draft) == []


def test_issue_refused_without_interpretation(draft, drafter):
    draft.state = PolicyState.APPROVED
    draft.save()
    with pytest.raises(ValidationFailed) as exc:
        services.policy_issue(
            actor=drafter, policy=draft, document_number="x号", issued_on=dt.date(2026, 3, 2), keywords="a"
        )
    assert exc.value.code == "interpretation_missing"
    draft.refresh_from_db()
    assert draft.state == PolicyState.APPROVED


def test_expert_contact_is_protected(drafter, department, outsider, frozen):
    expert = services.expert_save(
        actor=drafter,
        agency=department,
        name="李教授",
        field="教育政策",
        affiliation="内蒙古师范大学",
        contact="13800001111",
    )
    assert "13800001111" not in expert.contact_enc
    assert services.expert_contact(actor=drafter, expert=expert) == "13800001111"
    with pytest.raises(PermissionDenied):
        services.expert_contact(actor=outsider, expert=expert)
    with pytest.raises(PermissionDenied):
        services.expert_save(actor=outsider, agency=department, name="x", field="y", affiliation="z")
