"""The whole report on FOI records spread over a year boundary: every check of sections 二–四 passes in
both years, what 2025 carries out is what 2026 carries in (in the documents too), and section 六 quotes
the 信息处理费 paid in the year from the FOI fee records."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document

from gongkai.annual import document, services
from gongkai.core import clock
from gongkai.foi.enums import Action, FeeState
from gongkai.foi.models import FeeNotice
from tests.clock import FrozenClock
from tests.foi.conftest import _foi_rules, handler, register, reviewer  # noqa: F401  (fixtures)
from tests.foi.helpers import T, approve_review

from .conftest import published_item

pytestmark = pytest.mark.django_db


def _answer(app, by, checker, signer):
    app = T(
        T(app, by, Action.ACCEPT),
        by,
        Action.DRAFT,
        decisions={i.pk: {"reply_type": "disclose"} for i in app.items.all()},
    )
    app = approve_review(T(app, by, Action.SUBMIT_REVIEW), checker, signer)
    return T(app, by, Action.SEND)


def _rows(data: bytes) -> dict[str, list[str]]:
    doc = Document(io.BytesIO(data))
    return {row.cells[0].text.strip("　"): [c.text for c in row.cells[1:]] for t in doc.tables for row in t.rows}


def test_report_across_the_boundary(monkeypatch, department, unit_admin, handler, reviewer):  # noqa: F811
    frozen = FrozenClock(timezone.make_aware(dt.datetime(2025, 6, 2, 9)))
    monkeypatch.setattr(clock, "now", frozen)
    a, _ = register(handler, department)
    _answer(a, handler, reviewer, unit_admin)
    published_item(department, "normative_issued", dt.date(2025, 12, 31))
    frozen.set(2025, 12, 30)
    b, _ = register(handler, department)
    FeeNotice.objects.create(
        application=a,
        basis="per_piece",
        units=1,
        amount=Decimal("100.00"),
        citation="国办函〔2020〕109号",
        notified_at=clock.now(),
        state=FeeState.PAID,
        paid_at=timezone.make_aware(dt.datetime(2025, 12, 31, 16)),
    )
    frozen.set(2026, 1, 6)
    _answer(b, handler, reviewer, unit_admin)
    published_item(department, "normative_repealed", dt.date(2026, 1, 1))
    frozen.set(2027, 1, 8)
    r25 = services.report_generate(actor=unit_admin, agency=department, year=2025)
    r26 = services.report_generate(actor=unit_admin, agency=department, year=2026)
    for report in (r25, r26):
        failed = [t for t, ok in report.tables["checks"] if not ok]
        assert failed == []
    d25, d26 = _rows(document.report_docx(r25)), _rows(document.report_docx(r26))
    assert d25["四、结转下年度继续办理"][-1] == "1" == d26["二、上年结转政府信息公开申请数量"][-1]
    assert d25["一、本年新收政府信息公开申请数量"][-1] == "2" and d26["一、本年新收政府信息公开申请数量"][-1] == "0"
    assert d25["行政规范性文件"] == ["1", "0", "1"] and d26["行政规范性文件"] == ["0", "1", "0"]
    assert "合计100.00元" in r25.section_six and "共收取信息处理费1笔" in r25.section_six
    assert "合计0.00元" in r26.section_six
