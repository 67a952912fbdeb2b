"""Rule records: the shipped defaults, lookup up the hierarchy by date, typed errors, services and permissions."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import Conflict, PermissionDenied, ValidationFailed
from gongkai.rules import services
from gongkai.rules.errors import RuleMissing, UnknownJurisdiction, UnknownRule
from gongkai.rules.models import RuleRecord
from gongkai.rules.registry import RULES, parse_value_text
from gongkai.rules.selectors import rule_value

from ..factories import AgencyFactory, UserFactory, grant

D = dt.date
pytestmark = pytest.mark.django_db


# Values of the sample local documents (铜川市, 北京市, 鄂托克前旗) are local profiles only (鄂托克前旗's
# 先培训后上岗 of 附件5 第七条 too).
LOCAL_ONLY = {
    "decision.issue_period",
    "decision.issue_period_major_revision",
    "participation.consultation_min_period",
    "training.min_class_hours",
    "oversight.training_before_post",
    "newmedia.min_gov_info_share",
    "press.min_conferences_per_quarter",
    "press.head_attendance_per_year",
    "press.spokesperson_attendance_per_quarter",
    "catalog.keyword_max_length",
}


def test_every_registered_rule_ships_with_a_national_default_unless_it_is_local():
    missing = [key for key in RULES if not RuleRecord.objects.filter(key=key, jurisdiction__isnull=True).exists()]
    assert sorted(missing) == sorted(LOCAL_ONLY)
    assert [key for key in LOCAL_ONLY if not RuleRecord.objects.filter(key=key).exists()] == []


def test_foi_answer_period_changes_on_2019_05_15():
    before = rule_value("foi.answer_period", None, D(2019, 5, 14))
    after = rule_value("foi.answer_period", None, D(2019, 5, 15))
    assert (before.value, after.value) == (15, 20)
    assert before.citation == "《政府信息公开条例》（2007年，国务院令第492号）第二十四条"
    assert after.citation == "《政府信息公开条例》（2019年修订，国务院令第711号）第三十三条"
    assert rule_value("foi.extension_max", None, D(2019, 5, 14)).value == 15
    assert rule_value("foi.extension_max", None, D(2019, 5, 15)).value == 20


def test_local_rule_takes_precedence_and_is_inherited_below(xiangyun, township):
    # 祥云县 36 h (祥政办通〔2019〕54号) vs national 48 h (国办发〔2016〕61号)
    national = rule_value("opinion.response_ordinary", None, D(2026, 3, 1))
    local = rule_value("opinion.response_ordinary", xiangyun, D(2026, 3, 1))
    inherited = rule_value("opinion.response_ordinary", township, D(2026, 3, 1))
    assert (national.value, local.value, inherited.value) == (48, 36, 36)
    assert national.jurisdiction is None and national.citation == "国办发〔2016〕61号 三"
    assert local.jurisdiction == xiangyun and local.citation == "祥政办通〔2019〕54号 六(十四)"
    assert inherited.jurisdiction == xiangyun
    # before the local rule took effect (2019-07-02) the national one applies
    early = rule_value("opinion.response_ordinary", township, D(2019, 7, 1))
    assert (early.value, early.jurisdiction) == (48, None)
    # a region code works too
    assert rule_value("opinion.response_ordinary", "532923", D(2026, 3, 1)).value == 36


def test_tongchuan_profile_five_and_twenty_four_hours():
    assert rule_value("opinion.first_release_major", "610200", D(2017, 1, 1)).citation == "铜政办发〔2016〕71号 三(四)"
    assert rule_value("opinion.first_release_major", "610200", D(2017, 1, 1)).value == 5
    assert rule_value("opinion.press_conference_major", "610200", D(2017, 1, 1)).value == 24


def test_no_rule_in_force_is_a_typed_error_naming_key_place_and_date(xiangyun):
    with pytest.raises(RuleMissing) as exc:
        rule_value("foi.supplement_notice_period", xiangyun, D(2018, 1, 1))
    assert exc.value.code == "rule_missing"
    assert (
        exc.value.message == "没有适用的规则记录：“补正告知期限”，区划：云南省大理白族自治州祥云县，日期：2018-01-01。"
    )
    with pytest.raises(UnknownRule):
        rule_value("no.such.rule", None, D(2026, 1, 1))
    with pytest.raises(UnknownJurisdiction):
        rule_value("foi.answer_period", "999999", D(2026, 1, 1))


def test_annual_report_format_by_report_year():
    assert rule_value("annual_report.format", None, D(2020, 1, 1)).value["code"] == "2019_trial"
    assert rule_value("annual_report.format", None, D(2021, 1, 1)).citation == "国办公开办函〔2021〕30号"
    assert rule_value("annual_report.due_department", None, D(2026, 1, 1)).value == {"month": 1, "day": 31}
    assert rule_value("annual_report.due_government", None, D(2026, 1, 1)).value == {"month": 3, "day": 31}


def test_sysadmin_creates_a_rule_record_with_audit(sysadmin, xiangyun):
    # when
    record = services.rule_record_create(
        actor=sysadmin,
        key="foi.fee_payment_period",
        jurisdiction=xiangyun,
        value=15,
        effective_from=D(2027, 1, 1),
        citation="祥政办发〔2026〕1号 第三条",
    )
    # then
    assert rule_value("foi.fee_payment_period", xiangyun, D(2027, 1, 1)).record == record
    assert rule_value("foi.fee_payment_period", xiangyun, D(2026, 12, 31)).value == 20
    event = AuditEvent.objects.get(event="rule.created", target_id=str(record.pk))
    assert event.data["new"]["value"] == 15 and event.data["new"]["jurisdiction"] == "532923"


def test_overlapping_records_are_refused_adjacent_ones_accepted(sysadmin):
    before = RuleRecord.objects.count()
    with pytest.raises(Conflict) as exc:
        services.rule_record_create(
            actor=sysadmin, key="foi.answer_period", value=25, effective_from=D(2026, 1, 1), citation="测试"
        )
    assert "重叠" in exc.value.message
    assert RuleRecord.objects.count() == before
    # ending the current record, then starting a new one the next day works
    current = rule_value("foi.answer_period", None, D(2026, 1, 1)).record
    services.rule_record_end(actor=sysadmin, record=current, last_day=D(2030, 12, 31))
    services.rule_record_create(
        actor=sysadmin, key="foi.answer_period", value=25, effective_from=D(2031, 1, 1), citation="假设的新条例"
    )
    assert rule_value("foi.answer_period", None, D(2030, 12, 31)).value == 20
    assert rule_value("foi.answer_period", None, D(2031, 1, 1)).value == 25
    assert AuditEvent.objects.filter(event="rule.updated", target_id=str(current.pk)).count() == 1


def test_database_refuses_an_end_before_the_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        RuleRecord.objects.create(
            key="foi.answer_period", value=1, effective_from=D(2030, 1, 2), effective_to=D(2030, 1, 1), citation="x"
        )


def test_value_is_checked_against_the_rule_kind(sysadmin):
    with pytest.raises(ValidationFailed):
        services.rule_record_create(
            actor=sysadmin, key="foi.answer_period", value="二十", effective_from=D(2040, 1, 1), citation="x"
        )
    assert parse_value_text("annual_report.due_department", "01-31") == {"month": 1, "day": 31}
    with pytest.raises(ValidationFailed):
        parse_value_text("annual_report.due_department", "02-30")
    with pytest.raises(ValidationFailed):
        parse_value_text("newmedia.min_gov_info_share", "160")


@pytest.mark.parametrize("who", ["anonymous", "unit_admin", "sub_user", "xiangyun_head"])
def test_only_a_system_administrator_changes_national_rules(who, request):
    from django.contrib.auth.models import AnonymousUser

    actor = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    record = rule_value("opinion.response_ordinary", None, D(2026, 1, 1)).record
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.rule_record_update(actor=actor, record=record, value=24)
    record.refresh_from_db()
    assert record.value == 48
    assert AuditEvent.objects.count() == events


def test_disclosure_office_head_edits_own_jurisdiction_only(xiangyun_head, xiangyun, township):
    # right role, right place (and a township below it)
    local = rule_value("opinion.response_ordinary", xiangyun, D(2026, 1, 1)).record
    services.rule_record_update(actor=xiangyun_head, record=local, note="已核对")
    services.rule_record_create(
        actor=xiangyun_head,
        key="opinion.response_ordinary",
        jurisdiction=township,
        value=24,
        effective_from=D(2026, 1, 1),
        citation="祥城镇文件",
    )
    # wrong place: 铜川市
    tongchuan = rule_value("opinion.first_release_major", "610200", D(2026, 1, 1)).record
    with pytest.raises(PermissionDenied):
        services.rule_record_update(actor=xiangyun_head, record=tongchuan, value=3)
    tongchuan.refresh_from_db()
    assert tongchuan.value == 5
    # right place, wrong kind of unit: the head role held at a department does not count
    dept = AgencyFactory(region=xiangyun, name="祥云县教育局")
    dept_head = UserFactory(username="dept-head")
    grant(dept_head, "disclosure_office_head", dept)
    with pytest.raises(PermissionDenied):
        services.rule_record_update(actor=dept_head, record=local, value=30)
    local.refresh_from_db()
    assert local.value == 36


def test_unit_admin_cannot_create_local_rules(unit_admin, county):
    before = RuleRecord.objects.count()
    with pytest.raises(PermissionDenied):
        services.rule_record_create(
            actor=unit_admin,
            key="foi.answer_period",
            jurisdiction=county,
            value=10,
            effective_from=D(2026, 1, 1),
            citation="x",
        )
    assert RuleRecord.objects.count() == before


def test_changing_the_statutory_holiday_rule_recomputes_computed_years(sysadmin):
    from gongkai.rules.workdays import is_working_day

    assert is_working_day(D(2027, 5, 3)) is True
    record = rule_value("calendar.statutory_holidays", None, D(2027, 1, 1)).record
    value = dict(record.value)
    value["holidays"] = [dict(h) for h in value["holidays"]]
    for h in value["holidays"]:
        if h["name"] == "劳动节":
            h["days"] = 3
    services.rule_record_update(actor=sysadmin, record=record, value=value)
    assert is_working_day(D(2027, 5, 3)) is False
