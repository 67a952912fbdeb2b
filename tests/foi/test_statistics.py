"""Slice 7: sections 三 and 四 from the records, with the format's arithmetic checks."""

import datetime as dt

from gongkai.foi import services, statistics
from gongkai.foi.enums import Action, AppealResult
from gongkai.foi.models import Application

from .conftest import register
from .helpers import T, approve_review


def _answer(app, handler, reviewer, signer, decisions):
    app = T(T(app, handler, Action.ACCEPT), handler, Action.DRAFT, decisions=decisions)
    app = approve_review(T(app, handler, Action.SUBMIT_REVIEW), reviewer, signer)
    return T(app, handler, Action.SEND)


def test_sections_three_and_four(department, county_gov, handler, reviewer, unit_admin, frozen):
    I = services.ItemInput  # noqa: E741
    # 2025: two received; one answered in 2025 (disclosed), one carried into 2026
    frozen.set(2025, 12, 1)
    a, _ = register(handler, department, items=[I(description="2024年决算报告")])
    a = _answer(a, handler, reviewer, unit_admin, {i.pk: {"reply_type": "disclose"} for i in a.items.all()})
    b, _ = register(
        handler,
        department,
        applicant_kind="commercial",
        contact_person="赵六",
        id_type="credit_code",
        id_number="91150000MA0N12345M",
        applicant_name="某某有限公司",
        items=[I(description="招标文件全文"), I(description="评标报告全文")],
    )
    # 2026: b answered with one item disclosed and one withheld (counts only as 部分公开)
    frozen.set(2026, 1, 5)
    items = list(b.items.all())
    b = _answer(
        b,
        handler,
        reviewer,
        unit_admin,
        {
            items[0].pk: {"reply_type": "disclose"},
            items[1].pk: {"reply_type": "withhold.third_party", "reason": "涉及商业秘密"},
        },
    )
    # 2026: c received and abandoned (no supplement), d still open at year end, e withdrawn
    c, _ = register(handler, department, items=[I(description="某次会议纪要全文")])
    c = T(c, handler, Action.REQUEST_SUPPLEMENT, text="请写明会议日期")
    frozen.set(2026, 3, 1)
    services.foi_sweep()
    frozen.set(2026, 12, 30)
    d, _ = register(handler, department, items=[I(description="年终考核方案全文")])
    e, _ = register(handler, department, items=[I(description="某道路施工许可文件")])
    e = T(e, handler, Action.WITHDRAW, reason="不再需要")
    services.appeal_record_save(
        actor=handler,
        application=b,
        kind="reconsideration",
        filed_on=dt.date(2026, 2, 1),
        body="鄂托克前旗人民政府",
        result=AppealResult.UPHELD,
        concluded_on=dt.date(2026, 4, 1),
    )
    services.appeal_record_save(
        actor=handler, application=b, kind="litigation_direct", filed_on=dt.date(2026, 3, 1), body="鄂托克前旗人民法院"
    )
    # when
    r25 = statistics.annual_report(year=2025, agency=department)
    r26 = statistics.annual_report(year=2026, agency=department)
    # then 2025
    assert r25.row("new").values == {
        "natural": 1,
        "commercial": 1,
        "research": 0,
        "public_interest": 0,
        "legal_service": 0,
        "other_org": 0,
        "total": 2,
    }
    assert r25.row("disclose").values["total"] == 1
    assert r25.row("carried_out").values["commercial"] == 1
    assert r25.ok
    # 2026: carried over from 2025 equals carried into 2026 from the 2025 report
    assert r26.row("carried_in").values == r25.row("carried_out").values
    assert r26.row("new").values["natural"] == 3
    assert r26.row("partial").values == {**dict.fromkeys(statistics.COLUMNS, 0), "commercial": 1, "total": 1}
    assert r26.row("withhold.third_party").values["total"] == 0
    assert r26.row("other.no_supplement").values["natural"] == 1
    assert r26.row("other.other").values["natural"] == 1
    assert r26.row("group.六").values["total"] == 2
    assert r26.row("total").values["total"] == 3
    assert r26.row("carried_out").values["total"] == 1
    assert r26.ok, [c for c in r26.checks if not c[1]]
    assert r26.appeals["reconsideration"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}
    assert r26.appeals["litigation_direct"]["pending"] == 1
    # the whole jurisdiction includes the department; the county government alone has nothing
    assert statistics.annual_report(year=2026, agency=county_gov).row("new").values["total"] == 0
    assert (
        statistics.annual_report(year=2026, agency=county_gov, include_subordinates=True).row("new").values["total"]
        == 3
    )
    # the 2019 trial format has （六）其他处理 as one row
    r19 = statistics.annual_report(year=2020, agency=department)
    assert r19.format_code == "2019"
    assert "other.no_fee" not in [row.key for row in r19.rows] and "group.六" in [row.key for row in r19.rows]


def test_a_broken_record_fails_the_checks(department, handler, frozen):
    app, _ = register(handler, department)
    Application.objects.filter(pk=app.pk).update(concluded_on=dt.date(2025, 6, 1), outcome="disclose")
    report = statistics.annual_report(year=2026, agency=department)
    assert not report.ok


def test_excel_layout(department, handler, frozen):
    from io import BytesIO

    from openpyxl import load_workbook

    register(handler, department)
    wb = load_workbook(BytesIO(statistics.report_xlsx(statistics.annual_report(year=2026, agency=department))))
    ws = wb.worksheets[0]
    labels = [ws.cell(row=r, column=1).value.strip() for r in range(5, ws.max_row + 1)]
    assert labels[0] == "一、本年新收政府信息公开申请数量"
    assert labels[-1] == "四、结转下年度继续办理"
    assert [ws.cell(row=5, column=c).value for c in range(3, 10)] == [1, 0, 0, 0, 0, 0, 1]
    assert wb.worksheets[1].max_column == 15
