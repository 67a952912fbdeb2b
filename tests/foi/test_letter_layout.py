"""The reply letter (告知书) is a GB/T 9704-2012 official document of the answering agency, and it shows
no raw codes of reply types or states."""

import pytest

from gongkai.foi import services
from gongkai.foi.enums import Action
from gongkai.foi.models import Application

from ..documents.checks import assert_no_raw_codes, assert_official_layout, assert_signature
from .conftest import register
from .helpers import T, approve_review

pytestmark = pytest.mark.django_db


def test_reply_letter_is_an_official_document_of_the_agency(department, handler, reviewer, unit_admin, frozen):
    # given an answer mixing reply types, with an attachment
    I = services.ItemInput  # noqa: E741
    app, _ = register(handler, department, items=[I(description="学校布局调整方案"), I(description="2025年部门预算")])
    app = T(app, handler, Action.ACCEPT)
    first, second = app.items.all()
    decisions = {
        first.pk: {"reply_type": "withhold.third_party", "reason": "涉及商业秘密"},
        second.pk: {"reply_type": "already_published", "published_where": "http://www.etkqq.gov.cn/xxgk/"},
    }
    app = approve_review(
        T(T(app, handler, Action.DRAFT, decisions=decisions), handler, Action.SUBMIT_REVIEW), reviewer, unit_admin
    )
    # when it is sent
    app = T(app, handler, Action.SEND, attachments=[("预算公开说明.pdf", b"%PDF-1.4 x")])
    data = bytes(Application.objects.get(pk=app.pk).letter_docx)
    # then: A4, margins, fonts, page numbers, the agency as author, the letter number as 文号
    doc = assert_official_layout(
        data, agency=department.name, title="政府信息公开申请答复告知书", doc_number=app.letter_number
    )
    texts = [p.text for p in doc.paragraphs]
    assert texts[:2] == [department.name, app.letter_number]  # 发文机关标志 over the 文号
    assert doc.paragraphs[0].style.name == "发文机关标志"
    assert f"{app.applicant_name}：" in texts
    assert "附件：1. 预算公开说明.pdf" in texts
    assert_signature(doc, agency=department.name, date_text="2026年3月2日")
    # and no code of a reply type, outcome or state
    assert_no_raw_codes(data)
