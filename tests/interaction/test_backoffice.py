"""The back-office case pages: the office routes, the township claims and drafts, denials."""

import pytest
from django.test import Client

from gongkai.interaction.enums import Status
from gongkai.interaction.models import Letter

from .conftest import submit


def signed_in(user):
    c = Client()
    c.force_login(user)
    return c


def test_office_routes_and_township_claims(county_gov, township, clerk, liaison, outsider, frozen):
    letter, _ = submit(county_gov)
    office = signed_in(clerk)
    assert office.get("/office/interaction/").status_code == 200
    page = office.get(f"/office/interaction/{letter.pk}/").content.decode()
    assert letter.title in page and "王小明" not in page and "13912345678" not in page
    office.post(f"/office/interaction/{letter.pk}/act/", {"action": "route", "agency": township.pk})
    assert Letter.objects.get(pk=letter.pk).status == Status.ASSIGNED
    town = signed_in(liaison)
    town.post(f"/office/interaction/{letter.pk}/act/", {"action": "claim"})
    town.post(
        f"/office/interaction/{letter.pk}/act/",
        {"action": "draft", "reply_kind": "answer", "reply_text": "已安排维修，预计本周完成。"},
    )
    assert Letter.objects.get(pk=letter.pk).status == Status.DRAFTED
    # A bad action gives a message, not a 500, and changes nothing.
    response = town.post(f"/office/interaction/{letter.pk}/act/", {"action": "route"}, follow=True)
    assert response.status_code == 200 and Letter.objects.get(pk=letter.pk).status == Status.DRAFTED
    assert signed_in(outsider).get(f"/office/interaction/{letter.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_denials(who, county_gov, outsider, frozen):
    letter, _ = submit(county_gov)
    c = Client() if who == "anonymous" else signed_in(outsider)
    response = c.get(f"/office/interaction/{letter.pk}/")
    assert response.status_code in (302, 404)
    c.post(f"/office/interaction/{letter.pk}/act/", {"action": "route"})
    assert Letter.objects.get(pk=letter.pk).status == Status.RECEIVED


def test_statistics_page_and_excel_export(county_gov, township, clerk, liaison, town_head, frozen):
    import io

    import openpyxl

    from gongkai.interaction import services
    from gongkai.interaction.enums import Action, Rating

    from .conftest import reply

    letter, _ = submit(county_gov)
    services.letter_transition(actor=clerk, letter=letter, action=Action.ROUTE, agency=township)
    services.letter_transition(actor=liaison, letter=letter, action=Action.CLAIM)
    reply(letter, liaison=liaison, head=town_head)
    services.letter_rate(letter=Letter.objects.get(pk=letter.pk), rating=Rating.SATISFIED)
    submit(county_gov, kind="consult", title="咨询", phone="13700000005")
    c = signed_in(clerk)
    page = c.get("/office/interaction/statistics/", {"from": "2026-01-01", "to": "2026-12-31"}).content.decode()
    assert "敖勒召其镇人民政府" in page and "100.0%" in page
    response = c.get("/office/interaction/statistics/", {"from": "2026-01-01", "to": "2026-12-31", "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["按承办单位", "按类型", "按月份"]
    rows = list(book["按类型"].iter_rows(values_only=True))
    assert rows[1][0] == "分组" and rows[2][:3] == ("咨询", 1, 0) and rows[3][:3] == ("投诉", 1, 1)
    assert rows[-1][0] == "合计" and rows[-1][1] == 2


def test_register_a_call_import_and_rules_pages(county_gov, township, clerk, town_region, frozen):
    c = signed_in(clerk)
    for url in ("/office/interaction/register/", "/office/interaction/import/", "/office/interaction/rules/"):
        assert c.get(url).status_code == 200
    r = c.post(
        "/office/interaction/register/",
        {
            "office": county_gov.pk,
            "channel": "hotline_county",
            "kind": "help",
            "title": "求助",
            "content": "家门口下水道堵塞外溢。",
            "name": "周九",
            "phone": "13800000010",
        },
    )
    assert r.status_code == 302 and Letter.objects.get().channel == "hotline_county"
    bad = c.post(
        "/office/interaction/register/",
        {"office": county_gov.pk, "channel": "hotline_county", "kind": "help", "title": "", "content": ""},
    )
    assert bad.status_code == 422 and "请填写标题" in bad.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = "工单号,类型,标题,内容,来电人,联系电话\nA-1,投诉,噪音,夜间施工噪音扰民严重,吴十,13800000011\nA-2,坏类型,标题,内容内容内容,吴十,13800000012\n"
    r = c.post(
        "/office/interaction/import/", {"office": county_gov.pk, "file": SimpleUploadedFile("a.csv", csv.encode())}
    )
    assert r.status_code == 422 and "第 3 行" in r.content.decode() and Letter.objects.count() == 1
    c.post(
        "/office/interaction/rules/",
        {"office": county_gov.pk, "place": town_region.pk, "target": township.pk, "priority": "10"},
    )
    assert township.name in c.get("/office/interaction/rules/").content.decode()


def test_township_staff_do_not_get_the_office_pages(liaison, frozen):
    c = signed_in(liaison)
    assert c.get("/office/interaction/rules/").status_code == 404
    assert c.get("/office/interaction/import/").status_code == 200  # liaison registers calls of its own unit


def test_full_contact_is_for_the_units_own_staff_and_audited(
    county_gov, township, clerk, liaison, other_liaison, sysadmin, frozen
):
    from gongkai.audit.models import AuditEvent
    from gongkai.interaction import services
    from gongkai.interaction.enums import Action

    letter, _ = submit(county_gov)
    services.letter_transition(actor=clerk, letter=letter, action=Action.ROUTE, agency=township)
    for user in (clerk, liaison):
        page = signed_in(user).post(f"/office/interaction/{letter.pk}/contact/").content.decode()
        assert "13912345678" in page and "王小明" in page
    assert AuditEvent.objects.filter(event="interaction.personal_data.viewed").count() == 2
    for user in (other_liaison, sysadmin):
        response = signed_in(user).post(f"/office/interaction/{letter.pk}/contact/", follow=True)
        assert "13912345678" not in response.content.decode()
    assert AuditEvent.objects.filter(event="interaction.personal_data.viewed").count() == 2


def test_due_soon_and_overdue_lists(county_gov, township, clerk, liaison, frozen):
    from gongkai.interaction import services
    from gongkai.interaction.enums import Action

    letter, _ = submit(county_gov)
    services.letter_transition(actor=clerk, letter=letter, action=Action.ROUTE, agency=township)
    services.letter_transition(actor=liaison, letter=letter, action=Action.CLAIM)
    c = signed_in(clerk)
    assert letter.tracking_number not in c.get("/office/interaction/", {"state": "due_soon"}).content.decode()
    frozen.set(2026, 3, 20)  # the last working days of the 15-working-day answer period (due 03-23)
    assert letter.tracking_number in c.get("/office/interaction/", {"state": "due_soon"}).content.decode()
    assert letter.tracking_number not in c.get("/office/interaction/", {"state": "overdue"}).content.decode()
    frozen.set(2026, 3, 25)
    assert letter.tracking_number in c.get("/office/interaction/", {"state": "overdue"}).content.decode()


def test_attachment_for_the_units_own_staff(county_gov, clerk, other_liaison, frozen):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    letter, _ = submit(county_gov, attachments=[("照片.png", png)])
    a = letter.attachments.get()
    response = signed_in(clerk).get(f"/office/interaction/{letter.pk}/attachments/{a.pk}/")
    assert response.status_code == 200 and response.content == png
    assert signed_in(other_liaison).get(f"/office/interaction/{letter.pk}/attachments/{a.pk}/").status_code == 404
