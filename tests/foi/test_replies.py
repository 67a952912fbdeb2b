"""Slice 4: per-item decisions, the overall outcome, the review before sending, the letter."""

import datetime as dt
import io

import pytest
from docx import Document

from gongkai.core.errors import InvalidTransition, ValidationFailed
from gongkai.foi import replies, services
from gongkai.foi.enums import Action, Status
from gongkai.foi.models import AgencyProfile, Application
from gongkai.workflow import selectors as review_selectors
from gongkai.workflow import services as review_services

from ..factories import UserFactory, grant
from .conftest import register
from .helpers import T, approve_review, draft_all


def letter_text(app) -> str:
    doc = Document(io.BytesIO(bytes(Application.objects.get(pk=app.pk).letter_docx)))
    return "\n".join(p.text for p in doc.paragraphs)


@pytest.mark.parametrize(
    ("types", "outcome"),
    [
        (["disclose"], "disclose"),
        (["already_published", "disclose"], "disclose"),
        (["disclose", "withhold.third_party"], "partial"),  # 区分处理: counted only as 部分公开
        (["partial", "cannot.not_held"], "partial"),
        (["withhold.process", "withhold.state_secret"], "withhold.state_secret"),
        (["not_processed.repeat", "cannot.needs_creation"], "cannot.needs_creation"),
        (["other.other"], "other.other"),
    ],
)
def test_overall_outcome(types, outcome):
    assert replies.overall_outcome(types) == outcome


def test_reply_types_are_exactly_the_report_rows():
    rows = {r.key for r in replies.ROWS}
    assert {t.row for t in replies.REPLY_TYPES} == rows
    assert len(replies.ROWS) == 21  # 2 + 8 + 3 + 5 + 3


def test_draft_requires_a_decision_for_every_item_and_the_details_it_needs(department, handler, frozen):
    app, _ = register(
        handler,
        department,
        items=[services.ItemInput(description="甲项目批复文件"), services.ItemInput(description="乙项目批复文件")],
    )
    app = T(app, handler, Action.ACCEPT)
    first, second = app.items.all()
    with pytest.raises(ValidationFailed) as exc:
        T(app, handler, Action.DRAFT, decisions={first.pk: {"reply_type": "already_published"}})
    assert "已公开的位置" in exc.value.message and "第 2 项" in exc.value.message
    app.refresh_from_db()
    assert app.status == Status.IN_PROGRESS
    assert [i.reply_type for i in app.items.all()] == ["", ""]


def _answered(department, handler, reviewer, unit_admin, **overrides):
    app, _ = register(handler, department, **overrides)
    app = T(app, handler, Action.ACCEPT)
    items = list(app.items.all())
    decisions = {items[0].pk: {"reply_type": "partial", "reason": "涉及个人隐私的内容已作区分处理"}}
    for i in items[1:]:
        decisions[i.pk] = {"reply_type": "already_published", "published_where": "http://www.etkqq.gov.cn/xxgk/"}
    app = T(app, handler, Action.DRAFT, decisions=decisions)
    app = T(app, handler, Action.SUBMIT_REVIEW)
    return approve_review(app, reviewer, unit_admin)


def test_reply_before_review_is_refused(department, handler, frozen):
    app, _ = register(handler, department)
    app = draft_all(T(app, handler, Action.ACCEPT), handler)
    with pytest.raises(InvalidTransition):
        T(app, handler, Action.SEND)
    app.refresh_from_db()
    assert (app.status, app.letter_number, app.letter_docx) == (Status.DRAFTED, "", None)


def test_returned_review_goes_back_to_drafting_and_resumes(department, handler, reviewer, unit_admin, frozen):
    app, _ = register(handler, department)
    app = T(draft_all(T(app, handler, Action.ACCEPT), handler), handler, Action.SUBMIT_REVIEW)
    review = review_selectors.review_active_for(app)
    review_services.review_decide(actor=reviewer, review=review, decision="return", comment="第1项应区分处理")
    app.refresh_from_db()
    assert app.status == Status.DRAFTED
    assert app.events.filter(action=Action.REVIEW_RETURNED, note="第1项应区分处理").exists()
    app = T(draft_all(app, handler, reply_type="partial", reason="区分处理"), handler, Action.SUBMIT_REVIEW)
    assert app.status == Status.UNDER_REVIEW
    # the review resumes at the step that returned it, then the head signs
    assert review_selectors.review_active_for(app).current_step == 0
    app = approve_review(app, reviewer, unit_admin)
    assert app.status == Status.APPROVED


def test_the_submitter_cannot_review_his_own_reply(department, handler, reviewer, frozen):
    # (another reviewer exists: a review nobody but its submitter could decide is refused at the start)
    from gongkai.core.errors import PermissionDenied
    from gongkai.orgs.enums import Role

    grant(handler, Role.CONFIDENTIALITY_REVIEWER, department)
    app, _ = register(handler, department)
    app = T(draft_all(T(app, handler, Action.ACCEPT), handler), handler, Action.SUBMIT_REVIEW)
    with pytest.raises(PermissionDenied):
        review_services.review_decide(
            actor=handler,
            review=review_selectors.review_active_for(app),
            decision="approve",
            data={"conclusion": "no_secret"},
        )
    assert Application.objects.get(pk=app.pk).status == Status.UNDER_REVIEW


def test_letter_numbers_are_gap_free_per_agency_and_year(
    department, other_department, handler, reviewer, unit_admin, frozen
):
    AgencyProfile.objects.create(agency=department, letter_prefix="鄂前教")
    a = T(_answered(department, handler, reviewer, unit_admin), handler, Action.SEND)
    b = T(
        _answered(department, handler, reviewer, unit_admin, items=[services.ItemInput(description="另一份文件全文")]),
        handler,
        Action.SEND,
    )
    assert (a.letter_number, b.letter_number) == ("鄂前教依申复〔2026〕1号", "鄂前教依申复〔2026〕2号")
    # another agency has its own sequence
    other_handler = UserFactory(username="other-handler")
    other_reviewer = UserFactory(username="other-reviewer")
    other_admin = UserFactory(username="other-admin")
    from gongkai.orgs.enums import Role

    grant(other_handler, Role.SUB_USER, other_department)
    grant(other_reviewer, Role.CONFIDENTIALITY_REVIEWER, other_department)
    grant(other_admin, Role.UNIT_ADMIN, other_department)
    c = T(_answered(other_department, other_handler, other_reviewer, other_admin), other_handler, Action.SEND)
    assert c.letter_number.endswith("〔2026〕1号")
    # and a new year starts again at 1
    frozen.set(2027, 1, 4)
    d = T(
        _answered(department, handler, reviewer, unit_admin, items=[services.ItemInput(description="第三份文件全文")]),
        handler,
        Action.SEND,
    )
    assert d.letter_number == "鄂前教依申复〔2027〕1号"


def test_letter_content(department, handler, reviewer, unit_admin, frozen):
    app = _answered(
        department,
        handler,
        reviewer,
        unit_admin,
        items=[
            services.ItemInput(description="学校布局调整方案", title="布局方案"),
            services.ItemInput(description="2025年部门预算"),
        ],
    )
    pdf = b"%PDF-1.4 test reply attachment"
    app = T(app, handler, Action.SEND, attachments=[("布局方案（区分处理后）.pdf", pdf)])
    assert (app.status, app.outcome, app.concluded_on, app.on_time) == (
        Status.SENT,
        "partial",
        dt.date(2026, 3, 2),
        True,
    )
    text = letter_text(app)
    assert "政府信息公开申请答复告知书" in text
    assert app.letter_number in text and "张三：" in text
    assert "第三十七条" in text and "区分处理" in text
    assert "http://www.etkqq.gov.cn/xxgk/" in text and "第三十六条第（一）项" in text
    assert "60日内依法申请行政复议（《中华人民共和国行政复议法》（2023年修订）第二十条）" in text
    assert "6个月内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）" in text
    assert "附件：1. 布局方案（区分处理后）.pdf" in text
    assert "150102" not in text and "13912345678" not in text


def test_delivery_by_post_records_the_posting_day(department, handler, reviewer, unit_admin, frozen):
    app = T(_answered(department, handler, reviewer, unit_admin), handler, Action.SEND)
    with pytest.raises(ValidationFailed):
        T(app, handler, Action.DELIVER, method="post")
    frozen.set(2026, 3, 3)
    app = T(app, handler, Action.DELIVER, method="post", posted_on=dt.date(2026, 3, 3), note="挂号信 XA123")
    assert (app.status, app.posted_on, app.delivery_method) == (Status.DELIVERED, dt.date(2026, 3, 3), "post")


def test_transfer_forwards_to_the_competent_agency(department, other_department, handler, frozen):
    app, code = register(handler, department)
    app = T(app, handler, Action.TRANSFER, to_agency=other_department, forward=True)
    assert (app.status, app.outcome) == (Status.TRANSFERRED, "cannot.not_held")
    new = Application.objects.get(transferred_from=app)
    assert (new.agency, new.status, new.receipt_date) == (other_department, Status.RECEIVED, dt.date(2026, 3, 2))
    assert services.application_public_lookup(public_id=new.public_id, query_code=code, ip="1.2.3.4") == new
    assert new.deadline is not None


def test_already_published_reply_points_to_the_catalogue_item_by_its_index_number(department, handler, frozen):
    # given a published catalogue item (the demo publishes the seeds through the review)
    from django.core.management import call_command

    from gongkai.catalog.selectors import public_items

    call_command("load_demo", verbosity=0)
    published = public_items().get(document_number="鄂前政办发〔2018〕96号")
    app, _ = register(handler, department, items=[services.ItemInput(description="信息公开有关制度")])
    app = T(app, handler, Action.ACCEPT)
    (item,) = app.items.all()

    # an unknown or unpublished reference is refused and nothing is drafted
    with pytest.raises(ValidationFailed) as exc:
        T(app, handler, Action.DRAFT, decisions={item.pk: {"reply_type": "already_published", "published_ref": "X/1"}})
    assert "公开目录中没有已公开的“X/1”" in exc.value.message
    item.refresh_from_db()
    assert item.reply_type == ""

    # when the handler gives the index number only
    T(
        app,
        handler,
        Action.DRAFT,
        decisions={item.pk: {"reply_type": "already_published", "published_ref": published.index_number}},
    )

    # then the reply says where the applicant finds it
    item.refresh_from_db()
    assert item.published_ref == published.index_number
    assert item.published_where == (
        f"政府信息公开目录，索引号 {published.index_number}，《{published.public_title}》，"
        f"网址 /catalog/items/{published.pk}/"
    )
