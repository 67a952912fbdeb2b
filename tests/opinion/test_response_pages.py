"""Back-office pages of the response side: dashboard JSON and the warning feed, the event page and its
forms, reports (.docx), statistics (page and Excel), routing rules — with their permissions."""

import io
from unittest import mock

import pytest
from docx import Document
from openpyxl import load_workbook

from gongkai.opinion.enums import WarningLevel
from gongkai.opinion.response import services
from gongkai.opinion.response.enums import ResponseKind
from gongkai.opinion.response_models import EventAssignment, OpinionResponse, RoutingRule, RumourLead
from gongkai.workflow.enums import Decision
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_decide

from . import test_response_support as support
from .test_response_support import local, make_event, set_level

world = support.world
pytestmark = pytest.mark.django_db
BASE = "/office/opinion/response/"


@pytest.fixture
def red(world):
    event = make_event(title="甲镇学校食堂事件", level=WarningLevel.RED, regions=[world.town_a_region])
    services.event_route(event=event)
    return event


def test_anonymous_is_sent_to_sign_in(client, red):
    for url in (BASE, BASE + "dashboard.json", BASE + "warnings.json", BASE + f"events/{red.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_dashboard_json_counts_what_the_user_sees(client, world, red):
    other = make_event(title="别处的事件", level=WarningLevel.ORANGE)  # no unit: seen by nobody but the sysadmin
    assert other.pk
    client.force_login(world.monitor)
    data = client.get(BASE + "dashboard.json").json()
    levels = {row["level"]: row["value"] for row in data["levels"]}
    assert levels == {"blue": 0, "yellow": 0, "orange": 0, "red": 1}
    assert data["townships"] == [{"name": "甲镇", "value": 1}]
    assert [w["title"] for w in data["latest"]] == ["甲镇学校食堂事件"]
    assert data["latest"][0]["level_label"] == "红色预警"
    assert sum(data["trend"]["series"]["red"]) == 1 and len(data["trend"]["days"]) == 30
    assert data["on_time"] == {"rate": None, "met": 0, "late": 0, "overdue": 0, "total": 0}
    # another township's administrator sees nothing of 甲镇
    client.force_login(world.town_b_admin)
    data = client.get(BASE + "dashboard.json").json()
    assert data["latest"] == [] and {r["value"] for r in data["levels"]} == {0}


def test_warning_feed_returns_only_new_warnings_after_the_cursor(client, world, red):
    client.force_login(world.monitor)
    first = client.get(BASE + "warnings.json").json()
    cursor = first["cursor"]
    assert [w["event_id"] for w in first["warnings"]] == [red.pk]
    assert client.get(BASE + f"warnings.json?after={cursor}").json()["warnings"] == []
    # when a new event turns orange
    new = make_event(title="乙镇道路塌陷", level=WarningLevel.BLUE, regions=[world.town_b_region])
    set_level(new, WarningLevel.ORANGE)
    feed = client.get(BASE + f"warnings.json?after={cursor}").json()
    assert [(w["title"], w["level"]) for w in feed["warnings"]] == [("乙镇道路塌陷", "orange")]
    assert feed["cursor"] > cursor
    assert client.get(BASE + "warnings.json?after=x").status_code == 422


def test_dashboard_page_loads_echarts_from_static_and_polls(client, world, red):
    from django.contrib.staticfiles import finders

    if not finders.find("vendor/echarts/echarts.min.js"):
        pytest.skip("ECharts is not installed (make setup installs it from the npm registry)")
    client.force_login(world.monitor)
    page = client.get(BASE).content.decode()
    assert "vendor/echarts/echarts.min.js" in page and "opinion_response/dashboard.js" in page
    assert 'data-feed="/office/opinion/response/warnings.json"' in page
    assert "甲镇学校食堂事件" in page


def test_event_page_claim_and_route_through_the_pages(client, world, red):
    # the township's staff sees the claim button and claims
    client.force_login(world.town_a_staff)
    page = client.get(BASE + f"events/{red.pk}/").content.decode()
    assert "认领（甲镇人民政府）" in page
    assignment = EventAssignment.objects.get(event=red, agency=world.town_a)
    response = client.post(BASE + f"assignments/{assignment.pk}/claim/")
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == "claimed"
    # another township cannot see the event, nor claim
    client.force_login(world.town_b_admin)
    assert client.get(BASE + f"events/{red.pk}/").status_code == 404
    EventAssignment.objects.filter(pk=assignment.pk).update(status="assigned", claimed_by=None, claimed_at=None)
    assert client.post(BASE + f"assignments/{assignment.pk}/claim/").status_code == 404
    assignment.refresh_from_db()
    assert assignment.status == "assigned"
    # the county monitor sees the event but may not claim for the township
    client.force_login(world.monitor)
    assert client.post(BASE + f"assignments/{assignment.pk}/claim/").status_code == 403
    # and routes by hand
    response = client.post(
        BASE + f"events/{red.pk}/route/", {"lead": world.edu.pk, "co_handlers": [world.town_a.pk], "reason": "调整"}
    )
    assert response.status_code == 302
    assert EventAssignment.objects.get(event=red, role="lead").agency == world.edu


def test_route_refused_on_the_page_for_a_township(client, world, red):
    client.force_login(world.town_a_admin)
    before = list(EventAssignment.objects.filter(event=red).values_list("agency_id", "role", "status"))
    response = client.post(BASE + f"events/{red.pk}/route/", {"lead": world.edu.pk})
    assert response.status_code == 403
    assert list(EventAssignment.objects.filter(event=red).values_list("agency_id", "role", "status")) == before


def test_draft_submit_and_show_responded_within_5_hours(client, world, red):
    assignment = EventAssignment.objects.get(event=red, agency=world.town_a)
    services.assignment_claim(actor=world.town_a_staff, assignment=assignment)
    client.force_login(world.town_a_staff)
    response = client.post(
        BASE + f"events/{red.pk}/responses/new/",
        {
            "agency": world.town_a.pk,
            "kind": ResponseKind.AUTHORITATIVE_RELEASE,
            "title": "甲镇情况通报",
            "body": "经核查……",
            "public_event_title": "甲镇学校食堂问题",
        },
    )
    row = OpinionResponse.objects.get()
    assert response.status_code == 302 and response["Location"] == BASE + f"responses/{row.pk}/"
    assert client.post(BASE + f"responses/{row.pk}/submit/").status_code == 302
    review = review_active_for(row)
    review_decide(actor=world.town_a_admin, review=review, decision=Decision.APPROVE)
    review_decide(actor=world.news, review=review, decision=Decision.APPROVE, data={"conclusion": "public"})
    review_decide(actor=world.leader, review=review, decision=Decision.APPROVE)
    page = client.get(BASE + f"events/{red.pk}/").content.decode()
    assert "已在4小时内回应" in page  # 祥云县: 黄金4小时


def test_bad_form_input_is_a_message_not_a_500(client, world, red):
    client.force_login(world.town_a_staff)
    assignment = EventAssignment.objects.get(event=red, agency=world.town_a)
    services.assignment_claim(actor=world.town_a_staff, assignment=assignment)
    response = client.post(BASE + f"events/{red.pk}/responses/new/", {"agency": world.town_a.pk, "kind": "nope"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    response = client.post(BASE + f"events/{red.pk}/rumour-leads/", {"agency": world.town_a.pk, "content": ""})
    assert response.status_code == 422
    assert not OpinionResponse.objects.exists() and not RumourLead.objects.exists()
    assert client.get(BASE + "daily-log.docx?date=2026-13-01").status_code == 400


def test_rumour_lead_through_the_page(client, world, red):
    assignment = EventAssignment.objects.get(event=red, agency=world.town_a)
    services.assignment_claim(actor=world.town_a_staff, assignment=assignment)
    client.force_login(world.town_a_staff)
    response = client.post(
        BASE + f"events/{red.pk}/rumour-leads/",
        {
            "agency": world.town_a.pk,
            "recipient_kind": "police",
            "recipient_name": "县公安局网安大队",
            "handed_at": "2026-03-02T15:00",
            "content": "编造死亡信息的账号及链接",
        },
    )
    assert response.status_code == 302
    assert RumourLead.objects.get().recipient_name == "县公安局网安大队"
    assert "县公安局网安大队" in client.get(BASE + f"events/{red.pk}/").content.decode()


def test_special_report_and_daily_log_are_word_documents(client, world, red):
    client.force_login(world.monitor)
    response = client.get(BASE + f"events/{red.pk}/special-report.docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "舆情专报" in text and "甲镇学校食堂事件" in text and "三、交办情况" in text
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert "甲镇人民政府" in cells and "牵头回应" in cells
    day = red.first_seen_at.astimezone(local(2026, 1, 1).tzinfo).date()
    response = client.get(BASE + f"daily-log.docx?date={day.isoformat()}")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "网络舆情日志" in text and "当日新发现舆情事件 1 件" in text
    # the other township's administrator gets an empty log and no special report
    client.force_login(world.town_b_admin)
    doc = Document(io.BytesIO(client.get(BASE + f"daily-log.docx?date={day.isoformat()}").content))
    assert "当日新发现舆情事件 0 件" in "\n".join(p.text for p in doc.paragraphs)
    assert client.get(BASE + f"events/{red.pk}/special-report.docx").status_code == 404


def test_statistics_page_and_excel(client, world):
    # given two events in the week of 2026-03-02: one red (graded 重大突发事件) answered late, one orange
    # (not an emergency grade: the ordinary clock) answered in time
    with mock.patch("gongkai.core.clock.now", return_value=local(2026, 3, 2, 10)):
        a = make_event(level=WarningLevel.RED, regions=[world.town_a_region], at=local(2026, 3, 2, 10))
        b = make_event(level=WarningLevel.ORANGE, regions=[world.town_b_region], at=local(2026, 3, 2, 10))
        services.event_route(event=a)
        services.event_route(event=b)
    for event, when in ((a, local(2026, 3, 2, 16)), (b, local(2026, 3, 2, 12))):
        town = EventAssignment.objects.get(event=event, role="lead")
        admin = world.town_a_admin if town.agency == world.town_a else world.town_b_admin
        with mock.patch("gongkai.core.clock.now", return_value=when):
            services.assignment_claim(actor=admin, assignment=town)
            row = services.response_create(
                actor=admin, event=event, agency=town.agency, kind="authoritative_release", title="通报", body="……"
            )
            from gongkai.orgs.enums import Role
            from tests.factories import UserFactory, grant

            # the township's reviewer exists before the submission (else the review is refused)
            head = UserFactory(username=f"head-{town.agency.pk}")
            grant(head, Role.SECTION_HEAD, town.agency)
            services.response_submit(actor=admin, response=row)
            review = review_active_for(row)
            review_decide(actor=head, review=review, decision=Decision.APPROVE)
            review_decide(actor=world.news, review=review, decision=Decision.APPROVE, data={"conclusion": "public"})
            review_decide(actor=world.leader, review=review, decision=Decision.APPROVE)
    client.force_login(world.monitor)
    with mock.patch("gongkai.core.clock.now", return_value=local(2026, 3, 9, 10)):
        page = client.get(BASE + "statistics/?period=week&date=2026-03-04").content.decode()
        xlsx = client.get(BASE + "statistics.xlsx?period=week&date=2026-03-04")
    assert "2026-03-02 至 2026-03-08" in page
    # red: first release late, press conference overdue; orange: ordinary response in time → 1 of 3
    assert '<strong id="on-time">33.3%</strong>' in page
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb["概况"]["B2"].value == 2 and wb["概况"]["B3"].value == "33.3%"
    assert list(wb["按预警级别"].iter_rows(values_only=True)) == [
        ("预警级别", "事件数"),
        ("蓝色预警", 0),
        ("黄色预警", 0),
        ("橙色预警", 1),
        ("红色预警", 1),
    ]
    assert sorted(r for r in wb["按乡镇"].iter_rows(min_row=2, values_only=True)) == [("乙镇", 1), ("甲镇", 1)]


def test_routing_rule_pages(client, world):
    from gongkai.orgs.enums import Role
    from tests.factories import UserFactory, grant

    head = UserFactory(username="gkb-head")
    grant(head, Role.DISCLOSURE_OFFICE_HEAD, world.gov)
    client.force_login(head)
    response = client.post(
        BASE + "rules/",
        {
            "kind": "competent",
            "region": world.county.pk,
            "agency": world.edu.pk,
            "category": "",
            "keywords": "学校 教育",
            "priority": 10,
            "citation": "祥政办通〔2019〕54号 一(二)",
        },
    )
    assert response.status_code == 302
    rule = RoutingRule.objects.get()
    assert rule.keywords == ["学校", "教育"]
    assert "祥政办通〔2019〕54号 一(二)" in client.get(BASE + "rules/").content.decode()
    # a township administrator cannot add or delete
    client.force_login(world.town_a_admin)
    assert client.post(BASE + f"rules/{rule.pk}/delete/").status_code == 403
    assert RoutingRule.objects.count() == 1
    client.force_login(head)
    assert client.post(BASE + f"rules/{rule.pk}/toggle/").status_code == 302
    rule.refresh_from_db()
    assert rule.is_active is False


def test_event_list_shows_overdue_in_red(client, world):
    event = make_event(level=WarningLevel.RED, regions=[world.town_a_region], at=local(2026, 3, 2, 10))
    with mock.patch("gongkai.core.clock.now", return_value=local(2026, 3, 2, 10)):
        services.event_route(event=event)
    client.force_login(world.monitor)
    with mock.patch("gongkai.core.clock.now", return_value=local(2026, 3, 2, 20)):
        page = client.get(BASE + "events/?state=overdue").content.decode()
    assert '<tr class="overdue">' in page and "已逾期" in page and 'class="badge err"' in page


def test_dashboard_without_echarts_still_shows_its_tables(client, world, red):
    client.force_login(world.monitor)
    with mock.patch("django.contrib.staticfiles.finders.find", return_value=None):
        page = client.get(BASE).content.decode()
    assert "vendor/echarts" not in page and "opinion_response/dashboard.js" in page
    assert 'id="levels-body"' in page and "甲镇学校食堂事件" in page
