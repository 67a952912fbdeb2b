import pytest
from django.urls import reverse

from gongkai.workflow.enums import Decision, ReviewStatus
from gongkai.workflow.models import Review, ReviewEntry
from gongkai.workflow.services import review_decide, review_start

from .conftest import TEMPLATE_KEY


@pytest.fixture
def review(template, submitter, section, department, section_head):
    return review_start(actor=submitter, target=section, template_key=TEMPLATE_KEY, agency=department)


def state(review):
    fresh = Review.objects.get(pk=review.pk)
    return (fresh.status, fresh.current_step, ReviewEntry.objects.filter(review=review).count())


def test_anonymous_users_are_sent_to_sign_in(client, review):
    for url in (reverse("backoffice:review_list"), reverse("backoffice:review_detail", args=[review.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("orgs:login"))
    before = state(review)
    response = client.post(reverse("backoffice:review_decide", args=[review.pk]), {"decision": "approve"})
    assert response.status_code == 302
    assert state(review) == before


def test_the_list_shows_what_the_user_may_act_on_and_what_they_submitted(client, review, section_head, submitter):
    client.force_login(section_head)
    page = client.get(reverse("backoffice:review_list")).content.decode()
    assert review.target_repr in page
    assert "待我审核（1）" in page
    client.force_login(submitter)
    assert review.target_repr not in client.get(reverse("backoffice:review_list")).content.decode()
    mine = client.get(reverse("backoffice:review_list") + "?tab=mine").content.decode()
    assert review.target_repr in mine
    assert "鄂托克前旗教育局" in mine


def test_the_detail_page_shows_steps_history_and_a_decision_form(client, review, section_head):
    client.force_login(section_head)
    response = client.get(reverse("backoffice:review_detail", args=[review.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "科室负责人审核",
        "政务公开办复核",
        "分管负责同志审批",
        "鄂托克前旗人民政府",
        "起草人（drafter）",
        "提交审核",
    ):
        assert text in page
    assert f'action="/office/reviews/{review.pk}/decide/"' in page
    assert '<label for="id_comment">审核意见</label>' in page


def test_approving_through_the_page(client, review, section_head):
    client.force_login(section_head)
    response = client.post(
        reverse("backoffice:review_decide", args=[review.pk]),
        {"decision": "approve", "comment": "同意", "expected_step": "0"},
    )
    assert response.status_code == 302
    assert response.url == reverse("backoffice:review_detail", args=[review.pk])
    assert state(review) == (ReviewStatus.IN_PROGRESS, 1, 2)


@pytest.mark.parametrize("decision", ["return", "reject"])
def test_a_return_without_comment_shows_a_chinese_error_and_changes_nothing(client, review, section_head, decision):
    client.force_login(section_head)
    before = state(review)
    response = client.post(reverse("backoffice:review_decide", args=[review.pk]), {"decision": decision, "comment": ""})
    assert response.status_code == 400
    assert "退回修改或不予通过时必须填写意见。" in response.content.decode()
    assert state(review) == before


def test_a_missing_decision_is_reported(client, review, section_head):
    client.force_login(section_head)
    response = client.post(reverse("backoffice:review_decide", args=[review.pk]), {"comment": "x"})
    assert response.status_code == 400
    assert "请选择审核结论。" in response.content.decode()


def test_the_submitter_cannot_decide_through_the_page(client, review, submitter):
    client.force_login(submitter)
    page = client.get(reverse("backoffice:review_detail", args=[review.pk])).content.decode()
    assert "提交审核意见" not in page
    before = state(review)
    response = client.post(reverse("backoffice:review_decide", args=[review.pk]), {"decision": "approve"})
    assert response.status_code == 403
    assert "只有鄂托克前旗教育局的科室负责人、编制单位管理员可以审核“科室负责人审核”。" in response.content.decode()
    assert state(review) == before


def test_another_units_user_sees_nothing(client, review, outsider):
    client.force_login(outsider)
    before = state(review)
    assert client.get(reverse("backoffice:review_detail", args=[review.pk])).status_code == 404
    response = client.post(reverse("backoffice:review_decide", args=[review.pk]), {"decision": "approve"})
    assert response.status_code == 404
    assert "未找到该审核，或您无权查看。" in response.content.decode()
    assert state(review) == before


def test_the_office_step_asks_for_the_conclusion(client, review, section_head, office_staff):
    review_decide(actor=section_head, review=review, decision=Decision.APPROVE)
    client.force_login(office_staff)
    page = client.get(reverse("backoffice:review_detail", args=[review.pk])).content.decode()
    assert '<label for="id_data_conclusion">保密审查结论</label>' in page
    before = state(review)
    response = client.post(reverse("backoffice:review_decide", args=[review.pk]), {"decision": "approve"})
    assert response.status_code == 422
    assert "请填写“保密审查结论”。" in response.content.decode()
    assert state(review) == before
    response = client.post(
        reverse("backoffice:review_decide", args=[review.pk]), {"decision": "approve", "data_conclusion": "partial"}
    )
    assert response.status_code == 302
    assert ReviewEntry.objects.filter(review=review).order_by("-id").first().data == {"conclusion": "partial"}
    page = client.get(reverse("backoffice:review_detail", args=[review.pk])).content.decode()
    assert "保密审查结论：部分公开" in page


def test_return_resubmit_and_cancel_through_the_pages(client, review, section_head, submitter):
    client.force_login(section_head)
    client.post(reverse("backoffice:review_decide", args=[review.pk]), {"decision": "return", "comment": "补充依据"})
    assert state(review)[0] == ReviewStatus.RETURNED
    client.force_login(submitter)
    page = client.get(reverse("backoffice:review_detail", args=[review.pk])).content.decode()
    assert "重新提交" in page and "补充依据" in page
    response = client.post(reverse("backoffice:review_resubmit", args=[review.pk]), {"comment": "已补充"})
    assert response.status_code == 302
    assert state(review)[:2] == (ReviewStatus.IN_PROGRESS, 0)
    response = client.post(reverse("backoffice:review_cancel", args=[review.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "请填写撤销理由。" in response.content.decode()
    response = client.post(reverse("backoffice:review_cancel", args=[review.pk]), {"reason": "不再发布"})
    assert response.status_code == 302
    assert state(review)[0] == ReviewStatus.CANCELLED


def test_the_printable_record(client, review, section_head):
    review_decide(actor=section_head, review=review, decision=Decision.APPROVE, comment="同意公开")
    client.force_login(section_head)
    response = client.get(reverse("backoffice:review_print", args=[review.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "信息公开审查记录" in page
    assert "同意公开" in page
    assert 'class="sidebar"' not in page
