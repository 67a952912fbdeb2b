"""Statistics of the leader mailbox and hotline: received, answered, on time, satisfaction — by
handling unit, by kind and by month — for the units a user may see, and their Excel export."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from gongkai.core.periods import day_span

from . import permissions
from .enums import ANSWERED_STATUSES, Kind, Rating, Status
from .models import Letter

HEADERS = [
    "分组",
    "收到",
    "已答复",
    "按时认领",
    "按时答复",
    "按时答复率",
    "已评价",
    "满意",
    "基本满意",
    "不满意",
    "满意率",
]


@dataclass
class Row:
    label: str
    received: int = 0
    answered: int = 0
    claimed_on_time: int = 0
    replied_on_time: int = 0
    replied_timed: int = 0
    rated: int = 0
    satisfied: int = 0
    basic: int = 0
    dissatisfied: int = 0

    @property
    def on_time_rate(self) -> str:
        return f"{self.replied_on_time * 100 / self.replied_timed:.1f}%" if self.replied_timed else "—"

    @property
    def satisfaction_rate(self) -> str:
        return f"{(self.satisfied + self.basic) * 100 / self.rated:.1f}%" if self.rated else "—"

    def cells(self) -> list:
        return [
            self.label,
            self.received,
            self.answered,
            self.claimed_on_time,
            self.replied_on_time,
            self.on_time_rate,
            self.rated,
            self.satisfied,
            self.basic,
            self.dissatisfied,
            self.satisfaction_rate,
        ]


@dataclass
class Statistics:
    start: dt.date
    end: dt.date
    total: Row
    by_unit: list[Row] = field(default_factory=list)
    by_kind: list[Row] = field(default_factory=list)
    by_month: list[Row] = field(default_factory=list)


def _add(row: Row, letter: Letter) -> None:
    row.received += 1
    if letter.status in ANSWERED_STATUSES:
        row.answered += 1
    if letter.claimed_on_time:
        row.claimed_on_time += 1
    if letter.replied_on_time is not None:
        row.replied_timed += 1
        row.replied_on_time += int(bool(letter.replied_on_time))
    if letter.rating:
        row.rated += 1
        row.satisfied += int(letter.rating == Rating.SATISFIED)
        row.basic += int(letter.rating == Rating.BASIC)
        row.dissatisfied += int(letter.rating == Rating.DISSATISFIED)


def compute(*, user, start: dt.date, end: dt.date) -> Statistics:
    lo, hi = day_span(start, end)
    qs = Letter.objects.filter(received_at__gte=lo, received_at__lt=hi).exclude(status=Status.MERGED)
    ids = permissions.viewable_agency_ids(user)
    if ids is not None:
        qs = qs.filter(Q(office_id__in=ids) | Q(handling_agency_id__in=ids))
    total = Row("合计")
    units: dict[str, Row] = {}
    kinds: dict[str, Row] = defaultdict(lambda: Row(""))
    months: dict[str, Row] = {}
    for letter in qs.select_related("handling_agency"):
        _add(total, letter)
        unit = letter.handling_agency.name if letter.handling_agency_id else "（未交办）"
        _add(units.setdefault(unit, Row(unit)), letter)
        kinds[letter.kind].label = str(Kind(letter.kind).label)
        _add(kinds[letter.kind], letter)
        month = timezone.localtime(letter.received_at).strftime("%Y年%m月")
        _add(months.setdefault(month, Row(month)), letter)
    return Statistics(
        start=start,
        end=end,
        total=total,
        by_unit=sorted(units.values(), key=lambda r: (-r.received, r.label)),
        by_kind=[kinds[k] for k in Kind.values if k in kinds],
        by_month=[months[m] for m in sorted(months)],
    )


def statistics_xlsx(stats: Statistics) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in (("按承办单位", stats.by_unit), ("按类型", stats.by_kind), ("按月份", stats.by_month)):
        ws = wb.create_sheet(title)
        ws.append([f"领导信箱与热线来信统计（{stats.start.isoformat()} 至 {stats.end.isoformat()}）"])
        ws["A1"].font = Font(bold=True)
        ws.append(HEADERS)
        for row in rows:
            ws.append(row.cells())
        ws.append(stats.total.cells())
        ws.column_dimensions["A"].width = 28
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
