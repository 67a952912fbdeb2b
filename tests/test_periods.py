"""gongkai.core.periods: the calendar periods every report and figure uses."""

import datetime as dt

import pytest

from gongkai.core import periods

D = dt.date


@pytest.mark.parametrize(
    ("year", "quarter", "bounds"),
    [
        (2026, 1, (D(2026, 1, 1), D(2026, 3, 31))),
        (2026, 2, (D(2026, 4, 1), D(2026, 6, 30))),
        (2024, 3, (D(2024, 7, 1), D(2024, 9, 30))),
        (2026, 4, (D(2026, 10, 1), D(2026, 12, 31))),
        (2026, None, (D(2026, 1, 1), D(2026, 12, 31))),
    ],
)
def test_period_bounds(year, quarter, bounds):
    assert periods.period_bounds(year, quarter) == bounds


def test_a_quarter_outside_1_to_4_is_refused():
    with pytest.raises(ValueError):
        periods.quarter_bounds(2026, 5)


def test_month_and_week_bounds_across_leap_february_and_year_end():
    assert periods.month_bounds(D(2024, 2, 10)) == (D(2024, 2, 1), D(2024, 2, 29))
    assert periods.month_bounds(D(2026, 12, 31)) == (D(2026, 12, 1), D(2026, 12, 31))
    assert periods.week_bounds(D(2026, 12, 31)) == (D(2026, 12, 28), D(2027, 1, 3))
    assert [periods.quarter_of(D(2026, m, 1)) for m in (1, 3, 4, 12)] == [1, 1, 2, 4]


def test_quarters_within_a_range_count_only_whole_quarters():
    assert periods.quarters_within(D(2025, 11, 1), D(2026, 9, 30)) == [(2026, 1), (2026, 2), (2026, 3)]


def test_day_span_is_local_midnight_to_the_next_midnight(settings):
    lo, hi = periods.day_span(D(2026, 3, 1), D(2026, 3, 31))
    assert (lo.isoformat(), hi.isoformat()) == ("2026-03-01T00:00:00+08:00", "2026-04-01T00:00:00+08:00")
