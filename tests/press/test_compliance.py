"""Frequency compliance (R6.2) per unit and quarter / year from the dated rule records, across quarter
and year ends; the Excel export; reminders before a quarter ends; the assessment figures."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.notifications.models import Notification
from gongkai.press import compliance, interface, reminders, rules, services
from gongkai.press.enums import DutyState
from gongkai.rules.models import RuleRecord

from .helpers import held_conference

pytestmark = pytest.mark.django_db


def at(y, m, d, hh=10, mm=0):
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm))


@pytest.fixture
def hold(planner, department, news_office, unit_admin, plan_values, frozen):
    def _hold(when, **attended):
        return held_conference(
            planner=planner,
            agency=department,
            approvers=(news_office, unit_admin),
            values=plan_values,
            held_at=when,
            frozen=frozen,
            **attended,
        )

    return _hold


def duty(row, key):
    return next(d for d in row.duties if d.key == key)


def test_quarter_bounds():
    assert compliance.quarter_bounds(2026, 1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert compliance.quarter_bounds(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert compliance.quarter_of(dt.date(2026, 4, 1)) == 2


def test_quarter_end_in_local_time(hold, department, frequency_rules):
    hold(at(2026, 3, 31, 23, 30))  # 15:30 UTC: still the first quarter in Beijing time
    today = dt.date(2026, 7, 1)
    q1 = compliance.unit_compliance(department, 2026, 1, today=today)
    q2 = compliance.unit_compliance(department, 2026, 2, today=today)
    assert duty(q1, rules.MIN_CONFERENCES).state == DutyState.MET
    assert duty(q2, rules.MIN_CONFERENCES).actual == 0
    assert duty(q2, rules.MIN_CONFERENCES).state == DutyState.BEHIND
    # While the quarter runs it is in progress, not behind.
    running = compliance.unit_compliance(department, 2026, 2, today=dt.date(2026, 5, 20))
    assert duty(running, rules.MIN_CONFERENCES).state == DutyState.IN_PROGRESS


def test_year_counts_quarters_across_the_year_end(hold, department, frequency_rules):
    for when in (at(2025, 2, 1), at(2025, 5, 1), at(2025, 8, 1), at(2026, 1, 2)):  # Q4 2025 missed
        hold(when)
    year = compliance.unit_compliance(department, 2025, today=dt.date(2026, 2, 1))
    d = duty(year, rules.MIN_CONFERENCES)
    assert d.state == DutyState.BEHIND and d.detail == "3/4 个季度达标" and d.actual == 3
    hold(at(2025, 12, 31, 22, 0))
    d = duty(compliance.unit_compliance(department, 2025, today=dt.date(2026, 2, 1)), rules.MIN_CONFERENCES)
    assert d.state == DutyState.MET


def test_a_dated_local_record_changes_the_duty_from_its_date(hold, department, county):
    # given the city's record (1 a quarter) and the county's own from 2026-04-01 (2 a quarter)
    city = county.parent
    assert city is not None
    RuleRecord.objects.create(
        key=rules.MIN_CONFERENCES,
        jurisdiction=city,
        value=1,
        effective_from=dt.date(2014, 1, 1),
        citation="测试：市级规定每季度1次",
    )
    RuleRecord.objects.create(
        key=rules.MIN_CONFERENCES,
        jurisdiction=county,
        value=2,
        effective_from=dt.date(2026, 4, 1),
        citation="测试：本地规定自2026年4月1日起每季度2次",
    )
    hold(at(2026, 2, 1))
    hold(at(2026, 5, 1))
    today = dt.date(2026, 7, 5)
    q1 = duty(compliance.unit_compliance(department, 2026, 1, today=today), rules.MIN_CONFERENCES)
    q2 = duty(compliance.unit_compliance(department, 2026, 2, today=today), rules.MIN_CONFERENCES)
    assert (q1.required, q1.state, q1.citation) == (1, DutyState.MET, "测试：市级规定每季度1次")
    assert (q2.required, q2.state) == (2, DutyState.BEHIND)
    assert "测试：本地规定" in q2.citation


UNSET = "本地未设定“部门新闻发布会最低频次”规则"


def test_without_a_local_record_the_frequencies_say_the_rule_is_not_set(hold, department, frozen):
    # given a conference held but no record of the department frequencies for 鄂托克前旗 (no national default)
    hold(at(2026, 2, 1), spokesperson_attended=True)
    row = compliance.unit_compliance(department, 2026, 1, today=dt.date(2026, 4, 2))
    d = duty(row, rules.MIN_CONFERENCES)
    # then there is no target, the count is kept, and the duty says the rule is not set
    assert (d.required, d.actual, d.state, d.detail) == (None, 1, DutyState.NO_RULE, UNSET)
    assert duty(row, rules.HEAD_ATTENDANCE).detail == "本地未设定“部门主要负责同志出席新闻发布会频次”规则"
    assert duty(row, rules.SPOKESPERSON_ATTENDANCE).state == DutyState.NO_RULE
    assert not row.behind
    # the national online-interview duty still applies
    assert duty(row, rules.INTERVIEWS_DEPARTMENT).required == 2


def test_page_and_export_without_a_local_record_point_to_the_rule_records(client, hold, department, news_office):
    hold(at(2026, 2, 1))
    client.force_login(news_office)
    page = client.get("/office/press/compliance/?year=2026&quarter=1").content.decode()
    assert UNSET in page
    assert reverse("backoffice:rule_list") + "?key=press.min_conferences_per_quarter" in page
    assert "由系统管理员或政务公开办负责人按本地文件设定" in page
    xlsx = client.get("/office/press/compliance/?year=2026&quarter=1&format=xlsx")
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows()]
    assert [department.name, "举办新闻发布会", None, 1, "无适用规定", UNSET] in [r[:6] for r in rows]


def test_no_frequency_reminder_and_no_target_without_a_local_record(hold, department, frozen):
    hold(at(2026, 2, 1))
    frozen.set(2026, 6, 20)  # within the reminder lead time (a national platform default)
    assert reminders.send_quarter_reminders()["units"] == 0
    figures = {
        f["key"]: f
        for f in interface.assessment_figures(
            agency_id=department.pk, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30)
        )
    }
    f = figures["press.conferences_held"]
    assert (f["value"], f["target"], f["rate"], f["records"]) == (1.0, None, None, 1)


def test_beijing_units_follow_beijings_local_profile(db):
    from gongkai.orgs.enums import AgencyKind
    from gongkai.orgs.models import Region
    from tests.factories import AgencyFactory

    bureau = AgencyFactory(name="北京市某局", kind=AgencyKind.DEPARTMENT, region=Region.objects.get(code="110000"))
    d = duty(compliance.unit_compliance(bureau, 2026, 1, today=dt.date(2026, 4, 2)), rules.MIN_CONFERENCES)
    assert (d.required, d.state) == (1, DutyState.BEHIND)
    assert d.citation and "北京" in d.citation


def test_a_local_record_from_mid_year_is_met_for_the_quarters_it_applies_to(hold, department, county):
    RuleRecord.objects.create(
        key=rules.MIN_CONFERENCES,
        jurisdiction=county,
        value=1,
        effective_from=dt.date(2025, 7, 1),
        citation="测试：本地规定自2025年7月1日起每季度1次",
    )
    hold(at(2025, 8, 1))
    hold(at(2025, 11, 1))
    d = duty(compliance.unit_compliance(department, 2025, today=dt.date(2026, 2, 1)), rules.MIN_CONFERENCES)
    assert (d.required, d.state) == (1, DutyState.MET)
    assert d.detail == "2/4 个季度达标；第1、2季度本地未设定规则"


def test_attendance_at_news_office_conferences(hold, department, plan_values, frequency_rules):
    c = hold(at(2026, 2, 10), head_attended=True, spokesperson_attended=True)
    type(c).objects.filter(pk=c.pk).update(at_news_office=True)
    row = compliance.unit_compliance(department, 2026, 1, today=dt.date(2026, 4, 2))
    assert duty(row, rules.HEAD_ATTENDANCE).state == DutyState.MET
    assert duty(row, rules.SPOKESPERSON_ATTENDANCE).state == DutyState.MET
    assert duty(row, rules.MIN_CONFERENCES).actual == 0  # the news office's conference is not the unit's own


def test_government_interviews_and_department_interviews(county_gov, department, news_office, frozen):
    frozen.set(2026, 3, 1)
    i = services.interview_plan(
        actor=news_office, agency=county_gov, title="旗长访谈", guest="旗长", scheduled_at=frozen()
    )
    services.interview_transition(actor=news_office, interview=i, action="start")
    gov = compliance.unit_compliance(county_gov, 2026, today=dt.date(2026, 3, 2))
    [d] = gov.duties
    assert d.key == rules.INTERVIEWS_GOVERNMENT and d.state == DutyState.MET
    dept = compliance.unit_compliance(department, 2026, today=dt.date(2027, 1, 2))
    assert duty(dept, rules.INTERVIEWS_DEPARTMENT).required == 2
    assert duty(dept, rules.INTERVIEWS_DEPARTMENT).state == DutyState.BEHIND


def test_excel_export_and_page(client, hold, department, news_office, frozen, frequency_rules):
    hold(at(2026, 2, 1))
    client.force_login(news_office)
    page = client.get("/office/press/compliance/?year=2026&quarter=1")
    assert page.status_code == 200 and "举办新闻发布会" in page.content.decode()
    xlsx = client.get("/office/press/compliance/?year=2026&quarter=1&format=xlsx")
    assert xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[1][:5] == ["单位", "事项", "应达到", "实际", "情况"]
    assert [department.name, "举办新闻发布会", 1, 1, "已达标"] in [r[:5] for r in rows]


def test_compliance_page_denied_to_unit_staff(client, planner):
    client.force_login(planner)
    assert client.get("/office/press/compliance/").status_code == 403


def test_reminders_before_quarter_end(planner, unit_admin, department, news_office, frozen, frequency_rules):
    frozen.set(2026, 6, 1)  # 29 days before the end: too early (15 days)
    assert reminders.send_quarter_reminders()["units"] == 0
    frozen.set(2026, 6, 20)
    sent = reminders.send_quarter_reminders()
    assert sent["units"] == 1
    to = set(Notification.objects.filter(subject__contains="新闻发布频次提醒").values_list("recipient_id", flat=True))
    assert {planner.pk, unit_admin.pk} <= to
    office = Notification.objects.filter(subject__contains="尚未达到新闻发布频次的单位").values_list(
        "recipient_id", "body"
    )
    assert [(r, department.name in b) for r, b in office] == [(news_office.pk, True)] * len(office) and office
    assert reminders.send_quarter_reminders()["notices"] == 0  # once per quarter


def test_no_reminder_when_met(hold, department, frozen, frequency_rules):
    hold(at(2026, 5, 1), spokesperson_attended=True)
    # Own conference held; spokesperson attendance at the news office's conference still missing.
    frozen.set(2026, 6, 20)
    assert reminders.send_quarter_reminders()["units"] == 1
    c2 = hold(at(2026, 6, 10), spokesperson_attended=True)
    type(c2).objects.filter(pk=c2.pk).update(at_news_office=True)
    Notification.objects.all().delete()
    frozen.set(2026, 6, 21)
    assert reminders.send_quarter_reminders()["units"] == 0


def test_assessment_figures(hold, department, frequency_rules):
    hold(at(2026, 2, 1))
    hold(at(2026, 5, 1))
    figures = {
        f["key"]: f
        for f in interface.assessment_figures(
            agency_id=department.pk, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30)
        )
    }
    f = figures["press.conferences_held"]
    assert (f["value"], f["target"], f["rate"], f["records"]) == (2.0, 2.0, 1.0, 2)
    assert f["url"].startswith("/office/press/conferences/?agency=")
    assert figures["press.online_interviews"]["target"] is None  # not a whole year


def test_assessment_figures_without_duty_or_record_are_none(department):
    figures = interface.assessment_figures(agency_id=department.pk, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
    assert all(f["value"] is None and f["target"] is None for f in figures)
