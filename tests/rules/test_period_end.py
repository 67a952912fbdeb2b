"""rules.selectors.rule_period_end: a rule period's last day on the rules clock (no Deadline row)."""

import datetime as dt

import pytest

from gongkai.rules.selectors import rule_period_end
from gongkai.rules.workdays import add_working_days

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("start", [dt.date(2024, 9, 27), dt.date(2025, 1, 24), dt.date(2025, 6, 3)])
def test_working_day_period_ends_where_the_working_day_count_does(xiangyun, start):
    end = rule_period_end("foi.supplement_notice_period", xiangyun, start)
    assert end is not None and end.rule.value == 7
    assert end.due_date == add_working_days(start, 7, xiangyun).due


def test_no_record_in_force_means_no_period(xiangyun):
    assert rule_period_end("foi.supplement_notice_period", xiangyun, dt.date(2010, 1, 4)) is None
