"""SPEC R3.1 on every staff path: nothing becomes public without a completed review.

- the Django admin is read-only for the catalogue (add/change/delete refused);
- the bulk import creates drafts only, all-or-nothing, and refuses status/index columns;
- (the item edit page cannot set a status: tests/catalog/test_office_journey.py).
"""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.catalog import selectors, services
from gongkai.catalog.enums import Attribute, ItemStatus, WithholdGround
from gongkai.catalog.models import Category, InformationItem, ItemVersion, Redaction
from gongkai.workflow.selectors import review_active_for

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("backoffice:catalog_import")
HEADERS = [
    "信息名称",
    "文件编号",
    "产生时间",
    "关键词",
    "信息分类",
    "五公开",
    "责任部门（科室）",
    "公开属性",
    "不予公开理由",
    "正文",
]


def xlsx(rows, headers=HEADERS, sheet="信息") -> bytes:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name="目录.xlsx"):
    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


GOOD_ROWS = [
    [
        "鄂托克前旗教育局关于2026年秋季学期招生工作的通知",
        "鄂前教发[2026]12号",
        "2026-08-03",
        "招生 秋季学期",
        "政策文件",
        "服务公开",
        "办公室",
        "主动公开",
        None,
        "各学校：\n现将招生工作安排通知如下。",
    ],
    [
        "鄂托克前旗教育局2026年部门预算",
        None,
        dt.datetime(2026, 2, 10),
        "部门预算",
        "07",
        "结果",
        None,
        "不予公开",
        "属于过程性信息",
        None,
    ],
]


# --- admin ----------------------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def draft(author, department, item_fields):
    return services.item_create(actor=author, agency=department, **item_fields)


def test_admin_cannot_add_an_item(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/catalog/informationitem/add/").status_code == 403
    response = client.post(
        "/admin/catalog/informationitem/add/", {"title": "后门", "status": "published", "index_number": "x/2026-1"}
    )
    assert response.status_code == 403
    assert not InformationItem.objects.exists()


def test_admin_cannot_publish_or_change_an_item(client, superuser, draft):
    client.force_login(superuser)
    change = f"/admin/catalog/informationitem/{draft.pk}/change/"
    page = client.get(change)
    assert page.status_code == 200  # view only
    assert 'name="_save"' not in page.content.decode()
    client.post(change, {"status": "published", "index_number": "000000000/2026-00001", "title": "改"})
    draft.refresh_from_db()
    assert (draft.status, draft.index_number, draft.title) == (ItemStatus.DRAFT, None, draft.title)
    assert draft.title != "改"
    assert client.post(f"/admin/catalog/informationitem/{draft.pk}/delete/", {"post": "yes"}).status_code == 403
    assert InformationItem.objects.filter(pk=draft.pk).exists()
    assert selectors.public_item_get(draft.pk) is None


@pytest.mark.parametrize("model", ["itemversion", "redaction", "consultation", "attachment", "category", "topic"])
def test_admin_cannot_add_catalogue_children_or_configuration(client, superuser, model):
    client.force_login(superuser)
    assert client.get(f"/admin/catalog/{model}/add/").status_code == 403


def test_admin_cannot_add_a_version_or_remove_a_redaction(client, superuser, draft, office_staff):
    redaction = services.redaction_add(
        actor=office_staff, item=draft, passage="身份证号150623199001011234", ground=WithholdGround.PERSONAL_PRIVACY
    )
    client.force_login(superuser)
    assert client.post(f"/admin/catalog/redaction/{redaction.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Redaction.objects.filter(pk=redaction.pk).exists()
    assert not ItemVersion.objects.exists()


def test_admin_is_hidden_from_staff_who_are_not_system_administrators(client, unit_admin, draft):
    unit_admin.is_staff = True
    unit_admin.save()
    client.force_login(unit_admin)
    assert client.get(f"/admin/catalog/informationitem/{draft.pk}/change/").status_code in (302, 403)


# --- bulk import ---------------------------------------------------------------------------------------


def test_good_file_creates_drafts_only(client, unit_admin, department, office_section, section_head):
    # given the unit administrator and a file of two rows
    client.force_login(unit_admin)
    # when they import it
    response = client.post(IMPORT, {"agency": department.pk, "file": upload(xlsx(GOOD_ROWS))})
    # then two drafts exist, unnumbered and not public
    assert response.status_code == 200
    assert "已建立 2 条草稿" in response.content.decode()
    items = list(InformationItem.objects.order_by("id"))
    assert [i.status for i in items] == [ItemStatus.DRAFT, ItemStatus.DRAFT]
    assert all(i.index_number is None and i.published_at is None for i in items)
    assert not selectors.public_items().exists()
    first, second = items
    assert first.document_number == "鄂前教发〔2026〕12号"
    assert first.produced_on == dt.date(2026, 8, 3)
    assert first.category.code == "02" and first.five_disclosure == "service"
    assert first.section == office_section
    assert first.body_html == "<p>各学校：</p>\n<p>现将招生工作安排通知如下。</p>"
    assert first.source_meta == {"import": "目录.xlsx", "row": 2}
    assert second.produced_on == dt.date(2026, 2, 10)
    assert second.category.code == "07" and second.five_disclosure == "result"
    assert second.attribute == Attribute.WITHHELD and second.withhold_grounds == ["process_information"]
    # 条例 art. 26: the proactive draft's clock runs from its 产生时间; the withheld one has none
    assert first.disclosure_deadline.rule_key == "disclosure.proactive_period"
    assert timezone.localdate(first.disclosure_deadline.start_at) == dt.date(2026, 8, 3)
    assert second.disclosure_deadline is None
    assert AuditEvent.objects.filter(event="catalog.item.created").count() == 2
    assert AuditEvent.objects.get(event="catalog.import.completed").data["created"] == 2
    # and a draft goes through the normal review when submitted
    services.item_submit(actor=unit_admin, item=first)
    first.refresh_from_db()
    assert first.status == ItemStatus.IN_REVIEW and review_active_for(first) is not None
    assert selectors.public_item_get(first.pk) is None


def test_one_bad_row_imports_nothing_and_lists_the_row_errors(client, unit_admin, department, office_section):
    client.force_login(unit_admin)
    bad = [*GOOD_ROWS[0]]
    bad[0] = "另一条通知"
    bad[2] = "2026/08/03"
    bad[3] = "招生 中小学秋季学期招生工作安排"
    rows = [GOOD_ROWS[0], bad, [*GOOD_ROWS[1][:4], "不存在的分类", *GOOD_ROWS[1][5:]]]
    response = client.post(IMPORT, {"agency": department.pk, "file": upload(xlsx(rows))})
    assert response.status_code == 422
    errors = [(e.row, e.column) for e in response.context["failed"].errors]
    assert errors == [(3, "产生时间"), (3, "关键词"), (4, "信息分类")]
    html = response.content.decode()
    assert "未导入任何数据" in html and "yyyy-mm-dd" in html and "不存在的分类" in html
    assert not InformationItem.objects.exists()
    assert not AuditEvent.objects.filter(event__startswith="catalog.").exists()


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"this is not a workbook", "目录.xlsx", "不是有效的 Excel"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "目录.xls", "旧版 .xls"),
        (b"PK\x03\x04broken", "目录.xlsx", "无法读取"),
        (xlsx([]), "目录.xlsx", "没有可导入的数据行"),
        (xlsx(GOOD_ROWS, headers=["名称", "日期"]), "目录.xlsx", "缺少必填列"),
    ],
)
def test_malformed_files_are_refused_in_chinese(client, unit_admin, department, data, name, message):
    client.force_login(unit_admin)
    response = client.post(IMPORT, {"agency": department.pk, "file": upload(data, name)})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not InformationItem.objects.exists()


@pytest.mark.parametrize("column", ["状态", "索引号", "发布时间"])
def test_a_status_or_index_number_column_is_refused(client, unit_admin, department, column):
    client.force_login(unit_admin)
    rows = [[*row, "已公开" if column == "状态" else "000014349/2026-00001"] for row in GOOD_ROWS]
    response = client.post(IMPORT, {"agency": department.pk, "file": upload(xlsx(rows, headers=[*HEADERS, column]))})
    assert response.status_code == 422
    assert "导入只能建立草稿" in response.content.decode()
    assert not InformationItem.objects.exists()


def test_sysadmin_imports_for_any_agency(client, sysadmin, other_department):
    client.force_login(sysadmin)
    row = [*GOOD_ROWS[0]]
    row[6] = None  # no such section in the other agency
    response = client.post(IMPORT, {"agency": other_department.pk, "file": upload(xlsx([row]))})
    assert response.status_code == 200
    item = InformationItem.objects.get()
    assert item.agency == other_department and item.status == ItemStatus.DRAFT and item.created_by == sysadmin


def test_unit_admin_cannot_import_for_another_agency(client, unit_admin, other_department):
    client.force_login(unit_admin)
    response = client.post(IMPORT, {"agency": other_department.pk, "file": upload(xlsx(GOOD_ROWS))})
    assert response.status_code == 400
    assert "agency" in response.context["form"].errors
    assert not InformationItem.objects.exists()


def test_sub_user_and_anonymous_cannot_import(client, author, department):
    client.force_login(author)
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"agency": department.pk, "file": upload(xlsx(GOOD_ROWS))}).status_code == 403
    client.logout()
    assert client.get(IMPORT).status_code == 302
    assert not InformationItem.objects.exists()


def test_template_lists_the_columns_and_imports_nothing_as_is(client, unit_admin, department):
    client.force_login(unit_admin)
    response = client.get(reverse("backoffice:catalog_import_template"))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in workbook["信息"][1]]
    assert headers[:4] == ["信息名称", "文件编号", "产生时间", "关键词"]
    assert "索引号" not in headers and "状态" not in headers
    again = client.post(IMPORT, {"agency": department.pk, "file": upload(response.content)})
    assert "没有可导入的数据行" in again.content.decode()


def test_duplicate_titles_in_one_file_are_reported(client, unit_admin, department, office_section):
    client.force_login(unit_admin)
    response = client.post(IMPORT, {"agency": department.pk, "file": upload(xlsx([GOOD_ROWS[0], GOOD_ROWS[0]]))})
    assert response.status_code == 422
    assert "与第 2 行的信息名称相同" in response.content.decode()
    assert not InformationItem.objects.exists()


def test_import_service_refuses_an_unknown_category_value(unit_admin, department, office_section):
    # the inactive category is refused like an unknown one
    Category.objects.filter(code="02").update(is_active=False)
    from gongkai.catalog.importer import ImportFailed

    with pytest.raises(ImportFailed) as exc:
        services.item_import(actor=unit_admin, agency=department, data=xlsx([GOOD_ROWS[0]]), filename="a.xlsx")
    assert [(e.row, e.column) for e in exc.value.errors] == [(2, "信息分类")]
    assert not InformationItem.objects.exists()
