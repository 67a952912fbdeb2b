"""Fixtures of the public side: items created, reviewed and published through the catalogue
services (as tests/catalog/test_publication.py does), with bodies taken from the seed documents."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook

from gongkai.catalog import services
from gongkai.catalog.enums import Attribute, WithholdGround
from gongkai.catalog.models import Category
from gongkai.workflow.enums import Decision
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_decide

# The catalogue's people and item fields (author, section_head, office_staff, leader,
# item_fields, ...) come from tests/conftest.py.
SEED_004 = Path(__file__).resolve().parents[1] / "catalog" / "seeds" / "004_78ac50245f7d05e6.txt"

# The withheld passage of the partially disclosed item, and a part of it that no public copy may hold.
SECRET = "联系人张三，身份证号150623199001011234"
SECRET_DIGITS = "150623199001011234"


def seed_paragraph(prefix: str) -> str:
    """A real paragraph of seed 004 (附件1), by its opening words."""
    for line in SEED_004.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith(prefix):
            return line.strip()
    raise LookupError(prefix)


# 004 附件1 二(一)4 and 5: the body of the seed-based published item.
SEED_PARAGRAPHS = [seed_paragraph("4.信息的类型要求"), seed_paragraph("5.信息的电子文档要求")]
SEED_WORD = "记事本"  # occurs only in the second paragraph's body text


def through_review(item, section_head, office_staff, leader, conclusion="public"):
    review = review_active_for(item)
    review_decide(actor=section_head, review=review, decision=Decision.APPROVE)
    review_decide(actor=office_staff, review=review, decision=Decision.APPROVE, data={"conclusion": conclusion})
    review_decide(actor=leader, review=review, decision=Decision.APPROVE)
    item.refresh_from_db()
    return item


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def seed_fields(item_fields):
    """R2.2 fields of a document whose body is seed 004 附件1 二(一)4–5."""
    return {
        **item_fields,
        "title": "鄂托克前旗人民政府信息公开目录编制规范（信息类型和电子文档要求）",
        "document_number": "鄂前政办发〔2018〕96号",
        "produced_on": dt.date(2018, 11, 5),
        "keywords": "公开目录 电子文档",
        "description": "政府信息公开目录的信息类型和电子文档要求。",
        "body_html": "".join(f"<p>{p}</p>" for p in SEED_PARAGRAPHS),
    }


@pytest.fixture
def publish(author, section_head, office_staff, leader, department, seed_fields):
    """``publish(redact=None, **overrides)`` → an item published through the full review."""

    def _publish(redact: str | None = None, **overrides):
        item = services.item_create(actor=author, agency=department, **{**seed_fields, **overrides})
        services.item_submit(actor=author, item=item)
        if redact:
            services.redaction_add(
                actor=office_staff, item=item, passage=redact, ground=WithholdGround.PERSONAL_PRIVACY
            )
        return through_review(item, section_head, office_staff, leader, "partial" if redact else "public")

    return _publish


@pytest.fixture
def published(publish):
    """The seed-based item (004 附件1 paragraphs), published."""
    return publish()


@pytest.fixture
def redacted(publish):
    """A partially disclosed item: a contact's identity number withheld for personal privacy
    through ``services.redaction_add`` before approval."""
    return publish(
        redact=SECRET,
        title="鄂托克前旗教育局关于公布2026年招生咨询联系人的通知",
        document_number="鄂前教发〔2026〕13号",
        produced_on=dt.date(2026, 8, 3),
        keywords="招生 咨询",
        description="招生咨询安排。",
        body_html=f"<p>各学校：</p><p>招生咨询工作由教育股负责，{SECRET}，电话0477-7621234。</p>"
        "<p>招生报名时间为8月10日至8月20日。</p>",
    )


@pytest.fixture
def hidden_items(author, section_head, office_staff, leader, unit_admin, department, seed_fields):
    """One item in each state that must never be public (R3.1): draft, in review, not public, withdrawn.

    Each has a distinctive title and shares the word “隐藏核对” in its body."""
    items = {}
    base = {**seed_fields, "body_html": "<p>隐藏核对：本条信息不应出现在门户。</p><p>招生报名时间为8月10日。</p>"}
    items["draft"] = services.item_create(actor=author, agency=department, **{**base, "title": "草稿状态的测试通知甲"})

    in_review = services.item_create(actor=author, agency=department, **{**base, "title": "审查中状态的测试通知乙"})
    services.item_submit(actor=author, item=in_review)
    review_decide(actor=section_head, review=review_active_for(in_review), decision=Decision.APPROVE)
    in_review.refresh_from_db()
    items["in_review"] = in_review

    not_public = services.item_create(
        actor=author,
        agency=department,
        **{
            **base,
            "title": "不予公开状态的测试通知丙",
            "attribute": Attribute.WITHHELD,
            "withhold_grounds": [WithholdGround.INTERNAL_AFFAIRS],
        },
    )
    services.item_submit(actor=author, item=not_public)
    items["not_public"] = through_review(not_public, section_head, office_staff, leader, "withhold")

    withdrawn = services.item_create(actor=author, agency=department, **{**base, "title": "已撤回状态的测试通知丁"})
    services.item_submit(actor=author, item=withdrawn)
    withdrawn = through_review(withdrawn, section_head, office_staff, leader)
    services.item_withdraw(actor=unit_admin, item=withdrawn, reason="经复查涉及内部事务")
    withdrawn.refresh_from_db()
    items["withdrawn"] = withdrawn
    return items


@pytest.fixture
def category(db):
    return lambda code: Category.objects.get(code=code)


def xlsx_text(content: bytes) -> str:
    """Every cell of every sheet of an .xlsx file, as one string."""
    book = load_workbook(io.BytesIO(content), read_only=True)
    parts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts.extend(str(v) for v in row if v is not None)
    return "\n".join(parts)


def xlsx_rows(content: bytes, sheet: int = 0) -> list[tuple]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(row) for row in book.worksheets[sheet].iter_rows(values_only=True)]
