"""Hotline import (CSV / Excel): row errors and nothing half-imported; idempotent by external id."""

import io

import openpyxl
import pytest

from gongkai.core.errors import PermissionDenied
from gongkai.interaction.models import Letter
from gongkai.interaction.services.hotline import ImportFailed, hotline_import

HEADER = "工单号,来电时间,热线,类型,标题,内容,来电人,联系电话\n"
GOOD = "GD-1,2026-03-01 10:00,12345,投诉,噪音扰民,小区旁工地夜间施工噪音很大,李四,13800000001\n"
GOOD2 = "GD-2,2026-03-01 11:00,县长热线,咨询,社保咨询,请问灵活就业人员如何缴纳养老保险,赵六,13800000002\n"


def csv_bytes(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode("utf-8")


def test_csv_import_and_reimport_is_idempotent(county_gov, clerk, frozen):
    result = hotline_import(actor=clerk, office=county_gov, data=csv_bytes(GOOD, GOOD2), filename="cases.csv")
    assert (result.created, result.skipped) == (2, 0)
    letter = Letter.objects.get(external_id="GD-2")
    assert letter.channel == "hotline_county" and letter.kind == "consult"
    again = hotline_import(actor=clerk, office=county_gov, data=csv_bytes(GOOD, GOOD2), filename="cases.csv")
    assert (again.created, again.skipped) == (0, 2)
    assert Letter.objects.count() == 2


def test_a_bad_row_imports_nothing(county_gov, clerk, frozen):
    bad = "GD-3,2026-03-01,12345,未知类型,标题,内容足够长的一段话,王五,13800000003\n"
    no_phone = "GD-4,2026-03-01,12345,投诉,标题,内容足够长的一段话,王五,\n"
    with pytest.raises(ImportFailed) as exc:
        hotline_import(actor=clerk, office=county_gov, data=csv_bytes(GOOD, bad, no_phone), filename="cases.csv")
    rows = [e["row"] for e in exc.value.detail["errors"]]
    assert rows == [3, 4]
    assert "未导入任何数据" in exc.value.message
    assert not Letter.objects.exists()


def test_excel_import(county_gov, clerk, frozen):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["工单号", "类型", "标题", "内容", "来电人", "联系电话"])
    sheet.append(["X-1", "求助", "路面塌陷", "幸福路中段路面塌陷，存在安全隐患", "钱七", "13800000004"])
    buf = io.BytesIO()
    book.save(buf)
    result = hotline_import(actor=clerk, office=county_gov, data=buf.getvalue(), filename="cases.xlsx")
    assert result.created == 1


def test_missing_columns_and_denial(county_gov, clerk, liaison, frozen):
    with pytest.raises(ImportFailed, match="缺少必填列"):
        hotline_import(actor=clerk, office=county_gov, data="标题\n某某\n".encode(), filename="x.csv")
    with pytest.raises(PermissionDenied):
        hotline_import(actor=liaison, office=county_gov, data=csv_bytes(GOOD), filename="x.csv")
    assert not Letter.objects.exists()
