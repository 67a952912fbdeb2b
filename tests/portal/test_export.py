"""Excel export of a catalogue view: the current filters, the public fields, a stated cap."""

from __future__ import annotations

import datetime as dt

import pytest

from .conftest import xlsx_rows, xlsx_text

pytestmark = pytest.mark.django_db
HEADER = (
    "索引号",
    "信息名称",
    "文件编号",
    "产生时间",
    "公开形式",
    "内容描述",
    "公开时限",
    "审核程序",
    "责任部门（科室）",
    "信息分类",
    "关键词",
    "发布机构",
    "五公开",
    "公开时间",
    "网址",
    "正文",
)


def test_export_of_the_filtered_view(client, publish, category):
    # given two items in different categories
    policy = publish(title="导出测试政策文件", produced_on=dt.date(2018, 11, 5))
    publish(title="导出测试机构概况", category=category("01"))

    # when the catalogue view of category 02 is exported
    response = client.get("/catalog/export.xlsx", {"category": "02"})

    # then the file has the header and the one matching row with its public fields
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment;" in response["Content-Disposition"]
    rows = xlsx_rows(response.content)
    assert rows[0] == HEADER
    assert len(rows) == 2
    row = dict(zip(HEADER, rows[1], strict=True))
    assert row["索引号"] == policy.index_number
    assert row["信息名称"] == "导出测试政策文件"
    assert row["文件编号"] == "鄂前政办发〔2018〕96号"
    assert row["产生时间"] == "2018-11-05"
    assert row["公开形式"] == "主动公开"
    assert row["公开时限"] == "长期公开"
    assert row["责任部门（科室）"] == "办公室"
    assert row["信息分类"] == "政策文件"
    assert row["网址"] == f"http://testserver/catalog/items/{policy.pk}/"
    assert "记事本" in row["正文"]
    notes = dict(xlsx_rows(response.content, sheet=1))
    assert notes["导出条数"] == "1"
    assert notes["导出上限"] == "每次最多导出 10000 条"
    assert notes["是否完整"] == "是"
    assert notes["筛选条件"] == "分类代码 02"


def test_export_is_capped_and_says_so(client, publish, settings):
    settings.PORTAL_EXPORT_MAX_ROWS = 2
    for i in range(3):
        publish(title=f"导出上限测试{i}")
    response = client.get("/catalog/export.xlsx")
    assert len(xlsx_rows(response.content)) == 3  # header + 2
    notes = dict(xlsx_rows(response.content, sheet=1))
    assert notes["是否完整"].startswith("否：符合条件的信息超过上限，仅导出前 2 条")
    assert response["X-Export-Truncated"] == "1"
    assert "每次最多导出 2 条" in client.get("/catalog/").content.decode()


def test_export_link_carries_the_current_filters(client, published):
    html = client.get("/catalog/categories/02/?year=2018&sort=title").content.decode()
    assert 'href="/catalog/export.xlsx?category=02&amp;year=2018&amp;sort=title"' in html


def test_cells_are_text_never_formulas(client, publish):
    publish(title='=HYPERLINK("http://evil.example","点击")', description="+1+2")
    rows = xlsx_rows(client.get("/catalog/export.xlsx").content)
    assert rows[1][1] == '=HYPERLINK("http://evil.example","点击")'  # kept as text, not a formula
    assert "=HYPERLINK" in xlsx_text(client.get("/catalog/export.xlsx").content)


def test_export_ignores_bad_filters(client, published):
    response = client.get("/catalog/export.xlsx", {"year": "xyz", "agency": "abc", "category": "zz"})
    assert response.status_code == 200
    assert len(xlsx_rows(response.content)) == 2
