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
from gongkai.oversight import figures, selectors
from gongkai.oversight.models import Attendance
from gongkai.oversight.rules import PLATFORM
from gongkai.oversight.services import training
from gongkai.rules.models import RuleRecord

from ..factories import AgencyFactory, RegionFactory, UserFactory, grant


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
        key="training.min_class_hours",
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
    assert not row["met"]  # 2025 still needs the 2 hours of 鄂前政办发〔2018〕96号


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


# --- the training rules are local (鄂前政办发〔2018〕96号 of 鄂托克前旗), not national ---------------


@pytest.fixture
def elsewhere():
    """A unit in a jurisdiction that has set no training rule, its disclosure office and a worker."""
    agency = AgencyFactory(name="别处的局", region=RegionFactory(code="532923", name="祥云县"))
    office = UserFactory(username="else-office", full_name="别处公开办")
    grant(office, Role.DISCLOSURE_OFFICE_STAFF, agency)
    person = UserFactory(username="else-worker", full_name="别处人员")
    grant(person, Role.SUB_USER, agency)
    return agency, office, person


def test_where_no_hours_rule_applies_nobody_is_below_and_the_indicator_has_no_data(elsewhere):
    agency, office, person = elsewhere
    c = course(office, agency, dt.date(2026, 3, 1), "1")
    training.attendance_record(actor=office, course=c, person=person)
    status = selectors.training_status(agency, 2026)
    assert status["rule"] is None and status["minimum"] is None
    assert {r["person"].username: r["met"] for r in status["rows"]} == {"else-office": None, "else-worker": None}
    unit = next(u for u in selectors.training_shortfall_by_unit(office, 2026) if u["agency"] == agency)
    assert unit["below"] == [] and unit["people"] == 2
    line = next(
        f for f in figures.own_figures(agency, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) if "training" in f["key"]
    )
    assert (line["value"], line["rate"]) == (None, None)  # 暂无数据

    # A local record of that jurisdiction makes the same hours count.
    RuleRecord.objects.create(
        key="training.min_class_hours",
        jurisdiction=agency.region,
        value=1,
        effective_from=dt.date(2026, 1, 1),
        citation="祥云县培训办法",
    )
    status = selectors.training_status(agency, 2026)
    assert status["minimum"] == Decimal("1")
    assert {r["person"].username: r["met"] for r in status["rows"]} == {"else-office": False, "else-worker": True}
    line = next(
        f for f in figures.own_figures(agency, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) if "training" in f["key"]
    )
    assert line["rate"] == 0.5


def test_training_page_says_the_jurisdiction_has_not_set_the_rule(client, elsewhere):
    agency, office, _person = elsewhere
    client.force_login(office)
    body = client.get(f"/office/oversight/training/?year=2026&agency={agency.pk}").content.decode()
    assert "本地区未设定年度培训学时规则" in body and "未设定政务公开工作人员年度培训学时规则" in body
    assert "别处人员（" not in body  # not listed as below a minimum
    data = client.get(f"/api/v1/oversight/training?agency={agency.pk}&year=2026").json()
    assert data["minimum"] is None and data["citation"] == "" and "未设定" in data["rule_note"]
    assert {p["met"] for p in data["people"]} == {None}


def test_training_before_post_applies_only_where_a_record_is_in_force(frozen, sysadmin, elsewhere):
    agency, _office, _person = elsewhere
    person = UserFactory(username="else-newcomer")
    granted = org_services.role_grant(actor=sysadmin, user=person, role=Role.CONFIDENTIALITY_REVIEWER, agency=agency)
    assert granted.grant_warnings == []
    RuleRecord.objects.create(
        key="oversight.training_before_post",
        jurisdiction=agency.region,
        value={"roles": ["section_head"], "months": 12, "blocking": False},
        effective_from=dt.date(2026, 1, 1),
        citation="祥云县规定",
    )
    warned = org_services.role_grant(actor=sysadmin, user=person, role=Role.SECTION_HEAD, agency=agency)
    assert warned.grant_warnings and "祥云县规定" in warned.grant_warnings[0]


def test_records_citing_the_local_document_are_local_and_national_ones_are_platform_settings():
    keys = ["training.min_class_hours", "oversight.training_before_post", "oversight.exam_pass_score"]
    keys += [
        "oversight.rectification_period",
        "oversight.survey_answers_per_address",
        "oversight.assessment_indicators",
    ]
    records = RuleRecord.objects.filter(key__in=keys).select_related("jurisdiction")
    local = {(r.key, r.jurisdiction.code) for r in records if "鄂前政办发〔2018〕96号" in r.citation}
    assert local == {("training.min_class_hours", "150623"), ("oversight.training_before_post", "150623")}
    national = {r.key: r for r in records if r.jurisdiction_id is None}
    assert sorted(national) == sorted(keys[2:])
    assert all(r.citation == PLATFORM and "平台默认值" in r.note for r in national.values())
