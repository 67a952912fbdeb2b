import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import PermissionDenied
from gongkai.orgs import importer, services
from gongkai.orgs.codes import org_code_check_char
from gongkai.orgs.enums import AgencyKind, Role
from gongkai.orgs.importer import ImportFailed, RowError
from gongkai.orgs.models import Agency, RoleAssignment, Section, User

pytestmark = pytest.mark.django_db

TRANSPORT = "01506221" + org_code_check_char("01506221")
ENFORCEMENT = "01506222" + org_code_check_char("01506222")
AGENCY_HEADER = ["机构名称", "简称", "机构类型", "区划代码", "上级机构代码", "机构代码", "部门代码"]
SECTION_HEADER = ["机构代码", "科室名称", "科室代码"]
PEOPLE_HEADER = ["用户名", "姓名", "电话", "邮箱", "单位机构代码", "科室", "角色", "初始密码"]


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    """A workbook with the given sheets (first row: header)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        ws = workbook.create_sheet(name)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def good_sheets(department) -> dict[str, list[list]]:
    """The example import file: two new agencies (the child listed before its parent), sections, people."""
    return {
        "机构": [
            AGENCY_HEADER,
            ["交通运输综合行政执法大队", "执法大队", "直属单位", "150623", TRANSPORT, ENFORCEMENT, "032"],
            ["鄂托克前旗交通运输局", "交通运输局", "政府工作部门", "150623", "000014349", TRANSPORT, "031"],
        ],
        "科室": [
            SECTION_HEADER,
            [TRANSPORT, "办公室", "01"],
            [department.code, "基础教育股", ""],
        ],
        "人员": [
            PEOPLE_HEADER,
            [
                "zhangsan",
                "张三",
                "0477-7621234",
                "zhangsan@example.gov.cn",
                TRANSPORT,
                "办公室",
                "无审核权的下级用户、联络员",
                "Strong!Pass2026",
            ],
            ["lisi", "李四", 13800000000, "", department.code, "基础教育股", "科室负责人", None],
            ["wangwu", "王五", None, None, ENFORCEMENT, None, "舆情监测（网信办、网安）", ""],
        ],
    }


def test_good_file_imports_everything(sysadmin, county_gov, department):
    # given
    data = xlsx(good_sheets(department))
    # when
    summary = services.org_import(actor=sysadmin, data=data, filename="机构人员.xlsx")
    # then
    assert (summary.agencies, summary.sections, summary.users, summary.roles) == (2, 2, 3, 4)
    assert summary.without_password == ["lisi", "wangwu"]
    transport = Agency.objects.get(code=TRANSPORT)
    enforcement = Agency.objects.get(code=ENFORCEMENT)
    assert (transport.parent, transport.kind, transport.department_code) == (county_gov, AgencyKind.DEPARTMENT, "031")
    assert (enforcement.parent, enforcement.kind) == (transport, AgencyKind.AFFILIATED)
    zhangsan = User.objects.get(username="zhangsan")
    assert zhangsan.check_password("Strong!Pass2026")
    assert set(RoleAssignment.objects.filter(user=zhangsan).values_list("role", "agency_id", "section__name")) == {
        (Role.SUB_USER, transport.pk, "办公室"),
        (Role.LIAISON, transport.pk, "办公室"),
    }
    lisi = User.objects.get(username="lisi")
    assert lisi.phone == "13800000000"
    assert not lisi.has_usable_password()
    assert list(lisi.role_assignments.values_list("role", "section__name")) == [(Role.SECTION_HEAD, "基础教育股")]
    assert list(User.objects.get(username="wangwu").role_assignments.values_list("role", flat=True)) == [
        Role.OPINION_MONITOR
    ]
    assert AuditEvent.objects.filter(event="orgs.agency.created").count() == 2
    assert AuditEvent.objects.filter(event="orgs.role.granted").count() == 4
    completed = AuditEvent.objects.get(event="orgs.import.completed")
    assert completed.data == {"agencies": 2, "sections": 2, "users": 3, "roles": 4}


def test_one_bad_row_imports_nothing_and_names_row_and_column(sysadmin, county_gov, department, snapshot):
    # given the good file with one unknown role in the second person (row 3)
    sheets = good_sheets(department)
    sheets["人员"][2][6] = "科室负责人、局长"
    before = snapshot()
    # when
    with pytest.raises(ImportFailed) as exc:
        services.org_import(actor=sysadmin, data=xlsx(sheets), filename="bad.xlsx")
    # then
    assert exc.value.errors == [RowError("人员", 3, "角色", "未知角色“局长”。")]
    assert exc.value.message == "导入文件中有 1 处错误，未导入任何数据。"
    assert exc.value.detail == [{"sheet": "人员", "row": 3, "column": "角色", "message": "未知角色“局长”。"}]
    assert snapshot() == before


def test_every_bad_row_is_reported(sysadmin, county_gov, department, unit_admin, snapshot):
    bad_digit = "01506223" + str((int(org_code_check_char("01506223").replace("X", "0")) + 1) % 10)
    sheets = {
        "机构": [
            AGENCY_HEADER,
            ["甲局", "", "政府工作部门", "999999", "", bad_digit, ""],
            ["乙局", "", "某种类型", "150623", "", TRANSPORT, "abc-1"],
            ["丙局", "", "政府工作部门", "150623", "", TRANSPORT, ""],
            ["鄂托克前旗教育局", "", "政府工作部门", "150623", "", ENFORCEMENT, ""],
        ],
        "人员": [
            PEOPLE_HEADER,
            ["unitadmin", "重名", "", "", department.code, "", "联络员", ""],
            ["zhaoliu", "", "", "bad-mail", "000000001", "", "系统管理员", ""],
            ["qianqi", "钱七", "", "", department.code, "不存在的股", "", ""],
            ["sunba", "孙八", "", "", 14349, "", "联络员", ""],
            ["ZhaoLiu", "赵六", "", "", department.code, "", "联络员", dt.datetime(2026, 1, 1)],
        ],
    }
    before = snapshot()
    with pytest.raises(ImportFailed) as exc:
        services.org_import(actor=sysadmin, data=xlsx(sheets))
    errors = {(e.sheet, e.row, e.column): e.message for e in exc.value.errors}
    assert errors == {
        ("机构", 2, "区划代码"): "区划代码 999999 不存在，请先在“行政区划”中添加。",
        ("机构", 2, "机构代码"): "组织机构代码校验位不正确。",
        (
            "机构",
            3,
            "机构类型",
        ): "未知的机构类型“某种类型”，应为：人民政府、政府办公室、政府工作部门、直属单位、开发区管委会、乡镇人民政府（街道办事处）、其他。",
        ("机构", 3, "部门代码"): "部门代码应为 1–10 位数字或字母。",
        ("机构", 4, "机构代码"): f"机构代码 {TRANSPORT} 与本表第 3 行重复。",
        ("机构", 5, "机构名称"): "区划“鄂托克前旗”下已有名为“鄂托克前旗教育局”的机构。",
        ("人员", 2, "用户名"): "用户名“unitadmin”已被使用。",
        ("人员", 3, "姓名"): "请填写姓名。",
        ("人员", 3, "邮箱"): "电子邮箱格式不正确。",
        ("人员", 3, "单位机构代码"): "组织机构代码校验位不正确。",
        ("人员", 3, "角色"): "系统管理员角色不能通过导入分配，请在人员页面单独授予。",
        ("人员", 4, "科室"): "该单位没有名为“不存在的股”的科室；可在“科室”工作表中一并导入。",
        ("人员", 4, "角色"): "请至少填写一个角色（多个角色用“、”分隔）。",
        ("人员", 5, "单位机构代码"): "代码被 Excel 识别为数字，前导零已丢失；请将该列设为文本格式后重新填写。",
        ("人员", 6, "用户名"): "用户名“ZhaoLiu”与本表第 3 行重复。",
        ("人员", 6, "初始密码"): "应为文本，不应是日期或时间。",
    }
    assert snapshot() == before


def test_cycle_between_rows_is_reported(sysadmin, county_gov):
    sheets = {
        "机构": [
            AGENCY_HEADER,
            ["甲局", "", "政府工作部门", "150623", ENFORCEMENT, TRANSPORT, ""],
            ["乙局", "", "政府工作部门", "150623", TRANSPORT, ENFORCEMENT, ""],
        ],
        "人员": [PEOPLE_HEADER],
    }
    with pytest.raises(ImportFailed) as exc:
        services.org_import(actor=sysadmin, data=xlsx(sheets))
    assert exc.value.errors == [RowError("机构", 2, "上级机构代码", "上级机构关系形成循环。")]
    assert not Agency.objects.filter(code__in=[TRANSPORT, ENFORCEMENT]).exists()


def test_unknown_parent_is_reported(sysadmin, county_gov):
    unknown = "01506299" + org_code_check_char("01506299")
    sheets = {
        "机构": [AGENCY_HEADER, ["甲局", "", "政府工作部门", "150623", unknown, TRANSPORT, ""]],
        "人员": [PEOPLE_HEADER],
    }
    with pytest.raises(ImportFailed) as exc:
        services.org_import(actor=sysadmin, data=xlsx(sheets))
    assert exc.value.errors == [
        RowError("机构", 2, "上级机构代码", f"上级机构 {unknown} 不存在（系统中和本文件中都没有）。")
    ]


# --- malformed files --------------------------------------------------------------------------


def _corrupt_zip(department) -> bytes:
    data = xlsx(good_sheets(department))
    return data[: len(data) // 2]


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


def _empty_workbook() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "filename", "message"),
    [
        (
            lambda d: b"\x00\x13random bytes\xff" * 50,
            "people.xlsx",
            "文件不是有效的 Excel（.xlsx）文件，请使用本页提供的模板填写后上传。",
        ),
        (
            lambda d: "机构名称,机构代码\n某局,123\n".encode(),
            "renamed.xlsx",
            "文件不是有效的 Excel（.xlsx）文件，请使用本页提供的模板填写后上传。",
        ),
        (lambda d: b"plain text", "people.txt", "请上传 .xlsx 格式的 Excel 文件。"),
        (
            lambda d: b"\xd0\xcf\x11\xe0" + b"\x00" * 100,
            "old.xlsx",
            "不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 后再上传。",
        ),
        (_corrupt_zip, "cut.xlsx", "文件已损坏或不是有效的 Excel（.xlsx）文件，无法读取。"),
        (lambda d: _zip_without_workbook(), "zip.xlsx", "文件不是有效的 Excel（.xlsx）文件：缺少工作簿内容。"),
        (lambda d: b"", "empty.xlsx", "上传的文件为空。"),
        (lambda d: _empty_workbook(), "blank.xlsx", "工作簿为空，没有任何数据。请使用本页提供的模板。"),
        (
            lambda d: xlsx({"机构": [AGENCY_HEADER, ["甲局", "", "政府工作部门", "150623", "", TRANSPORT, ""]]}),
            "only-agencies.xlsx",
            "缺少工作表“人员”。工作表名称须为“机构”“人员”（可选“科室”）。",
        ),
        (
            lambda d: xlsx({"Sheet1": [["a", "b"], [1, 2]]}),
            "other.xlsx",
            "缺少工作表“机构”、“人员”。工作表名称须为“机构”“人员”（可选“科室”）。",
        ),
        (
            lambda d: xlsx({"机构": [AGENCY_HEADER], "人员": [PEOPLE_HEADER]}),
            "header-only.xlsx",
            "文件中没有可导入的数据行（第 1 行为表头，数据从第 2 行开始）。",
        ),
    ],
    ids=[
        "random-bytes",
        "renamed-text",
        "txt-name",
        "old-xls",
        "corrupt-zip",
        "zip-not-xlsx",
        "empty-file",
        "empty-workbook",
        "missing-sheet",
        "wrong-sheets",
        "no-data-rows",
    ],
)
def test_malformed_files_give_a_chinese_error_and_write_nothing(
    sysadmin, county_gov, department, snapshot, make, filename, message
):
    before = snapshot()
    with pytest.raises(ImportFailed) as exc:
        services.org_import(actor=sysadmin, data=make(department), filename=filename)
    assert exc.value.message == message
    assert snapshot() == before


def test_missing_column_is_reported(sysadmin, county_gov, department, snapshot):
    sheets = good_sheets(department)
    sheets["人员"] = [list(row[:6]) for row in sheets["人员"]]  # no 角色 column
    before = snapshot()
    with pytest.raises(ImportFailed) as exc:
        services.org_import(actor=sysadmin, data=xlsx(sheets))
    assert exc.value.errors == [RowError("人员", 1, "角色", "缺少必填列“角色”。")]
    assert exc.value.message == "导入文件中有 1 处错误，未导入任何数据。"
    assert snapshot() == before


def test_too_many_rows(settings, sysadmin, county_gov, department, snapshot):
    settings.ORG_IMPORT_MAX_ROWS = 3
    before = snapshot()
    with pytest.raises(ImportFailed) as exc:
        services.org_import(actor=sysadmin, data=xlsx(good_sheets(department)))
    assert exc.value.message == "数据行数超过上限（最多 3 行），请分批导入。"
    assert snapshot() == before


def test_over_large_file(settings, sysadmin, county_gov, department, snapshot):
    settings.ORG_IMPORT_MAX_BYTES = 1024
    before = snapshot()
    with pytest.raises(ImportFailed) as exc:
        services.org_import(actor=sysadmin, data=xlsx(good_sheets(department)))
    assert exc.value.message.startswith("文件过大（")
    assert exc.value.message.endswith("上限为 0.0 MB。")
    assert snapshot() == before


@pytest.mark.parametrize("who", ["anonymous", "unit_admin", "office_head"])
def test_only_sysadmin_imports(request, who, county_gov, department, snapshot):
    actor = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.org_import(actor=actor, data=xlsx(good_sheets(department)))
    assert snapshot() == before


def test_header_with_required_marker_and_column_order_do_not_matter(sysadmin, county_gov):
    sheets = {
        "机构": [
            ["机构代码*", "机构名称（必填）", "区划代码", "机构类型"],
            [TRANSPORT, "鄂托克前旗交通运输局", 150623, "部门"],
        ],
        "人员": [PEOPLE_HEADER],
    }
    summary = services.org_import(actor=sysadmin, data=xlsx(sheets))
    assert summary.agencies == 1
    assert Agency.objects.get(code=TRANSPORT).region.code == "150623"


def test_split_roles_keeps_brackets_together():
    assert importer.split_roles("舆情监测（网信办、网安）、联络员，新闻办") == [
        "舆情监测（网信办、网安）",
        "联络员",
        "新闻办",
    ]


# --- the template -----------------------------------------------------------------------------


def test_template_has_headers_and_an_example_that_imports(sysadmin, county_gov):
    data = importer.build_template()
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["机构", "科室", "人员", "填写说明"]
    assert [c.value for c in workbook["机构"][1]] == AGENCY_HEADER
    assert [c.value for c in workbook["科室"][1]] == SECTION_HEADER
    assert [c.value for c in workbook["人员"][1]] == PEOPLE_HEADER
    assert workbook["机构"]["A2"].value == "鄂托克前旗交通运输局"
    summary = services.org_import(actor=sysadmin, data=data, filename="template.xlsx")
    assert (summary.agencies, summary.sections, summary.users, summary.roles) == (1, 1, 1, 2)


# --- the page ---------------------------------------------------------------------------------


def test_import_page_success(client, sysadmin, county_gov, department):
    client.force_login(sysadmin)
    upload = SimpleUploadedFile("org.xlsx", xlsx(good_sheets(department)))
    response = client.post(reverse("backoffice:org_import"), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "导入成功" in body
    assert "人员：3 名" in body
    assert User.objects.filter(username__in=["zhangsan", "lisi", "wangwu"]).count() == 3


def test_import_page_lists_row_errors(client, sysadmin, county_gov, department, snapshot):
    sheets = good_sheets(department)
    sheets["人员"][2][6] = "局长"
    before = snapshot()
    client.force_login(sysadmin)
    response = client.post(reverse("backoffice:org_import"), {"file": SimpleUploadedFile("org.xlsx", xlsx(sheets))})
    body = response.content.decode()
    assert response.status_code == 422
    assert "未导入任何数据" in body
    assert "<td>人员</td><td>3</td><td>角色</td><td>未知角色“局长”。</td>" in body
    assert snapshot() == before


def test_import_page_malformed_file(client, sysadmin, snapshot):
    before = snapshot()
    client.force_login(sysadmin)
    response = client.post(
        reverse("backoffice:org_import"), {"file": SimpleUploadedFile("x.xlsx", b"not a spreadsheet")}
    )
    assert response.status_code == 422
    assert "文件不是有效的 Excel（.xlsx）文件" in response.content.decode()
    assert snapshot() == before


def test_import_page_denied_to_unit_admin(client, unit_admin, department, snapshot):
    before = snapshot()
    client.force_login(unit_admin)
    response = client.post(
        reverse("backoffice:org_import"), {"file": SimpleUploadedFile("org.xlsx", xlsx(good_sheets(department)))}
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_template_download(client, sysadmin):
    client.force_login(sysadmin)
    response = client.get(reverse("backoffice:org_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert openpyxl.load_workbook(io.BytesIO(response.content))["人员"]["A1"].value == "用户名"


def test_sections_sheet_is_optional(sysadmin, department):
    sheets = {
        "机构": [AGENCY_HEADER],
        "人员": [PEOPLE_HEADER, ["x1", "某人", "", "", department.code, "", "联络员", ""]],
    }
    summary = services.org_import(actor=sysadmin, data=xlsx(sheets))
    assert (summary.users, summary.roles, Section.objects.count()) == (1, 1, 0)
