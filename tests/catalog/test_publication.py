"""From draft to the portal: the review of SPEC M3 and the publication invariant of R3.1."""

import datetime as dt

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.catalog import selectors, services
from gongkai.catalog.enums import Attribute, ItemStatus, WithholdGround
from gongkai.catalog.models import InformationItem, ItemVersion
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.search.selectors import search
from gongkai.workflow.enums import Decision
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_decide

pytestmark = pytest.mark.django_db


def _through_review(item, section_head, office_staff, leader, conclusion="public"):
    review = review_active_for(item)
    review_decide(actor=section_head, review=review, decision=Decision.APPROVE)
    review_decide(actor=office_staff, review=review, decision=Decision.APPROVE, data={"conclusion": conclusion})
    review_decide(actor=leader, review=review, decision=Decision.APPROVE)
    item.refresh_from_db()
    return item


def test_sub_user_item_is_published_only_after_the_three_steps(
    author, section_head, office_staff, leader, department, item_fields
):
    # given a draft entered by a sub-user and submitted
    item = services.item_create(actor=author, agency=department, **item_fields)
    assert item.document_number == "鄂前教发〔2026〕12号"
    services.item_submit(actor=author, item=item)
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW

    # when two of three steps approve, it is still not public anywhere
    review = review_active_for(item)
    review_decide(actor=section_head, review=review, decision=Decision.APPROVE)
    review_decide(actor=office_staff, review=review, decision=Decision.APPROVE, data={"conclusion": "public"})
    assert selectors.public_item_get(item.pk) is None
    assert search("招生").total == 0

    # when the leader approves
    review_decide(actor=leader, review=review, decision=Decision.APPROVE)
    item.refresh_from_db()

    # then it is published with a national-format index number, in the public list and in search
    assert item.status == ItemStatus.PUBLISHED
    assert item.index_number == f"{department.org_code}/2026-00001"
    assert item.published_at is not None
    assert selectors.public_item_get(item.pk).public_title == item.title
    hits = search("招生报名").hits
    assert [h.object_id for h in hits] == [str(item.pk)]
    assert item.public_meta["review_procedure"].startswith("科室拟定公开属性（用户")
    assert "（sectionhead）" in item.public_meta["review_procedure"]
    assert ItemVersion.objects.filter(item=item, number=1).exists()
    assert AuditEvent.objects.filter(event="catalog.item.approve_publish", target_id=str(item.pk)).exists()


def test_index_numbers_are_consecutive_per_agency_and_year(
    author, section_head, office_staff, leader, department, item_fields
):
    numbers = []
    for i in range(3):
        item = services.item_create(actor=author, agency=department, **{**item_fields, "title": f"通知{i}"})
        services.item_submit(actor=author, item=item)
        numbers.append(_through_review(item, section_head, office_staff, leader).index_number)
    assert numbers == [f"{department.org_code}/2026-0000{n}" for n in (1, 2, 3)]


def test_return_and_resubmit_resumes_at_the_returning_step(
    author, section_head, office_staff, leader, department, item_fields
):
    item = services.item_create(actor=author, agency=department, **item_fields)
    services.item_submit(actor=author, item=item)
    review = review_active_for(item)
    review_decide(actor=section_head, review=review, decision=Decision.APPROVE)
    review_decide(actor=office_staff, review=review, decision=Decision.RETURN, comment="标题请用全称")
    item.refresh_from_db()
    assert item.status == ItemStatus.RETURNED
    services.item_update(actor=author, item=item, title=item.title + "（修订）")
    services.item_submit(actor=author, item=item, comment="已修改")
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW
    review.refresh_from_db()
    review_decide(actor=office_staff, review=review, decision=Decision.APPROVE, data={"conclusion": "public"})
    review_decide(actor=leader, review=review, decision=Decision.APPROVE)
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    assert item.public_title.endswith("（修订）")


def test_withheld_attribute_needs_grounds_and_ends_not_public(
    author, section_head, office_staff, leader, department, item_fields
):
    item = services.item_create(actor=author, agency=department, **{**item_fields, "attribute": Attribute.WITHHELD})
    with pytest.raises(ValidationFailed) as exc:
        services.item_submit(actor=author, item=item)
    assert "不予公开的理由" in exc.value.message
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT
    services.item_update(actor=author, item=item, withhold_grounds=[WithholdGround.INTERNAL_AFFAIRS])
    services.item_submit(actor=author, item=item)
    item = _through_review(item, section_head, office_staff, leader, conclusion="withhold")
    assert item.status == ItemStatus.NOT_PUBLIC
    assert item.index_number is None
    assert selectors.public_item_get(item.pk) is None
    assert item in selectors.self_check_list_visible_to(section_head)


def test_partial_disclosure_removes_the_passage_from_every_public_copy(
    author, section_head, office_staff, leader, department, item_fields
):
    # given a submitted item and a reviewer's redaction of a personal identity number
    item = services.item_create(actor=author, agency=department, **item_fields)
    services.item_submit(actor=author, item=item)
    secret = "身份证号150623199001011234"
    services.redaction_add(actor=office_staff, item=item, passage=secret, ground=WithholdGround.PERSONAL_PRIVACY)

    # when it passes review as partial disclosure
    item = _through_review(item, section_head, office_staff, leader, conclusion="partial")

    # then the public copy carries a note instead of the passage, and search cannot find it
    public = selectors.public_item_get(item.pk)
    assert secret not in public.public_body_html and secret not in public.public_body_text
    assert "涉及个人隐私" in public.public_body_html
    assert "150623199001011234" not in str(public.public_meta)
    assert search("150623199001011234").total == 0
    assert search("招生报名").total == 1
    # and the working copy for staff still has it
    assert secret in InformationItem.objects.get(pk=item.pk).body_text


def test_partial_conclusion_without_redaction_is_refused(author, section_head, office_staff, department, item_fields):
    item = services.item_create(actor=author, agency=department, **item_fields)
    services.item_submit(actor=author, item=item)
    review = review_active_for(item)
    review_decide(actor=section_head, review=review, decision=Decision.APPROVE)
    with pytest.raises(ValidationFailed):
        review_decide(actor=office_staff, review=review, decision=Decision.APPROVE, data={"conclusion": "partial"})
    review.refresh_from_db()
    assert review.current_step == 1


def test_correction_keeps_the_old_version_and_withdrawal_leaves_the_portal(
    author, section_head, office_staff, leader, department, item_fields, unit_admin
):
    item = services.item_create(actor=author, agency=department, **item_fields)
    services.item_submit(actor=author, item=item)
    item = _through_review(item, section_head, office_staff, leader)
    number = item.index_number

    # a sub-user may not correct; the unit administrator may
    with pytest.raises(PermissionDenied):
        services.item_correct(actor=author, item=item, reason="错字", description="新描述")
    services.item_correct(
        actor=unit_admin, item=item, reason="更正报名时间", body_html=item.body_html.replace("8月20日", "8月25日")
    )
    item.refresh_from_db()
    assert item.version == 2 and item.index_number == number
    assert "8月25日" in selectors.public_item_get(item.pk).public_body_text
    assert "8月20日" in ItemVersion.objects.get(item=item, number=1).snapshot["body_html"]
    assert search("8月25日").total == 1

    # withdrawal on re-review
    with pytest.raises(ValidationFailed):
        services.item_withdraw(actor=unit_admin, item=item, reason=" ")
    services.item_withdraw(actor=unit_admin, item=item, reason="经复查涉及个人信息")
    assert selectors.public_item_get(item.pk) is None
    assert search("招生报名").total == 0
    with pytest.raises(InvalidTransition):
        services.item_withdraw(actor=unit_admin, item=item, reason="再次撤回")


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("keywords", "", "关键词不能为空"),
        ("keywords", "招生 中小学秋季学期招生工作安排", "不超过 10 个字"),
        ("produced_on", "2026/08/03", "yyyy-mm-dd"),
        ("produced_on", "2026-02-30", "不是有效日期"),
        ("produced_on", dt.date(2099, 1, 1), "不能晚于今天"),
        ("title", "  ", "信息名称不能为空"),
        ("category", None, "信息分类"),
        ("time_limit", "limited", "截止日期"),
    ],
)
def test_bad_fields_are_refused_in_chinese_and_nothing_is_written(
    author, department, item_fields, field, value, message
):
    before = InformationItem.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.item_create(actor=author, agency=department, **{**item_fields, field: value})
    assert message in exc.value.message
    assert InformationItem.objects.count() == before


def test_body_must_not_repeat_the_title(author, department, item_fields):
    html = f"<p>{item_fields['title']}</p>" + item_fields["body_html"]
    with pytest.raises(ValidationFailed) as exc:
        services.item_create(actor=author, agency=department, **{**item_fields, "body_html": html})
    assert "不要再出现标题" in exc.value.message


def test_outsider_cannot_author_or_review(outsider, author, department, item_fields):
    with pytest.raises(PermissionDenied):
        services.item_create(actor=outsider, agency=department, **item_fields)
    item = services.item_create(actor=author, agency=department, **item_fields)
    with pytest.raises(PermissionDenied):
        services.item_update(actor=outsider, item=item, title="改标题")
    with pytest.raises(PermissionDenied):
        services.redaction_add(actor=author, item=item, passage="各学校", ground=WithholdGround.INTERNAL_AFFAIRS)
    item.refresh_from_db()
    assert item.title == item_fields["title"] and not item.redactions.exists()
    assert item not in selectors.item_list_visible_to(outsider)


def test_submitter_cannot_approve_their_own_section_step(
    department, office_section, item_fields, section_head, unit_admin
):
    # (the unit administrator may decide step 1 too: else the start itself is refused)
    item = services.item_create(actor=section_head, agency=department, **item_fields)
    services.item_submit(actor=section_head, item=item)
    review = review_active_for(item)
    with pytest.raises(PermissionDenied):
        review_decide(actor=section_head, review=review, decision=Decision.APPROVE)
    review.refresh_from_db()
    assert review.current_step == 0
