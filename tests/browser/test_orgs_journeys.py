"""Browser journeys for organisations and people (Playwright on Debian's Chromium)."""

import pytest

from gongkai.orgs.enums import Role
from gongkai.orgs.models import Agency, User

from ..factories import UserFactory, grant
from ..orgs.test_import import good_sheets, xlsx
from .conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_admin_imports_a_file_fixes_a_bad_row_and_finds_the_new_agency(page, county_gov, department):
    # given a system administrator and an import file with one unknown role
    admin = UserFactory(username="root", full_name="管理员")
    grant(admin, Role.SYSTEM_ADMIN)
    sheets = good_sheets(department)
    sheets["人员"][2][6] = "局长"
    sign_in(page, "root", "Passw0rd!gk")

    # when they upload it from the import page reached through the menu
    page.get_by_role("link", name="批量导入").click()
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(
        files=[{"name": "机构人员.xlsx", "mimeType": XLSX, "buffer": xlsx(sheets)}]
    )
    page.get_by_role("button", name="检查并导入").click()

    # then nothing is imported and the table names the sheet, row and column
    page.get_by_role("heading", name="未导入任何数据").wait_for()
    row = page.get_by_role("row").filter(has_text="未知角色“局长”。")
    assert row.inner_text().split("\t")[:3] == ["人员", "3", "角色"]
    shot(page, "org-import-errors")
    assert not User.objects.filter(username="zhangsan").exists()

    # when the corrected file is uploaded
    page.get_by_role("link", name="再导入一个文件").click()
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(
        files=[{"name": "机构人员.xlsx", "mimeType": XLSX, "buffer": xlsx(good_sheets(department))}]
    )
    page.get_by_role("button", name="检查并导入").click()

    # then everything is imported and the new agency is listed with its codes
    page.get_by_role("heading", name="导入成功").wait_for()
    assert "人员：3 名" in page.content()
    shot(page, "org-import-success")
    page.get_by_role("link", name="查看机构").click()
    page.get_by_label("名称或代码").fill("交通运输局")
    page.get_by_role("button", name="筛选").click()
    agency = Agency.objects.get(name="鄂托克前旗交通运输局")
    assert page.get_by_role("row").filter(has_text=agency.code).count() == 1


def test_unit_admin_sees_only_their_unit(page, unit_admin, department, other_department):
    sign_in(page, "unitadmin", "Passw0rd!gk")
    page.get_by_role("link", name="机构", exact=True).click()
    page.get_by_role("heading", name="机构", level=1).wait_for()
    body = page.content()
    assert department.name in body
    assert other_department.name not in body
    assert page.get_by_role("link", name="批量导入").count() == 0
    # a direct link to another unit's agency is answered as if it did not exist
    response = page.goto(f"{page.base_url}/office/orgs/agencies/{other_department.pk}/")
    assert response.status == 404
