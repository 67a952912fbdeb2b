"""Calendar administration: entering a year's schedule, correcting days, recomputing open deadlines."""

import datetime as dt

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.notifications.models import Notification
from gongkai.rules import services
from gongkai.rules.models import CalendarDay, CalendarYear, Deadline
from gongkai.rules.schedule import parse_schedule
from gongkai.rules.workdays import is_working_day, year_status

from .conftest import local

D = dt.date
pytestmark = pytest.mark.django_db

SCHEDULE_2027 = """
# 国务院办公厅关于2027年部分节假日安排的通知（测试用）
2027-01-01..2027-01-03 元旦
2027-02-05..2027-02-13 春节
2027-02-14 春节调休上班
2027-02-20 春节调休上班
"""


def test_parse_schedule_reports_every_bad_line():
    text = (
        "2027-01-01 元旦\n2027-13-01 春节\n2026-12-31 元旦\n2027-02-01\n2027-01-01 重复\n2027-03-10..2027-03-01 倒序\n"
    )
    with pytest.raises(ValidationFailed) as exc:
        parse_schedule(text, 2027)
    rows = exc.value.detail["rows"]
    assert [r["line"] for r in rows] == [2, 3, 4, 5, 6]
    assert rows[1]["message"] == "日期不属于 2027 年。"
    assert rows[2]["message"] == "缺少名称（节日名称，或“调休上班”）。"
    assert rows[3]["message"] == "2027-01-01 与第 1 行重复。"
    assert exc.value.message == "放假安排有 5 行有误，请修改后重新提交。"


def test_parse_schedule_ranges_and_make_up_days():
    entries = parse_schedule("2027-02-06..2027-02-08 春节\n2027-02-14 调休上班\n2027-10-01 至 2027-10-02 国庆节", 2027)
    assert [(e.date, e.kind, e.name) for e in entries] == [
        (D(2027, 2, 6), "holiday", "春节"),
        (D(2027, 2, 7), "holiday", "春节"),
        (D(2027, 2, 8), "holiday", "春节"),
        (D(2027, 2, 14), "workday", "调休上班"),
        (D(2027, 10, 1), "holiday", "国庆节"),
        (D(2027, 10, 2), "holiday", "国庆节"),
    ]


def test_entering_2027_recomputes_a_provisional_deadline_and_notifies_its_handler(sysadmin, handler, department):
    # given a deadline running into 2027: provisional
    d = services.deadline_start(
        actor=None, agency=department, handler=handler, rule_key="foi.answer_period", start=local(2026, 12, 20, 10)
    )
    assert (d.due_date, d.provisional) == (D(2027, 1, 18), True)
    assert is_working_day(D(2027, 2, 9)) is True  # computed: 春节 02-05..08 only
    # when the 2027 schedule is entered
    result = services.calendar_year_enter(
        actor=sysadmin, year=2027, citation="国办发明电〔2026〕1号", text=SCHEDULE_2027
    )
    # then the year is official and the deadline no longer provisional
    assert result.days == 14
    assert year_status(2027) == "official"
    assert CalendarYear.objects.get(year=2027).entered_by == sysadmin
    assert is_working_day(D(2027, 2, 9)) is False
    assert is_working_day(D(2027, 2, 14)) is True
    d.refresh_from_db()
    assert (d.due_date, d.provisional) == (D(2027, 1, 18), False)
    assert [r.deadline.pk for r in result.recomputed] == [d.pk]
    event = AuditEvent.objects.get(event="deadline.recomputed", target_id=str(d.pk))
    assert event.data["old"]["provisional"] is True and event.data["new"]["provisional"] is False
    assert AuditEvent.objects.filter(event="calendar.year_entered").count() == 1
    notice = Notification.objects.get(recipient=handler, event="deadline.recomputed", channel="in_app")
    assert notice.subject == "期限已重新计算：依申请公开答复期限"
    assert "录入2027年放假安排" in notice.body


def test_entering_a_schedule_moves_due_dates_it_affects(sysadmin, unit_admin, department):
    # given a deadline whose period includes Mon 2027-01-04, and no handler: the unit admins are told
    d = services.deadline_start(actor=None, agency=department, rule_key="foi.answer_period", start=local(2026, 12, 20))
    untouched = services.deadline_start(actor=None, rule_key="foi.answer_period", start=local(2026, 3, 2))
    before_untouched = untouched.explanation
    # when 2027-01-04 is declared a holiday
    services.calendar_year_enter(actor=sysadmin, year=2027, citation="测试", text="2027-01-01..2027-01-04 元旦")
    # then
    d.refresh_from_db()
    assert d.due_date == D(2027, 1, 19)
    assert Notification.objects.filter(recipient=unit_admin, event="deadline.recomputed").exists()
    untouched.refresh_from_db()
    assert untouched.explanation == before_untouched
    assert not AuditEvent.objects.filter(event="deadline.recomputed", target_id=str(untouched.pk)).exists()


def test_closed_deadlines_are_not_recomputed(sysadmin):
    d = services.deadline_start(actor=None, rule_key="foi.answer_period", start=local(2026, 12, 20))
    services.deadline_close(actor=None, deadline=d)
    services.calendar_year_enter(actor=sysadmin, year=2027, citation="测试", text=SCHEDULE_2027)
    d.refresh_from_db()
    assert d.provisional is True


def test_correcting_a_day_recomputes_and_audits(sysadmin):
    # given 2026-11-23 + 20 → 12-21
    d = services.deadline_start(actor=None, rule_key="foi.answer_period", start=local(2026, 11, 23))
    # when 12-21 is (hypothetically) declared a holiday, then the correction is deleted
    day = services.calendar_day_save(actor=sysadmin, date=D(2026, 12, 21), kind="holiday", name="更正测试")
    d.refresh_from_db()
    assert d.due_date == D(2026, 12, 22)
    assert "2026-12-21 更正测试" in d.explain()
    services.calendar_day_delete(actor=sysadmin, day=day)
    d.refresh_from_db()
    assert d.due_date == D(2026, 12, 21)
    events = list(
        AuditEvent.objects.filter(event__startswith="calendar.day").order_by("seq").values_list("event", flat=True)
    )
    assert events == ["calendar.day_added", "calendar.day_deleted"]
    assert AuditEvent.objects.filter(event="deadline.recomputed", target_id=str(d.pk)).count() == 2


def test_changing_an_existing_day_is_a_correction(sysadmin):
    day = CalendarDay.objects.get(date=D(2026, 10, 10), region__isnull=True)
    services.calendar_day_save(actor=sysadmin, date=D(2026, 10, 10), kind="holiday", name="国庆节")
    day.refresh_from_db()
    assert day.kind == "holiday"
    assert is_working_day(D(2026, 10, 10)) is False
    event = AuditEvent.objects.get(event="calendar.day_corrected")
    assert event.data == {
        "old": {"kind": "workday", "name": "国庆节调休上班"},
        "new": {"kind": "holiday", "name": "国庆节"},
    }


@pytest.mark.parametrize("who", ["unit_admin", "xiangyun_head", "sub_user"])
def test_only_system_administrators_change_the_national_calendar(who, request):
    actor = request.getfixturevalue(who)
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.calendar_year_enter(actor=actor, year=2027, citation="x", text=SCHEDULE_2027)
    with pytest.raises(PermissionDenied):
        services.calendar_day_save(actor=actor, date=D(2026, 12, 21), kind="holiday", name="x")
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date=D(2026, 12, 21)).exists()
    assert AuditEvent.objects.count() == events


def test_disclosure_office_head_adds_a_local_day_for_own_region(xiangyun_head, xiangyun, township):
    day = services.calendar_day_save(
        actor=xiangyun_head, date=D(2026, 3, 4), kind="holiday", name="火把节", region=xiangyun
    )
    assert day.region == xiangyun
    assert is_working_day(D(2026, 3, 4), township) is False
    assert is_working_day(D(2026, 3, 4)) is True
    with pytest.raises(PermissionDenied):
        services.calendar_day_save(actor=xiangyun_head, date=D(2026, 3, 5), kind="holiday", name="x", region="610200")


def test_bad_year_and_missing_citation_are_refused(sysadmin):
    with pytest.raises(ValidationFailed):
        services.calendar_year_enter(actor=sysadmin, year=2100, citation="x", text="2100-01-01 元旦")
    with pytest.raises(ValidationFailed):
        services.calendar_year_enter(actor=sysadmin, year=2027, citation=" ", text="2027-01-01 元旦")
    assert not CalendarYear.objects.filter(year__in=[2027, 2100]).exists()
    assert Deadline.objects.count() == 0
