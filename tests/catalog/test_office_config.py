"""Back office: configuration of categories and topics (system administrators) and the
disclosure guide of each agency (its unit administrator or the disclosure office)."""

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.catalog import services
from gongkai.catalog.models import Category, DisclosureGuide, Topic
from gongkai.core.errors import PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"backoffice:catalog_{name}", args=args)


def codes():
    return list(Category.objects.order_by("order", "code").values_list("code", flat=True))


def test_the_nine_default_categories_are_listed(client, sysadmin):
    client.force_login(sysadmin)
    response = client.get(url("category_list"))
    assert response.status_code == 200
    assert [c.name for c in response.context["categories"]] == [
        "机构概况",
        "政策文件",
        "政府决策",
        "工作信息",
        "人事信息",
        "行政执法",
        "财政信息",
        "公共服务",
        "社会监督",
    ]


def test_sysadmin_adds_renames_reorders_and_deactivates_a_category(client, sysadmin):
    client.force_login(sysadmin)
    # add
    response = client.post(url("category_create"), {"code": "10", "name": "政府公报", "description": "公报各期"})
    assert response.status_code == 302
    gazette = Category.objects.get(code="10")
    assert gazette.order == 10 and gazette.is_active
    # rename
    client.post(url("category_edit", gazette.pk), {"name": "政府公报（月刊）", "description": ""})
    gazette.refresh_from_db()
    assert gazette.name == "政府公报（月刊）"
    # reorder
    client.post(url("category_action", gazette.pk), {"action": "up"})
    assert codes()[-2:] == ["10", "09"]
    client.post(url("category_action", Category.objects.get(code="01").pk), {"action": "up"})  # already first
    assert codes()[0] == "01"
    # deactivate: no longer offered for new items
    client.post(url("category_action", gazette.pk), {"action": "deactivate"})
    gazette.refresh_from_db()
    assert gazette.is_active is False
    events = list(
        AuditEvent.objects.filter(event__startswith="catalog.category.").order_by("seq").values_list("event", flat=True)
    )
    assert events == [
        "catalog.category.created",
        "catalog.category.updated",
        "catalog.category.reordered",
        "catalog.category.deactivated",
    ]


def test_deactivated_category_is_not_offered_on_the_item_form(client, sysadmin, author, department):
    services.category_set_active(actor=sysadmin, category=Category.objects.get(code="09"), active=False)
    client.force_login(author)
    page = client.post(url("item_create"), {"stage": "extract", "agency": department.pk, "mode": "blank"})
    offered = list(page.context["form"].fields["category"].queryset.values_list("code", flat=True))
    assert "09" not in offered and len(offered) == 8


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"code": "02", "name": "新分类"}, "code", "已被使用"),
        ({"code": "十", "name": "新分类"}, "code", "数字或字母"),
        ({"code": "11", "name": "政策文件"}, "name", "已有名为"),
    ],
)
def test_bad_category_is_refused(client, sysadmin, data, field, message):
    client.force_login(sysadmin)
    before = Category.objects.count()
    response = client.post(url("category_create"), data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert Category.objects.count() == before


def test_last_active_category_cannot_be_deactivated(sysadmin):
    categories = list(Category.objects.all())
    for c in categories[1:]:
        services.category_set_active(actor=sysadmin, category=c, active=False)
    with pytest.raises(ValidationFailed):
        services.category_set_active(actor=sysadmin, category=categories[0], active=False)
    assert Category.objects.filter(is_active=True).count() == 1


def test_only_system_administrators_configure_categories_and_topics(client, unit_admin):
    client.force_login(unit_admin)
    assert client.get(url("category_list")).status_code == 403
    assert client.post(url("category_create"), {"code": "10", "name": "公报"}).status_code == 403
    policy = Category.objects.get(code="02")
    assert client.post(url("category_action", policy.pk), {"action": "deactivate"}).status_code == 403
    assert client.get(url("topic_list")).status_code == 403
    assert client.post(url("topic_create"), {"slug": "x", "name": "专题"}).status_code == 403
    assert Category.objects.count() == 9 and Category.objects.get(code="02").is_active
    assert not Topic.objects.exists()
    with pytest.raises(PermissionDenied):
        services.category_create(actor=unit_admin, code="10", name="公报")


def test_sysadmin_manages_topics(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(url("topic_create"), {"slug": "youhua-yingshang", "name": "优化营商环境", "description": ""})
    assert response.status_code == 302
    topic = Topic.objects.get()
    client.post(url("topic_edit", topic.pk), {"name": "优化营商环境专题", "description": "政策汇编"})
    client.post(url("topic_set_active", topic.pk), {"active": "0"})
    topic.refresh_from_db()
    assert (topic.name, topic.description, topic.is_active) == ("优化营商环境专题", "政策汇编", False)
    duplicate = client.post(url("topic_create"), {"slug": "youhua-yingshang", "name": "重复"})
    assert "已被使用" in " ".join(duplicate.context["form"].errors["slug"])
    assert Topic.objects.count() == 1


def test_active_topics_are_offered_on_the_item_form_and_saved(client, sysadmin, author, department, item_fields):
    topic = services.topic_create(actor=sysadmin, slug="zhaosheng", name="招生专题")
    item = services.item_create(actor=author, agency=department, **item_fields)
    client.force_login(author)
    form = client.get(url("item_edit", item.pk)).context["form"]
    assert list(form.fields["topics"].queryset) == [topic]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["topics"] = [topic.pk]
    assert client.post(url("item_edit", item.pk), data).status_code == 302
    assert list(item.topics.all()) == [topic]


def test_unit_admin_edits_the_guide_of_their_agency(client, unit_admin, department):
    client.force_login(unit_admin)
    listing = client.get(url("guide_list"))
    assert [a.pk for a, _ in listing.context["rows"]] == [department.pk]
    response = client.post(
        url("guide_edit", department.pk),
        {
            "how_to_obtain": "主动公开信息通过门户网站、政府公报获取；依申请公开信息向办公室提出申请。",
            "office_name": "鄂托克前旗教育局办公室",
            "address": "敖勒召其镇",
            "hours": "工作日 8:30–12:00，14:30–18:00",
            "phone": "0477-7621234",
            "fax": "0477-7621235",
            "online": "http://www.etkqq.gov.cn",
            "postcode": "016200",
            "notes": "",
        },
    )
    assert response.status_code == 302
    guide = DisclosureGuide.objects.get(agency=department)
    assert guide.office_name == "鄂托克前旗教育局办公室" and guide.fax == "0477-7621235"
    assert AuditEvent.objects.filter(event="catalog.guide.saved").count() == 1


def test_disclosure_office_edits_guides_of_the_agencies_below(client, office_staff, department):
    client.force_login(office_staff)
    assert client.get(url("guide_edit", department.pk)).status_code == 200


def test_guide_of_another_agency_is_refused(client, unit_admin, other_department, author, department):
    client.force_login(unit_admin)
    assert client.get(url("guide_edit", other_department.pk)).status_code == 404
    # a sub-user sees their agency but may not edit its guide
    client.force_login(author)
    assert client.get(url("guide_edit", department.pk)).status_code == 403
    assert client.post(url("guide_edit", department.pk), {"office_name": "改"}).status_code == 403
    assert not DisclosureGuide.objects.exists()
