"""Issue 9: corrections to the shipped rule records, the calendar-day clock, labels not keys."""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps

from gongkai.orgs.models import Region
from gongkai.rules import services
from gongkai.rules.errors import DeadlineRuleMissing
from gongkai.rules.forms import CalculatorForm, RuleRecordForm
from gongkai.rules.models import RuleRecord
from gongkai.rules.registry import RULES
from gongkai.rules.selectors import rule_value, rule_value_or_none

from .conftest import local

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("key", "code", "value"),
    [
        ("decision.issue_period", "610200", 7),
        ("decision.issue_period_major_revision", "610200", 10),
        ("participation.consultation_min_period", "610200", 7),
        ("training.min_class_hours", "150623", 2),
        ("newmedia.min_gov_info_share", "110000", 60),
        ("press.min_conferences_per_quarter", "110000", 1),
        ("press.head_attendance_per_year", "110000", 1),
        ("press.spokesperson_attendance_per_quarter", "110000", 1),
        ("catalog.keyword_max_length", "150623", 10),
    ],
)
def test_sample_local_values_are_local_profiles_not_national_defaults(key, code, value):
    # given the shipped records
    region = Region.objects.get(code=code)
    # then the value applies in its jurisdiction and nowhere else
    assert rule_value(key, region, D(2026, 3, 2)).value == value
    assert rule_value(key, region, D(2026, 3, 2)).jurisdiction == region
    assert rule_value_or_none(key, None, D(2026, 3, 2)) is None
    assert rule_value_or_none(key, Region.objects.get(code="532923"), D(2026, 3, 2)) is None


def test_online_interview_duties_cite_item_5_of_seed_000():
    citations = set(
        RuleRecord.objects.filter(key__startswith="press.online_interviews_").values_list("citation", flat=True)
    )
    assert citations == {"样例文件000（省政府贯彻国办发〔2013〕100号的实施意见）第5条"}


def test_keyword_rule_is_in_force_from_the_date_of_the_document_it_cites():
    eqq = Region.objects.get(code="150623")
    record = RuleRecord.objects.get(key="catalog.keyword_max_length")
    assert (record.jurisdiction, record.effective_from) == (eqq, D(2018, 11, 5))
    assert record.citation == "鄂前政办发〔2018〕96号 附件1 二(一)1"
    assert rule_value_or_none("catalog.keyword_max_length", eqq, D(2018, 11, 4)) is None


def test_major_decisions_have_their_own_30_day_consultation_minimum():
    major = rule_value("participation.consultation_min_period_major", None, D(2019, 9, 1))
    assert (major.value, major.spec.unit) == (30, "日")
    assert major.citation == "《重大行政决策程序暂行条例》（国务院令第713号）第十五条"
    assert rule_value_or_none("participation.consultation_min_period_major", None, D(2019, 8, 31)) is None
    ordinary = rule_value("participation.consultation_min_period", Region.objects.get(code="610200"), D(2026, 1, 5))
    assert (ordinary.value, ordinary.spec.unit) == (7, "个工作日")


def test_the_correction_migration_fixes_a_database_that_has_the_old_records():
    # given a database migrated before the correction (old national records)
    RuleRecord.objects.filter(key="decision.issue_period").delete()
    RuleRecord.objects.create(
        key="decision.issue_period",
        jurisdiction=None,
        value=7,
        effective_from=D(2016, 12, 28),
        citation="铜政办发〔2016〕71号 一(二)",
        note="old",
    )
    RuleRecord.objects.filter(key="press.online_interviews_department_per_year").update(
        citation="样例文件000（省政府贯彻国办发〔2013〕100号的实施意见）第4条"
    )
    RuleRecord.objects.filter(key="catalog.keyword_max_length").delete()
    RuleRecord.objects.create(
        key="catalog.keyword_max_length",
        jurisdiction=None,
        value=10,
        effective_from=D(2008, 5, 1),
        citation="鄂前政办发〔2018〕96号 附件1 二(一)1",
    )
    # when the data migrations run again
    importlib.import_module("gongkai.rules.migrations.0004_rule_record_corrections").forwards(django_apps, None)
    importlib.import_module("gongkai.catalog.migrations.0004_keyword_rule_local").forwards(django_apps, None)
    # then the records are the corrected ones
    issue = RuleRecord.objects.get(key="decision.issue_period")
    assert issue.jurisdiction.code == "610200"
    dept = RuleRecord.objects.get(key="press.online_interviews_department_per_year")
    assert dept.citation.endswith("第5条")
    keyword = RuleRecord.objects.get(key="catalog.keyword_max_length")
    assert (keyword.jurisdiction.code, keyword.effective_from) == ("150623", D(2018, 11, 5))


def test_calendar_day_clock_counts_every_day_and_skips_paused_ones():
    # given a 30-day consultation minimum started on 2026-01-05 (a Monday)
    d = services.deadline_start(
        actor=None, rule_key="participation.consultation_min_period_major", start=local(2026, 1, 5)
    )
    # then weekends and holidays count: due on 2026-02-04
    assert (d.unit, d.amount, d.due_date) == ("days", 30, D(2026, 2, 4))
    assert "期限：30 日" in d.explain()
    assert "到期：2026-02-04（当日 23:59:59 前）" in d.explain()
    # when paused from 01-10 to 01-12, two days are not counted
    services.deadline_pause(actor=None, deadline=d, reason="暂停", at=local(2026, 1, 10, 9))
    d.refresh_from_db()
    assert d.due_date is None
    services.deadline_resume(actor=None, deadline=d, at=local(2026, 1, 12, 9))
    d.refresh_from_db()
    assert d.due_date == D(2026, 2, 6)


def test_missing_ordinary_consultation_rule_is_typed():
    with pytest.raises(DeadlineRuleMissing):
        services.deadline_start(actor=None, rule_key="participation.consultation_min_period", start=local(2026, 1, 5))


def test_rule_drop_downs_show_labels_not_keys():
    for form in (RuleRecordForm(), CalculatorForm()):
        field = form.fields["key"] if "key" in form.fields else form.fields["rule"]
        labels = [str(label) for value, label in field.choices if value]
        assert labels and all(label == RULES[value].label for value, label in field.choices if value)
        assert not any("." in label for label in labels)


def test_the_calculator_counts_a_calendar_day_rule():
    from gongkai.rules.calculator import deadline_calculate

    result = deadline_calculate(start="2026-01-05", rule_key="participation.consultation_min_period_major")
    assert (result["unit"], result["amount"], result["due"]) == ("days", 30, "2026-02-04")
    assert result["rule"]["label"] == "决策草案公开征求意见最短期限（重大行政决策）"


@pytest.mark.parametrize(
    ("name", "params"),
    [("backoffice:rule_list", {"key": "foi.answer_period"}), ("backoffice:deadline_calculator", {})],
)
def test_rule_pages_show_labels_and_never_keys(client, sysadmin, name, params):
    import re

    from django.urls import reverse

    client.force_login(sysadmin)
    html = client.get(reverse(name), params).content.decode()
    text = re.sub(r"<[^>]+>", " ", html)  # what a person reads: attribute values left out
    assert "依申请公开答复期限" in text
    assert [key for key in RULES if key in text] == []
