"""Working days: the SPEC example, the 2026 holidays with their make-up days, computed years, bad input."""

import datetime as dt

import chinese_calendar
import pytest

from gongkai.core.errors import ValidationFailed
from gongkai.rules import workdays
from gongkai.rules.errors import DateOutOfRange
from gongkai.rules.models import CalendarDay, CalendarYear
from gongkai.rules.workdays import add_working_days, is_working_day, working_days_between

D = dt.date
pytestmark = pytest.mark.django_db


def test_spec_example_twenty_working_days_from_monday_2026_11_23():
    # when
    result = add_working_days(D(2026, 11, 23), 20)
    # then: the start day is not counted; four weekends are skipped
    assert result.due == D(2026, 12, 21)
    assert result.provisional is False
    assert len(result.counted) == 20
    assert result.counted[0].date == D(2026, 11, 24)
    assert [d for d, _ in result.skipped] == [
        D(2026, 11, 28), D(2026, 11, 29), D(2026, 12, 5), D(2026, 12, 6),
        D(2026, 12, 12), D(2026, 12, 13), D(2026, 12, 19), D(2026, 12, 20),
    ]  # fmt: skip
    assert [r for _, r in result.skipped][:2] == ["周六", "周日"]
    assert working_days_between(D(2026, 11, 23), D(2026, 12, 21)) == 20
    assert working_days_between(D(2026, 12, 21), D(2026, 11, 23)) == -20


def test_national_day_2026_counts_the_sunday_and_saturday_make_up_days():
    # given the 2026 schedule: 中秋 9-25..27, 国庆 10-01..07, make-up days Sun 9-20 and Sat 10-10
    assert chinese_calendar.is_workday(D(2026, 9, 20)) and chinese_calendar.is_workday(D(2026, 10, 10))
    # when
    result = add_working_days(D(2026, 9, 18), 10)
    # then
    assert result.due == D(2026, 10, 9)
    assert result.provisional is False
    assert result.counted[0] == (D(2026, 9, 20), "国庆节调休上班")
    assert (D(2026, 9, 19), "周六") in result.skipped
    assert (D(2026, 9, 25), "中秋节") in result.skipped
    assert [d for d, r in result.skipped if r == "国庆节"] == [D(2026, 10, i) for i in range(1, 8)]
    # and across the Saturday make-up day after the holiday
    later = add_working_days(D(2026, 9, 30), 3)
    assert later.due == D(2026, 10, 10)
    assert [c.date for c in later.counted] == [D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10)]
    assert is_working_day(D(2026, 10, 10)) is True
    assert is_working_day(D(2026, 10, 11)) is False
    assert is_working_day(D(2026, 10, 7)) is False


def test_spring_festival_2026():
    # 春节 2026-02-15..23, make-up Saturdays 02-14 and 02-28
    result = add_working_days(D(2026, 2, 13), 5)
    assert result.due == D(2026, 2, 27)
    assert result.counted[0] == (D(2026, 2, 14), "春节调休上班")
    assert [d for d, r in result.skipped if r == "春节"] == [D(2026, 2, d) for d in range(15, 24)]
    assert add_working_days(D(2026, 2, 13), 6).due == D(2026, 2, 28)


def test_official_years_match_chinesecalendar_day_by_day():
    # given the table seeded by the migration
    assert CalendarYear.objects.filter(year__range=(2004, 2026), status="official").count() == 23
    # when every day of 2004–2026 is classified
    days = workdays.calendar_range(D(2004, 1, 1), D(2026, 12, 31))
    # then it agrees with the package it was seeded from, and nothing is provisional
    mismatches = [d.date for d in days if d.working != chinese_calendar.is_workday(d.date)]
    assert mismatches == []
    assert not any(d.provisional for d in days)


def test_a_year_without_schedule_is_computed_from_the_law_and_provisional():
    # when a period runs from December 2026 into 2027 (no 2027 schedule yet)
    result = add_working_days(D(2026, 12, 20), 20)
    # then 元旦 2027 is skipped as computed and the result is provisional
    assert result.due == D(2027, 1, 18)
    assert result.provisional is True
    assert result.provisional_years == [2027]
    assert (D(2027, 1, 1), "元旦（推算）") in result.skipped
    # 2025 law: 春节 = 除夕 + 正月初一至初三 (2027: 02-05..02-08), 劳动节 05-01..02, 国庆 10-01..03
    assert [is_working_day(D(2027, 2, d)) for d in (4, 5, 8, 9)] == [True, False, False, True]
    assert workdays.day_info(D(2027, 2, 5)).reason == "春节（推算）"
    assert workdays.day_info(D(2027, 4, 5)).reason == "清明节（推算）"
    assert workdays.day_info(D(2027, 6, 9)).reason == "端午节（推算）"
    assert workdays.day_info(D(2027, 9, 15)).reason == "中秋节（推算）"
    assert is_working_day(D(2027, 10, 4)) is True  # only 10-01..03 are fixed by law
    assert workdays.year_status(2027) == "computed"


def test_years_before_2004_use_the_law_then_in_force():
    # 1949 rules until 1999-09-17: 劳动节 one day, 国庆 two days
    assert is_working_day(D(1996, 5, 2)) is True
    assert workdays.day_info(D(1996, 5, 1)).reason == "劳动节（推算）"
    assert is_working_day(D(1996, 10, 3)) is True
    # 1999 revision: 劳动节 and 国庆 three days each
    assert is_working_day(D(2003, 5, 2)) is False
    assert is_working_day(D(2003, 10, 3)) is False
    assert workdays.day_info(D(2003, 10, 3)).provisional is True


def test_a_local_holiday_applies_to_its_region_and_below(xiangyun, township):
    # given a local extra holiday in 祥云县 on a Wednesday
    CalendarDay.objects.create(date=D(2026, 3, 4), kind="holiday", name="地方节日", region=xiangyun)
    workdays.invalidate_cache()
    # then it is a holiday there and in its townships, not elsewhere
    assert is_working_day(D(2026, 3, 4), xiangyun) is False
    assert is_working_day(D(2026, 3, 4), township) is False
    assert is_working_day(D(2026, 3, 4), "532923") is False
    assert is_working_day(D(2026, 3, 4)) is True
    assert add_working_days(D(2026, 3, 3), 1, township).due == D(2026, 3, 5)


@pytest.mark.parametrize(
    ("start", "n", "error", "message"),
    [
        (D(2026, 11, 23), -1, ValidationFailed, "期限不能为负数"),
        (D(2026, 11, 23), 1001, ValidationFailed, "期限过长"),
        (D(1989, 12, 31), 5, DateOutOfRange, "超出可计算范围"),
        (D(2100, 1, 1), 5, DateOutOfRange, "超出可计算范围"),
        (D(2099, 12, 20), 30, DateOutOfRange, "到期日超出可计算范围"),
    ],
)
def test_bad_input_is_a_clear_error(start, n, error, message):
    with pytest.raises(error) as exc:
        add_working_days(start, n)
    assert message in exc.value.message


def test_zero_working_days_is_the_start_day():
    assert add_working_days(D(2026, 11, 23), 0).due == D(2026, 11, 23)
