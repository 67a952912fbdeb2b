"""Training (004 附件5): yearly totals across years against the dated rule, the people below it per
unit, 先培训后上岗 on a role grant (warning, and blocking by a jurisdiction's record), and the Excel
import of attendance (row errors, nothing half-imported)."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.orgs import services as org_services
from gongkai.orgs.enums import Role
from gongkai.orgs.models import RoleAssignment
from gongkai.oversight import selectors
from gongkai.oversight.models import Attendance
from gongkai.oversight.services import training
from gongkai.rules.models import RuleRecord

from ..factories import UserFactory


def course(actor, agency, day, hours, **kw):
    return training.course_create(actor=actor, agency=agency, topic=f"培训{day}", held_on=day, hours=hours, **kw)


def test_yearly_totals_across_years_and_shortfall_per_unit(county_office, department, worker, unit_admin):
    c1 = course(county_office, department, dt.date(2025, 12, 30), "1.5")
    c2 = course(county_office, department, dt.date(2026, 1, 5), "1")
    c3 = course(county_office, department, dt.date(2026, 6, 1), "1.5")
    training.attendance_record(actor=county_office, course=c1, person=worker)
    training.attendance_record(actor=county_office, course=c2, person=worker)
    training.attendance_record(actor=county_office, course=c2, person=unit_admin)
    training.attendance_record(actor=county_office, course=c3, person=unit_admin)

    status_2025 = selectors.training_status(department, 2025)
    status_2026 = selectors.training_status(department, 2026)
    by_user_2025 = {r["person"].username: r for r in status_2025["rows"]}
    by_user_2026 = {r["person"].username: r for r in status_2026["rows"]}
    assert status_2026["minimum"] == Decimal("2")
    # 2025: only the 1.5 hours of December count for the worker — below 2.
    assert by_user_2025["ov-worker"]["hours"] == Decimal("1.5") and not by_user_2025["ov-worker"]["met"]
    # 2026: the worker has 1 hour (the December course is last year's), the admin 2.5.
    assert by_user_2026["ov-worker"]["hours"] == Decimal("1.0") and not by_user_2026["ov-worker"]["met"]
    assert by_user_2026["unitadmin"]["hours"] == Decimal("2.5") and by_user_2026["unitadmin"]["met"]

    units = {u["agency"].pk: u for u in selectors.training_shortfall_by_unit(county_office, 2026)}
    assert [r["person"].username for r in units[department.pk]["below"]] == ["ov-worker"]


def test_minimum_follows_the_dated_rule(county, county_office, department, worker):
    RuleRecord.objects.create(
        key="oversight.training_hours_min",
        jurisdiction=county,
        value=1,
        effective_from=dt.date(2026, 1, 1),
        citation="本旗2026年培训通知",
    )
    c = course(county_office, department, dt.date(2026, 3, 1), "1")
    training.attendance_record(actor=county_office, course=c, person=worker)
    row = next(r for r in selectors.training_status(department, 2026)["rows"] if r["person"] == worker)
    assert row["met"]
    c0 = course(county_office, department, dt.date(2025, 3, 1), "1")
    training.attendance_record(actor=county_office, course=c0, person=worker)
    row = next(r for r in selectors.training_status(department, 2025)["rows"] if r["person"] == worker)
    assert not row["met"]  # 2025 still needs the national 2 hours


def test_exam_result_against_pass_mark_and_excellent_barred(county_office, department, worker):
    c = course(county_office, department, dt.date(2026, 3, 1), "3", has_exam=True)
    training.attendance_record(actor=county_office, course=c, person=worker, exam_score="59")
    row = next(r for r in selectors.training_status(department, 2026)["rows"] if r["person"] == worker)
    assert row["met"] and row["failed_exam"] and row["excellent_barred"]
    training.attendance_record(actor=county_office, course=c, person=worker, exam_score="60")
    assert Attendance.objects.get(course=c, person=worker).exam_passed is True


def test_bad_hours_and_denials(county_office, department, other_department, outsider, worker):
    with pytest.raises(ValidationFailed):
        course(county_office, department, dt.date(2026, 3, 1), "0")
    with pytest.raises(PermissionDenied):
        course(outsider, department, dt.date(2026, 3, 1), "1")
    with pytest.raises(PermissionDenied):
        course(worker, department, dt.date(2026, 3, 1), "1")
    c = course(county_office, department, dt.date(2026, 3, 1), "1")
    with pytest.raises(ValidationFailed):
        training.attendance_record(actor=county_office, course=c, person=worker, hours="2")


def test_untrained_grant_warns_and_is_recorded(frozen, sysadmin, department):
    person = UserFactory(username="newcomer", full_name="新人")
    assignment = org_services.role_grant(
        actor=sysadmin, user=person, role=Role.CONFIDENTIALITY_REVIEWER, agency=department
    )
    assert assignment.grant_warnings and "先培训后上岗" in assignment.grant_warnings[0]
    event = AuditEvent.objects.filter(event="orgs.role.granted").order_by("-id").first()
    assert event.data["warnings"] == assignment.grant_warnings
    # A role outside the rule's list: no warning.
    other = org_services.role_grant(actor=sysadmin, user=person, role=Role.SUB_USER, agency=department)
    assert other.grant_warnings == []


def test_trained_person_gets_no_warning(frozen, sysadmin, county_office, department):
    person = UserFactory(username="trained", full_name="已培训")
    c = course(county_office, department, dt.date(2025, 9, 1), "2")
    training.attendance_record(actor=county_office, course=c, person=person)
    assignment = org_services.role_grant(
        actor=sysadmin, user=person, role=Role.CONFIDENTIALITY_REVIEWER, agency=department
    )
    assert assignment.grant_warnings == []
    # Training older than the rule's 12 months no longer counts.
    frozen.set(2026, 10, 1)
    late = UserFactory(username="trained-long-ago")
    c_old = course(county_office, department, dt.date(2025, 9, 1), "2")
    training.attendance_record(actor=county_office, course=c_old, person=late)
    assert org_services.role_grant(
        actor=sysadmin, user=late, role=Role.CONFIDENTIALITY_REVIEWER, agency=department
    ).grant_warnings


def test_blocking_rule_of_a_jurisdiction_refuses_the_grant(frozen, county, sysadmin, department):
    RuleRecord.objects.create(
        key="oversight.training_before_post",
        jurisdiction=county,
        value={"roles": ["confidentiality_reviewer"], "months": 12, "blocking": True},
        effective_from=dt.date(2026, 1, 1),
        citation="本旗规定",
    )
    person = UserFactory(username="blocked")
    with pytest.raises(ValidationFailed) as exc:
        org_services.role_grant(actor=sysadmin, user=person, role=Role.CONFIDENTIALITY_REVIEWER, agency=department)
    assert "不能授予" in exc.value.message
    assert not RoleAssignment.objects.filter(user=person).exists()


def _xlsx(rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_attendance_all_or_nothing(county_office, department, worker, unit_admin):
    c = course(county_office, department, dt.date(2026, 4, 1), "2", has_exam=True)
    bad = _xlsx(
        [
            training.IMPORT_HEADER,
            ["ov-worker", "工作人员乙", 2, 88],
            ["nobody", "", 2, None],
            ["unitadmin", "", 5, None],
        ]
    )
    with pytest.raises(training.AttendanceImportFailed) as exc:
        training.attendance_import(actor=county_office, course=c, data=bad, filename="a.xlsx")
    assert [e.row for e in exc.value.errors] == [3, 4]
    assert not Attendance.objects.filter(course=c).exists()

    good = _xlsx([training.IMPORT_HEADER, ["ov-worker", "工作人员乙", None, 88], ["unitadmin", "", 1.5, 40]])
    assert training.attendance_import(actor=county_office, course=c, data=good, filename="a.xlsx") == 2
    rows = {a.person.username: a for a in Attendance.objects.filter(course=c)}
    assert rows["ov-worker"].hours == Decimal("2.0") and rows["ov-worker"].exam_passed is True
    assert rows["unitadmin"].hours == Decimal("1.5") and rows["unitadmin"].exam_passed is False


def test_import_refuses_a_non_excel_file(county_office, department):
    c = course(county_office, department, dt.date(2026, 4, 1), "2")
    with pytest.raises(training.AttendanceImportFailed):
        training.attendance_import(actor=county_office, course=c, data=b"not excel", filename="a.csv")
