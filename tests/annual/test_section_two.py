"""Section 二 of the annual report: counts from tagged catalogue items and entered figures, the format's
arithmetic checks on data spread over year boundaries, entry and Excel import, jurisdiction totals."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.annual import section_two, services
from gongkai.annual.models import Figure
from gongkai.catalog import interface as catalog_interface
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.orgs.enums import Role
from tests.factories import UserFactory, grant

from .conftest import published_item

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def spread(department):
    """Documents either side of the 2024/2025 and 2025/2026 boundaries."""
    published_item(department, "normative_in_force", D(2020, 5, 1))
    published_item(department, "normative_issued", D(2024, 12, 31))
    published_item(department, "normative_issued", D(2025, 1, 1))
    published_item(department, "normative_issued", D(2025, 12, 31))
    published_item(department, "normative_repealed", D(2025, 6, 30))
    published_item(department, "normative_issued", D(2026, 1, 1))
    published_item(department, "rule_issued", D(2025, 3, 3))
    published_item(department, "permit", D(2025, 12, 31))
    published_item(department, "permit", D(2026, 1, 2))
    published_item(department, "penalty", D(2024, 12, 31))


def _cell(table, key):
    return section_two.values(table)[key]


def test_counts_over_year_boundaries(department, spread, frozen):
    t2025 = services.unit_section_two(department, 2025)
    assert t2025["format"] == "2021"
    assert _cell(t2025, "normative.issued") == 2  # 2025-01-01 and 2025-12-31, not 2024-12-31 nor 2026-01-01
    assert _cell(t2025, "normative.repealed") == 1
    # in force on 2025-12-31: 1 older + 3 issued by then − 1 repealed
    assert _cell(t2025, "normative.in_force") == 3
    assert _cell(t2025, "rule.issued") == 1 and _cell(t2025, "rule.in_force") == 1
    assert _cell(t2025, "permit.decisions") == 1
    assert _cell(t2025, "penalty.decisions") == 0
    t2024 = services.unit_section_two(department, 2024)
    assert _cell(t2024, "normative.in_force") == 2 and _cell(t2024, "penalty.decisions") == 1
    checks = section_two.checks(t2025, previous=t2024)
    assert all(ok for _, ok in checks), checks
    assert any("现行有效件数（3）= 上年现行有效（2）+ 本年制发（2）− 本年废止（1）" in text for text, _ in checks)


def test_2019_trial_format_for_2020(department, spread, frozen):
    table = services.unit_section_two(department, 2020)
    assert table["format"] == "2019"
    headings = [t["heading"] for t in table["tables"]]
    assert headings[-1] == "第二十条第（九）项"
    assert table["tables"][0]["columns"] == ["本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert _cell(table, "normative.total") == 1
    assert all(ok for _, ok in section_two.checks(table))


def test_entered_figure_wins_with_its_source(department, dept_admin, spread, frozen):
    services.figure_save(
        actor=dept_admin, agency=department, year=2025, key="permit.decisions", value="37", source="政务服务审批系统"
    )
    services.figure_save(
        actor=dept_admin, agency=department, year=2025, key="fee.amount", value="1.25", source="财务账"
    )
    table = services.unit_section_two(department, 2025)
    cells = {c["key"]: c for t in table["tables"] for r in t["rows"] for c in r["cells"]}
    assert cells["permit.decisions"]["value"] == 37 and cells["permit.decisions"]["source"] == "政务服务审批系统"
    assert cells["fee.amount"]["value"] == 1.25
    assert cells["normative.issued"]["source"] == "主动公开目录标注"


def test_a_broken_entry_fails_the_check(department, dept_admin, spread, frozen):
    services.figure_save(
        actor=dept_admin, agency=department, year=2025, key="normative.in_force", value="9", source="人工核对"
    )
    table = services.unit_section_two(department, 2025)
    previous = services.unit_section_two(department, 2024)
    failed = [t for t, ok in section_two.checks(table, previous=previous) if not ok]
    assert failed and "行政规范性文件" in failed[0]


@pytest.mark.parametrize(
    "key,value,message",
    [
        ("permit.decisions", "-1", "不能为负数"),
        ("permit.decisions", "2.5", "整数"),
        ("permit.decisions", "abc", "不是数字"),
        ("fee.amount", "-0.5", "不能为负数"),
        ("nonsense.key", "1", "不属于"),
    ],
)
def test_bad_entries_are_refused(department, dept_admin, frozen, key, value, message):
    with pytest.raises(ValidationFailed) as exc:
        services.figure_save(actor=dept_admin, agency=department, year=2025, key=key, value=value, source="来源")
    assert message in exc.value.message
    assert not Figure.objects.exists()


def test_source_is_required(department, dept_admin, frozen):
    with pytest.raises(ValidationFailed):
        services.figure_save(
            actor=dept_admin, agency=department, year=2025, key="permit.decisions", value="1", source=""
        )


def test_denials(department, other_department, outsider, frozen):
    with pytest.raises(PermissionDenied):
        services.figure_save(
            actor=outsider, agency=department, year=2025, key="permit.decisions", value="1", source="x"
        )
    sub = UserFactory(username="annual-sub")
    grant(sub, Role.SUB_USER, department)
    with pytest.raises(PermissionDenied):
        services.figure_save(actor=sub, agency=department, year=2025, key="permit.decisions", value="1", source="x")
    assert not Figure.objects.exists()


def _xlsx(rows, header=("项目代码", "项目", "数值", "数据来源")) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_from_the_template(department, dept_admin, frozen):
    template = services.figures_template_xlsx(department, 2025)
    ws = load_workbook(io.BytesIO(template)).active
    keys = [row[0].value for row in ws.iter_rows(min_row=2)]
    assert keys == section_two.keys("2021")
    data = _xlsx([("permit.decisions", "", 120, "审批系统"), ("", "行政处罚 · 本年处理决定数量", 8, "执法平台")])
    assert services.figures_import(actor=dept_admin, agency=department, year=2025, data=data, filename="a.xlsx") == 2
    assert Figure.objects.get(key="penalty.decisions").value == Decimal(8)
    assert Figure.objects.get(key="permit.decisions").source == "审批系统"


def test_import_with_a_bad_row_imports_nothing(department, dept_admin, frozen):
    data = _xlsx(
        [
            ("permit.decisions", "", 120, "审批系统"),
            ("penalty.decisions", "", -3, "执法平台"),
            ("coercion.decisions", "", 4, ""),
            ("what", "", 1, "x"),
        ]
    )
    with pytest.raises(services.ImportFailed) as exc:
        services.figures_import(actor=dept_admin, agency=department, year=2025, data=data, filename="a.xlsx")
    rows = [e.row for e in exc.value.errors]
    assert rows == [3, 4, 5]
    assert "3 处错误" in exc.value.message
    assert not Figure.objects.exists()


def test_import_refuses_other_files(department, dept_admin, frozen):
    with pytest.raises(services.ImportFailed):
        services.figures_import(actor=dept_admin, agency=department, year=2025, data=b"not excel", filename="a.xlsx")
    with pytest.raises(services.ImportFailed):
        services.figures_import(
            actor=dept_admin,
            agency=department,
            year=2025,
            data=_xlsx([], header=("a", "b", "c", "d")),
            filename="a.xlsx",
        )
    assert not Figure.objects.exists()


def test_jurisdiction_totals_and_missing_units(county_gov, department, other_department, dept_admin, spread, frozen):
    office = UserFactory(username="annual-office-2")
    grant(office, Role.DISCLOSURE_OFFICE_STAFF, county_gov)
    services.figure_save(
        actor=office, agency=other_department, year=2025, key="permit.decisions", value="5", source="x"
    )
    services.figure_save(actor=dept_admin, agency=department, year=2025, key="permit.decisions", value="7", source="y")
    tables = services.build_tables(county_gov, 2025, True)
    assert section_two.values(tables["section_two"])["permit.decisions"] == 12
    assert section_two.values(tables["section_two"])["normative.issued"] == 2
    assert set(tables["missing"]) == {department.name, other_department.name}
    assert all(ok for _, ok in tables["checks"]), tables["checks"]


def test_suggestion_from_title_and_number():
    s = catalog_interface.suggest_statutory_kind
    assert s("鄂托克前旗城市绿化管理办法", "鄂托克前旗人民政府令第3号") == "rule_issued"
    assert s("关于印发鄂托克前旗农村牧区低保管理办法的通知", "鄂前政发〔2025〕12号") == "normative_issued"
    assert s("关于废止部分规范性文件的决定", "鄂前政发〔2025〕20号") == "normative_repealed"
    assert s("行政处罚决定书（鄂前市监罚〔2025〕5号）") == "penalty"
    assert s("2025年秋季学期招生工作安排") == ""
