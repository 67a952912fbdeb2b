"""The annual-report statistics (tables 三 and 四 of annual-report-format.md) as Excel and as a page:
heading rows (三、本年度办理结果; （三）…（六） over their numbered sub-rows) have no figures."""

import io
import re

import pytest
from openpyxl import load_workbook

from gongkai.foi import services
from gongkai.foi.enums import Action

from .conftest import register
from .helpers import T, approve_review

pytestmark = pytest.mark.django_db
HEADINGS = {
    "三、本年度办理结果",
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
}


def _answered(department, handler, reviewer, unit_admin):
    app, _ = register(handler, department, items=[services.ItemInput(description="2025年部门预算")])
    app = T(app, handler, Action.ACCEPT)
    item = app.items.get()
    app = T(
        app, handler, Action.DRAFT, decisions={item.pk: {"reply_type": "withhold.third_party", "reason": "商业秘密"}}
    )
    app = approve_review(T(app, handler, Action.SUBMIT_REVIEW), reviewer, unit_admin)
    return T(app, handler, Action.SEND)


def _rows(ws) -> dict[str, list]:
    """Label (without the indent) → the seven figures of columns C–I, for the body rows."""
    return {
        ws.cell(row=r, column=1).value.strip(): [ws.cell(row=r, column=c).value for c in range(3, 10)]
        for r in range(5, ws.max_row + 1)
    }


def test_excel_heading_rows_are_blank(client, department, handler, reviewer, unit_admin, frozen):
    # given one application answered 不予公开 (第三方合法权益) in 2026
    _answered(department, handler, reviewer, unit_admin)
    client.force_login(handler)
    # when the Excel is downloaded
    response = client.get(f"/office/foi/statistics.xlsx?year=2026&agency={department.pk}")
    wb = load_workbook(io.BytesIO(response.content))
    rows = _rows(wb.worksheets[0])
    # then the headings carry no figures (not zeros, not subtotals)
    assert set(rows) >= HEADINGS
    for label in HEADINGS:
        assert rows[label] == [None] * 7, label
    # and every other row has its seven figures, the counted one among them
    assert rows["4.保护第三方合法权益"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["一、本年新收政府信息公开申请数量"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["（七）总计"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["（一）予以公开"] == [0] * 7
    assert all(v is not None for label, values in rows.items() if label not in HEADINGS for v in values)
    # the workbook names the agency, not openpyxl
    assert wb.properties.creator == department.name and "openpyxl" not in (wb.properties.lastModifiedBy or "")


def test_page_heading_rows_are_blank(client, department, handler, reviewer, unit_admin, frozen):
    _answered(department, handler, reviewer, unit_admin)
    client.force_login(handler)
    html = client.get(f"/office/foi/statistics/?year=2026&agency={department.pk}").content.decode()
    for key in ("results", "group.三"):
        row = re.search(rf'<tr data-row="{re.escape(key)}">(.*?)</tr>', html, re.S).group(1)
        assert re.findall(r"<td>(.*?)</td>", row) == [""] * 7
    row = re.search(r'<tr data-row="withhold.third_party">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td>(.*?)</td>", row) == ["1", "0", "0", "0", "0", "0", "1"]
