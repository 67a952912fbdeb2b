"""Parsing a year's holiday schedule typed as lines of text.

One entry per line; blank lines and lines starting with ``#`` are ignored::

    2027-01-01 元旦
    2027-02-06..2027-02-12 春节
    2027-02-14 调休上班

A date or a range (``..``, ``~`` or ``至`` between two dates), then a name. A name that
contains 上班 or 补班 makes the day(s) make-up working days; any other name is a holiday.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from gongkai.core.errors import ValidationFailed

from .enums import DayKind

WORKDAY_WORDS = ("上班", "补班")
MAX_RANGE_DAYS = 15


@dataclass(frozen=True)
class ScheduleEntry:
    date: dt.date
    kind: str
    name: str


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def parse_schedule(text: str, year: int) -> list[ScheduleEntry]:
    """The entries of ``text`` for ``year``; raises ValidationFailed with ``detail["rows"]`` listing each bad line."""
    entries: list[ScheduleEntry] = []
    errors: list[dict] = []
    seen: dict[dt.date, int] = {}
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue

        def fail(message: str, number=number, raw=raw) -> None:
            errors.append({"line": number, "text": raw.strip(), "message": message})

        parts = line.split(None, 1)
        when = parts[0]
        name = parts[1].strip() if len(parts) > 1 else ""
        # A range may be written with spaces around the separator: "2027-02-06 至 2027-02-12 春节".
        match = re.match(r"^(\d{4}-\d{1,2}-\d{1,2})\s*(?:\.\.|~|～|至)\s*(\d{4}-\d{1,2}-\d{1,2})\s*(.*)$", line)
        if match:
            first, last, name = _parse_date(match.group(1)), _parse_date(match.group(2)), match.group(3).strip()
            if first is None or last is None:
                fail("日期无效，应写作 YYYY-MM-DD。")
                continue
        else:
            first = last = _parse_date(when)
            if first is None:
                fail("日期无效，应写作 YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD。")
                continue
        if last < first:
            fail("日期范围的结束日早于开始日。")
            continue
        if (last - first).days + 1 > MAX_RANGE_DAYS:
            fail(f"一个日期范围最多 {MAX_RANGE_DAYS} 天。")
            continue
        if first.year != year or last.year != year:
            fail(f"日期不属于 {year} 年。")
            continue
        if not name:
            fail("缺少名称（节日名称，或“调休上班”）。")
            continue
        if len(name) > 100:
            fail("名称过长（最多 100 个字）。")
            continue
        kind = DayKind.WORKDAY if any(word in name for word in WORKDAY_WORDS) else DayKind.HOLIDAY
        day = first
        duplicate = False
        while day <= last:
            if day in seen:
                fail(f"{day.isoformat()} 与第 {seen[day]} 行重复。")
                duplicate = True
                break
            day += dt.timedelta(days=1)
        if duplicate:
            continue
        day = first
        while day <= last:
            seen[day] = number
            entries.append(ScheduleEntry(day, kind, name))
            day += dt.timedelta(days=1)
    if errors:
        raise ValidationFailed(f"放假安排有 {len(errors)} 行有误，请修改后重新提交。", detail={"rows": errors})
    if not entries:
        raise ValidationFailed("放假安排为空：请至少填写一行。", detail={"rows": []})
    return sorted(entries, key=lambda e: e.date)
