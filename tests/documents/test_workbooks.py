"""Every Excel file the platform writes names its issuing unit (or the platform) and a title, never
openpyxl's defaults."""

import io

import openpyxl
import pytest


def _props(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).properties


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, url, title",
    [
        (None, "/catalog/export.xlsx", "政府信息公开目录"),
        ("unit_admin", "/office/catalog/import/template.xlsx", "政府信息批量导入模板"),
        ("sysadmin", "/office/orgs/import/template.xlsx", "机构、科室和人员批量导入模板"),
    ],
)
def test_platform_workbooks_name_the_platform_not_openpyxl(client, request, who, url, title):
    # given a visitor, or a member of staff who may download the import template
    if who:
        client.force_login(request.getfixturevalue(who))
    # when the workbook is downloaded
    response = client.get(url)
    # then it is a real workbook whose properties are the platform's
    assert response.status_code == 200
    props = _props(b"".join(response.streaming_content) if response.streaming else response.content)
    assert (props.creator, props.lastModifiedBy, props.title) == ("政府信息公开平台", "政府信息公开平台", title)


@pytest.mark.django_db
def test_opinion_statistics_workbook_names_the_users_unit(client, unit_admin, department):
    # given a unit administrator of a department
    client.force_login(unit_admin)
    # when the opinion statistics are downloaded
    response = client.get("/office/opinion/response/statistics.xlsx?period=month&date=2026-03-01")
    # then the workbook's author is that department
    assert response.status_code == 200
    props = _props(response.content)
    assert props.creator == department.name and props.lastModifiedBy == department.name
    assert props.title == "政务舆情统计（2026-03-01 至 2026-03-31）"
