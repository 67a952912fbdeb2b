"""Training (004 附件5): courses, attendance and examination results; the yearly hours per person
against ``training.min_class_hours`` (see selectors); 先培训后上岗 (``oversight.training_before_post``) checked
when a disclosure role is granted (``orgs.grant_checks``); import of attendance from Excel."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q

from gongkai.audit.services import audit_log
from gongkai.core.errors import ValidationFailed
from gongkai.core.spreadsheets import failed_import_message, is_blank_row, open_workbook
from gongkai.orgs.grant_checks import GrantNotice
from gongkai.orgs.models import Agency, User
from gongkai.rules.selectors import rule_value, rule_value_or_none

from .. import permissions
from ..events import OversightEvent
from ..models import Attendance, Course

MAX_HOURS = Decimal("100")


def _hours(value, label: str = "学时") -> Decimal:
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationFailed(f"{label}应为数字。") from None
    if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS:
        raise ValidationFailed(f"{label}应大于 0 且不超过 {MAX_HOURS}。")
    return hours.quantize(Decimal("0.1"))


def _score(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        score = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationFailed("考试成绩应为数字。") from None
    if not score.is_finite() or score < 0 or score > 100:
        raise ValidationFailed("考试成绩应在 0–100 之间。")
    return score.quantize(Decimal("0.1"))


def pass_mark(agency: Agency, on_date: dt.date) -> Decimal:
    return Decimal(str(rule_value("oversight.exam_pass_score", agency.region, on_date).value))


@transaction.atomic
def course_create(
    *,
    actor,
    agency: Agency,
    topic: str,
    held_on: dt.date,
    hours,
    teacher: str = "",
    materials: str = "",
    has_exam: bool = False,
) -> Course:
    permissions.require(actor, "training", "manage", agency)
    topic = (topic or "").strip()
    if not topic:
        raise ValidationFailed("请填写培训主题。")
    if not isinstance(held_on, dt.date):
        raise ValidationFailed("请填写培训日期。")
    course = Course.objects.create(
        agency=agency,
        topic=topic[:200],
        held_on=held_on,
        hours=_hours(hours),
        teacher=(teacher or "").strip()[:100],
        materials=(materials or "").strip(),
        has_exam=bool(has_exam),
        created_by=actor,
    )
    audit_log(
        actor=actor,
        event=OversightEvent.COURSE_CREATED,
        target=course,
        data={"new": {"topic": course.topic, "held_on": held_on, "hours": str(course.hours)}},
    )
    return course


def _attendance_values(course: Course, person: User, hours, score) -> tuple[Decimal, Decimal | None, bool | None]:
    credited = _hours(hours, "计入学时") if hours not in (None, "") else course.hours
    if credited > course.hours:
        raise ValidationFailed(f"计入学时不能超过课程学时（{course.hours}）。")
    exam_score = _score(score)
    if exam_score is not None and not course.has_exam:
        raise ValidationFailed("该课程未组织考试，不能登记成绩。")
    passed = None if exam_score is None else exam_score >= pass_mark(course.agency, course.held_on)
    return credited, exam_score, passed


@transaction.atomic
def attendance_record(*, actor, course: Course, person: User, hours=None, exam_score=None) -> Attendance:
    """Record (or correct) one person's attendance and exam result."""
    permissions.require(actor, "training", "manage", course.agency_id)
    credited, score, passed = _attendance_values(course, person, hours, exam_score)
    row, created = Attendance.objects.update_or_create(
        course=course, person=person, defaults={"hours": credited, "exam_score": score, "exam_passed": passed}
    )
    audit_log(
        actor=actor,
        event=OversightEvent.ATTENDANCE_RECORDED,
        target=row,
        data={
            "new": {
                "person": person.username,
                "hours": str(credited),
                "exam_score": str(score) if score is not None else None,
                "created": created,
            }
        },
    )
    return row


# --- Excel import ------------------------------------------------------------------------------

IMPORT_HEADER = ["用户名", "姓名", "计入学时", "考试成绩"]
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 2000


@dataclass
class RowError:
    row: int | None
    message: str


class AttendanceImportFailed(ValidationFailed):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(failed_import_message(errors), detail=[{"row": e.row, "message": e.message} for e in errors])


def _fail(message: str) -> AttendanceImportFailed:
    return AttendanceImportFailed([RowError(None, message)])


def attendance_template() -> bytes:
    import io

    import openpyxl

    from gongkai.core.documents import set_workbook_properties

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "参训名单"
    ws.append(IMPORT_HEADER)
    set_workbook_properties(wb, author="", title="培训参训名单导入模板")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@transaction.atomic
def attendance_import(*, actor, course: Course, data: bytes, filename: str = "") -> int:
    """Import the attendance of ``course`` from an .xlsx (columns of ``IMPORT_HEADER``). Every row is
    checked first; with any error nothing is imported (``AttendanceImportFailed`` lists the rows)."""
    permissions.require(actor, "training", "manage", course.agency_id)
    wb = open_workbook(data, filename, cap=MAX_IMPORT_BYTES, fail=_fail)
    try:
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
    finally:
        wb.close()
    if not rows or [str(c or "").strip() for c in rows[0][:2]] != IMPORT_HEADER[:2]:
        raise _fail(f"第一行应为表头：{'、'.join(IMPORT_HEADER)}。")
    body = [(i, r) for i, r in enumerate(rows[1:], start=2) if not is_blank_row(r)]
    if not body:
        raise _fail("文件中没有参训记录。")
    if len(body) > MAX_IMPORT_ROWS:
        raise _fail(f"一次最多导入 {MAX_IMPORT_ROWS} 行。")
    errors: list[RowError] = []
    planned: list[tuple[User, Decimal, Decimal | None, bool | None]] = []
    seen: set[str] = set()
    for number, cells in body:
        cells = list(cells) + [None] * (4 - len(cells))
        username = str(cells[0] or "").strip()
        if not username:
            errors.append(RowError(number, "缺少用户名。"))
            continue
        if username in seen:
            errors.append(RowError(number, f"用户名“{username}”重复。"))
            continue
        seen.add(username)
        person = User.objects.filter(username=username, is_active=True).first()
        if person is None:
            errors.append(RowError(number, f"没有用户名为“{username}”的在用账户。"))
            continue
        name = str(cells[1] or "").strip()
        if name and person.full_name and name != person.full_name:
            errors.append(RowError(number, f"姓名“{name}”与账户“{username}”的姓名不一致。"))
            continue
        try:
            planned.append((person, *_attendance_values(course, person, cells[2], cells[3])))
        except ValidationFailed as exc:
            errors.append(RowError(number, exc.message))
    if errors:
        raise AttendanceImportFailed(errors)
    for person, hours, score, passed in planned:
        Attendance.objects.update_or_create(
            course=course, person=person, defaults={"hours": hours, "exam_score": score, "exam_passed": passed}
        )
    audit_log(
        actor=actor,
        event=OversightEvent.ATTENDANCE_IMPORTED,
        target=course,
        data={"new": {"rows": len(planned), "file": filename[:100]}},
    )
    return len(planned)


# --- 先培训后上岗 ---------------------------------------------------------------------------------


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1

    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def trained_since(person: User, since: dt.date, until: dt.date) -> bool:
    """Attended a course held in [since, until] and did not fail its exam."""
    return (
        Attendance.objects.filter(person=person, course__held_on__gte=since, course__held_on__lte=until)
        .filter(Q(exam_passed__isnull=True) | Q(exam_passed=True))
        .exists()
    )


def role_grant_check(*, user, role: str, agency, on_date: dt.date) -> list[GrantNotice]:
    """Registered with ``orgs.grant_checks``: warn (or refuse, if the jurisdiction's record says so)
    when a disclosure role goes to someone without training in the rule's number of months."""
    if agency is None:
        return []
    rv = rule_value_or_none("oversight.training_before_post", agency.region, on_date)
    if rv is None or role not in rv.value.get("roles", []):
        return []
    months = int(rv.value.get("months", 12))
    if trained_since(user, _months_before(on_date, months), on_date):
        return []
    blocking = bool(rv.value.get("blocking"))
    name = user.full_name or user.username
    message = (
        f"{name}近 {months} 个月内没有参加政务公开培训（或考试不合格）。按照先培训后上岗的原则（{rv.citation}），"
        + ("不能授予该角色，请先安排培训。" if blocking else "请尽快安排培训。")
    )
    return [GrantNotice(message=message, blocking=blocking, code="oversight.untrained")]
