"""Back office: the whole staff journey through pages, item pages, edit/submit, correction,
withdrawal, and who may do what (anonymous / wrong unit / wrong role / right role)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.catalog import selectors, services
from gongkai.catalog.enums import Attribute, ItemStatus, WithholdGround
from gongkai.catalog.models import Category, InformationItem, ItemVersion
from gongkai.search.selectors import search
from gongkai.workflow.enums import ReviewStatus
from gongkai.workflow.selectors import review_active_for, review_for

from ..factories import UserFactory, grant
from .seed_docs import build_docx

pytestmark = pytest.mark.django_db

TITLE_004 = "鄂托克前旗人民政府办公室关于印发政府信息公开有关制度的通知"


def url(name, *args):
    return reverse(f"backoffice:catalog_{name}", args=args)


def decide(client, user, review, step, **data):
    client.force_login(user)
    payload = {"decision": "approve", "comment": "", "expected_step": step, **data}
    return client.post(reverse("backoffice:review_decide", args=[review.pk]), payload)


@pytest.fixture
def draft(author, department, item_fields):
    return services.item_create(actor=author, agency=department, **item_fields)


@pytest.fixture
def published(draft, author, section_head, office_staff, leader, client):
    services.item_submit(actor=author, item=draft)
    review = review_active_for(draft)
    decide(client, section_head, review, 0)
    decide(client, office_staff, review, 1, data_conclusion="public")
    decide(client, leader, review, 2)
    draft.refresh_from_db()
    assert draft.status == ItemStatus.PUBLISHED
    client.logout()
    return draft


def test_journey_from_word_file_to_publication_through_the_pages(
    client, author, section_head, office_staff, leader, department, office_section
):
    # given a sub-user who uploads seed 004 as a Word file and completes the form
    client.force_login(author)
    upload = SimpleUploadedFile("96号.docx", build_docx("004"))
    extracted = client.post(
        url("item_create"), {"stage": "extract", "agency": department.pk, "mode": "docx", "file": upload}
    )
    initial = extracted.context["form"].initial
    saved = client.post(
        url("item_create"),
        {
            "stage": "save",
            "source": extracted.context["source_token"],
            "agency": department.pk,
            "title": initial["title"],
            "document_number": initial["document_number"],
            "produced_on": initial["produced_on"],
            "keywords": "信息公开 保密审查 公开指南",
            "category": Category.objects.get(code="02").pk,
            "five_disclosure": "management",
            "section": office_section.pk,
            "time_limit": "long_term",
            "attribute": "active",
            "body_html": initial["body_html"],
        },
    )
    item = InformationItem.objects.get()
    assert saved.status_code == 302

    # when they submit it for review from the item page
    response = client.post(url("item_submit", item.pk), {"comment": "请审查"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW
    review = review_active_for(item)
    detail = client.get(url("item_detail", item.pk)).content.decode()
    assert reverse("backoffice:review_detail", args=[review.pk]) in detail
    assert "科室拟定公开属性" in detail

    # and the section head, the disclosure office and the leader approve on the review pages
    assert decide(client, section_head, review, 0).status_code == 302
    assert decide(client, office_staff, review, 1, data_conclusion="public").status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW and item.index_number is None
    assert decide(client, leader, review, 2).status_code == 302

    # then it is published with its index number, in the public list and in search
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    assert item.index_number == f"{department.org_code}/2018-00001"
    assert selectors.public_item_get(item.pk).public_title == TITLE_004
    assert [h.object_id for h in search("保密审查制度").hits] == [str(item.pk)]
    # and the item page shows the history and the first version
    client.force_login(author)
    page = client.get(url("item_detail", item.pk)).content.decode()
    assert "已公开" in page and item.index_number in page
    assert "可以公开" in page  # the office's conclusion
    assert "第 1 版" in page


def test_submit_without_justified_attribute_is_refused_in_chinese(client, author, draft):
    services.item_update(actor=author, item=draft, attribute=Attribute.WITHHELD)
    client.force_login(author)
    response = client.post(url("item_submit", draft.pk), {"comment": ""})
    assert response.status_code == 422
    body = response.content.decode()
    assert "公开属性未说明理由，不能提交" in body
    assert "须选择不予公开的理由" in body
    draft.refresh_from_db()
    assert draft.status == ItemStatus.DRAFT
    assert review_for(draft) is None


def test_returned_item_is_edited_and_resubmitted_from_the_item_page(
    client, author, section_head, office_staff, leader, draft
):
    services.item_submit(actor=author, item=draft)
    review = review_active_for(draft)
    decide(client, section_head, review, 0)
    client.force_login(office_staff)
    client.post(
        reverse("backoffice:review_decide", args=[review.pk]),
        {"decision": "return", "comment": "关键词请补充“招生”", "expected_step": 1},
    )
    draft.refresh_from_db()
    assert draft.status == ItemStatus.RETURNED
    # the author edits the returned draft and resubmits it
    client.force_login(author)
    page = client.get(url("item_detail", draft.pk)).content.decode()
    assert "关键词请补充" in page and "重新提交审查" in page
    edit = client.get(url("item_edit", draft.pk))
    assert edit.status_code == 200
    form = edit.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(keywords="招生 秋季 教育局", withhold_grounds=[], topics=[])
    assert client.post(url("item_edit", draft.pk), data).status_code == 302
    assert client.post(url("item_submit", draft.pk), {"comment": "已补充"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == ItemStatus.IN_REVIEW
    review.refresh_from_db()
    assert review.current_step == 1  # resumes at the office
    decide(client, office_staff, review, 1, data_conclusion="public")
    decide(client, leader, review, 2)
    draft.refresh_from_db()
    assert draft.status == ItemStatus.PUBLISHED and draft.keywords == "招生 秋季 教育局"


def test_edit_page_cannot_set_status_or_index_number(client, author, draft, item_fields):
    # given a draft and its author
    client.force_login(author)
    form = client.get(url("item_edit", draft.pk)).context["form"]
    assert "status" not in form.fields and "index_number" not in form.fields
    data = {k: v for k, v in form.initial.items() if v is not None}
    # when the author posts extra status and index fields
    data.update(
        status="published", index_number="000000000/2026-99999", published_at="2026-01-01", title="新标题", topics=[]
    )
    response = client.post(url("item_edit", draft.pk), data)
    # then only the working copy changes: the item is still an unnumbered draft, not public
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "新标题"
    assert draft.status == ItemStatus.DRAFT
    assert draft.index_number is None and draft.published_at is None
    assert selectors.public_item_get(draft.pk) is None


def test_edit_with_bad_fields_changes_nothing(client, author, draft):
    client.force_login(author)
    form = client.get(url("item_edit", draft.pk)).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(title="改了标题", keywords="", topics=[])
    response = client.post(url("item_edit", draft.pk), data)
    assert response.status_code == 400
    assert "关键词不能为空" in " ".join(response.context["form"].errors["keywords"])
    draft.refresh_from_db()
    assert draft.title != "改了标题"


def test_item_in_review_cannot_be_edited(client, author, draft):
    services.item_submit(actor=author, item=draft)
    client.force_login(author)
    response = client.get(url("item_edit", draft.pk))
    assert response.status_code == 409
    assert "不能修改工作稿" in response.content.decode()


def test_list_filters_by_status_agency_and_title(client, author, department, item_fields, unit_admin):
    services.item_create(actor=author, agency=department, **item_fields)
    other = services.item_create(actor=author, agency=department, **{**item_fields, "title": "教育局年度工作总结"})
    services.item_submit(actor=author, item=other)
    client.force_login(unit_admin)
    all_items = client.get(url("item_list"))
    assert len(all_items.context["page"].object_list) == 2
    in_review = client.get(url("item_list"), {"status": "in_review"})
    assert [i.pk for i in in_review.context["page"]] == [other.pk]
    by_title = client.get(url("item_list"), {"q": "工作总结"})
    assert [i.pk for i in by_title.context["page"]] == [other.pk]
    by_agency = client.get(url("item_list"), {"agency": department.pk + 1000})
    assert list(by_agency.context["page"]) == []


def test_list_is_scoped_to_the_users_units(client, author, draft, outsider):
    client.force_login(outsider)
    response = client.get(url("item_list"))
    assert list(response.context["page"]) == []
    assert draft.title not in response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["item_detail", "item_edit", "item_redactions", "review_record", "item_correct", "item_withdraw"],
)
def test_another_units_item_is_not_found(client, outsider, draft, name):
    client.force_login(outsider)
    assert client.get(url(name, draft.pk)).status_code == 404


def test_another_units_item_cannot_be_submitted_or_marked(client, outsider, draft):
    client.force_login(outsider)
    assert client.post(url("item_submit", draft.pk), {}).status_code == 404
    response = client.post(url("item_redactions", draft.pk), {"passage": "各学校", "ground": "internal_affairs"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == ItemStatus.DRAFT and not draft.redactions.exists()


@pytest.mark.parametrize("name", ["item_list", "item_detail", "item_edit", "review_record", "item_correct"])
def test_anonymous_is_sent_to_sign_in(client, draft, name):
    target = url(name) if name == "item_list" else url(name, draft.pk)
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("orgs:login"))


def test_another_sub_user_cannot_edit_a_colleagues_draft(client, draft, department, office_section):
    colleague = UserFactory(username="colleague")
    grant(colleague, "sub_user", department, office_section)
    client.force_login(colleague)
    assert client.get(url("item_detail", draft.pk)).status_code == 200
    assert client.get(url("item_edit", draft.pk)).status_code == 403
    response = client.post(url("item_submit", draft.pk), {})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == ItemStatus.DRAFT


def test_sub_user_cannot_correct_or_withdraw(client, author, published):
    client.force_login(author)
    before = (published.version, published.public_body_html, published.status)
    assert client.get(url("item_correct", published.pk)).status_code == 403
    response = client.post(url("item_correct", published.pk), {"reason": "改", "title": "改标题"})
    assert response.status_code == 403
    assert client.post(url("item_withdraw", published.pk), {"reason": "撤"}).status_code == 403
    published.refresh_from_db()
    assert (published.version, published.public_body_html, published.status) == before
    assert not AuditEvent.objects.filter(event__in=["catalog.item.correct", "catalog.item.withdraw"]).exists()


def test_unit_admin_corrects_a_published_item_and_the_old_version_stays_visible(client, unit_admin, published):
    client.force_login(unit_admin)
    page = client.get(url("item_correct", published.pk))
    assert page.status_code == 200
    assert "第 2 版" in page.content.decode()
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update(topics=[], body_html=published.body_html.replace("8月20日", "8月25日"))
    # a reason is required
    missing = client.post(url("item_correct", published.pk), {**data, "reason": ""})
    assert missing.status_code == 400
    assert "请填写更正说明" in " ".join(missing.context["form"].errors["reason"])
    published.refresh_from_db()
    assert published.version == 1
    # with a reason the correction is published as version 2
    response = client.post(url("item_correct", published.pk), {**data, "reason": "更正报名截止日期"}, follow=True)
    published.refresh_from_db()
    assert published.version == 2
    assert "当前为第 2 版" in response.content.decode()
    assert "8月25日" in selectors.public_item_get(published.pk).public_body_text
    assert [v.number for v in ItemVersion.objects.filter(item=published)] == [2, 1]
    old = client.get(url("item_version", published.pk, 1))
    assert old.status_code == 200
    assert "8月20日" in old.content.decode() and "历史版本" in old.content.decode()
    assert "更正报名截止日期" in client.get(url("item_detail", published.pk)).content.decode()


def test_unit_admin_withdraws_with_a_reason(client, unit_admin, published):
    client.force_login(unit_admin)
    empty = client.post(url("item_withdraw", published.pk), {"reason": ""})
    assert empty.status_code == 400
    published.refresh_from_db()
    assert published.status == ItemStatus.PUBLISHED
    response = client.post(url("item_withdraw", published.pk), {"reason": "经复查涉及个人信息"})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == ItemStatus.WITHDRAWN
    assert published.withdrawn_reason == "经复查涉及个人信息"
    assert selectors.public_item_get(published.pk) is None
    assert search("招生报名").hits == []
    # a second withdrawal is refused
    assert client.get(url("item_withdraw", published.pk)).status_code == 409


def test_review_page_link_and_status_on_the_item_page(client, author, draft):
    services.item_submit(actor=author, item=draft)
    client.force_login(author)
    page = client.get(url("item_detail", draft.pk)).content.decode()
    review = review_for(draft)
    assert review.status == ReviewStatus.IN_PROGRESS
    assert "审查中" in page
    assert "当前步骤" in page and "科室拟定公开属性" in page
    assert "建立草稿" in page and "提交审查" in page  # audit trail


def test_withheld_item_ends_not_public_and_has_no_index_number(
    client, author, section_head, office_staff, leader, draft
):
    services.item_update(
        actor=author,
        item=draft,
        attribute=Attribute.WITHHELD,
        withhold_grounds=[WithholdGround.INTERNAL_AFFAIRS],
        attribute_reason="内部工作安排",
    )
    client.force_login(author)
    client.post(url("item_submit", draft.pk), {})
    review = review_active_for(draft)
    decide(client, section_head, review, 0)
    decide(client, office_staff, review, 1, data_conclusion="withhold")
    decide(client, leader, review, 2)
    draft.refresh_from_db()
    assert draft.status == ItemStatus.NOT_PUBLIC
    assert draft.index_number is None
    assert selectors.public_item_get(draft.pk) is None
