"""Computing a deadline's due time and its explanation (no writes).

Definitions:
- Working-day clocks count from the local date of ``start_at``; the start day is not
  counted (《民法典》 art. 201). The due time is the end (23:59:59 local) of the due day.
- Hour clocks run on the clock, 24/7: due = start + hours.
- Extensions add their amounts to the base amount (same unit).
- Pauses (time that by law is not counted, e.g. consulting a third party, 条例 art. 32):
  * working days: a pause from moment S to moment E excludes the working days whose local
    date lies in (date(S), date(E)] — the day the pause starts still counts, the day it ends
    does not (the clock resumes from the next day, as a clock starts). The due date moves
    later by exactly the number of working days so excluded before it;
  * hours: the due moment moves later by the paused duration (only the part of a pause
    that begins before the — moving — due moment counts).
  While a pause is open and the period had not run out before it, the due time is
  undetermined (``None``); the explanation says how much was left.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from .enums import DeadlineUnit, ValueKind
from .regions import region_label
from .registry import RULES
from .workdays import MAX_WORKING_DAYS, add_working_days, check_amount, check_date

# A sanity bound for hour clocks (a bit over a year), not a statutory number.
MAX_HOURS = 10_000
END_OF_DAY = dt.time(23, 59, 59)
CIVIL_CODE_COUNTING = "《民法典》第二百零一条：开始的当日不计入，自下一日开始计算"


@dataclass(frozen=True)
class PauseSpan:
    started_at: dt.datetime
    ended_at: dt.datetime | None
    reason: str


@dataclass(frozen=True)
class ExtensionSpan:
    amount: int
    reason: str


@dataclass(frozen=True)
class Computed:
    due_at: dt.datetime | None
    due_date: dt.date | None
    provisional: bool
    explanation: dict[str, Any]


def unit_for_kind(kind: str) -> str:
    """The deadline unit a deadline rule's value kind runs in."""
    if kind == ValueKind.HOURS:
        return DeadlineUnit.HOURS
    if kind == ValueKind.DAYS:
        return DeadlineUnit.DAYS
    return DeadlineUnit.WORKING_DAYS


def end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, END_OF_DAY))


def as_aware(moment: dt.datetime | dt.date) -> dt.datetime:
    """A date means 00:00 local time; a naive datetime is taken as local time."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time.min)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def compute(
    *,
    unit: str,
    start_at: dt.datetime,
    amount: int,
    jurisdiction=None,
    rule_key: str = "",
    citation: str = "",
    extensions: list[ExtensionSpan] | tuple = (),
    pauses: list[PauseSpan] | tuple = (),
) -> Computed:
    start_at = as_aware(start_at)
    total = amount + sum(e.amount for e in extensions)
    spec = RULES.get(rule_key) if rule_key else None
    base: dict[str, Any] = {
        "unit": unit,
        "rule_key": rule_key,
        "rule_label": spec.label if spec else "",
        "citation": citation,
        "jurisdiction": region_label(jurisdiction),
        "start_at": timezone.localtime(start_at).isoformat(),
        "amount": amount,
        "extensions": [{"amount": e.amount, "reason": e.reason} for e in extensions],
        "total": total,
        "pauses": [
            {
                "from": timezone.localtime(p.started_at).isoformat(),
                "to": timezone.localtime(p.ended_at).isoformat() if p.ended_at else None,
                "reason": p.reason,
            }
            for p in pauses
        ],
    }
    if unit == DeadlineUnit.HOURS:
        return _compute_hours(start_at, total, pauses, base)
    if unit == DeadlineUnit.DAYS:
        return _compute_days(start_at, total, pauses, base)
    return _compute_working_days(start_at, total, jurisdiction, pauses, base)


def _compute_hours(start_at, total, pauses, base) -> Computed:
    check_amount(total, MAX_HOURS, "小时")
    check_date(timezone.localdate(start_at), "起算时间")
    due: dt.datetime | None = start_at + dt.timedelta(hours=total)
    paused_seconds = []
    for pause in sorted(pauses, key=lambda p: p.started_at):
        if due is None or pause.started_at >= due:
            paused_seconds.append(0)
            continue
        if pause.ended_at is None:
            left = due - max(pause.started_at, start_at)
            base["remaining_hours"] = round(left.total_seconds() / 3600, 2)
            due = None
            paused_seconds.append(None)
            continue
        span = pause.ended_at - max(pause.started_at, start_at)
        paused_seconds.append(int(span.total_seconds()))
        due += span
    for item, seconds in zip(base["pauses"], paused_seconds, strict=False):
        item["excluded_hours"] = None if seconds is None else round(seconds / 3600, 2)
    if due is not None:
        check_date(timezone.localdate(due), "到期时间")
    base.update(
        {
            "due_at": timezone.localtime(due).isoformat() if due else None,
            "due": timezone.localdate(due).isoformat() if due else None,
            "provisional": False,
            "provisional_years": [],
            "skipped": [],
            "makeup_days": [],
        }
    )
    return Computed(due, timezone.localdate(due) if due else None, False, base)


def _compute_working_days(start_at, total, jurisdiction, pauses, base) -> Computed:
    check_amount(total, MAX_WORKING_DAYS)
    start_date = check_date(timezone.localdate(start_at), "起算日期")
    windows = [
        (timezone.localdate(p.started_at), timezone.localdate(p.ended_at) if p.ended_at else None, p.reason)
        for p in pauses
    ]
    closed = [w for w in windows if w[1] is not None]
    open_ = [w for w in windows if w[1] is None]

    def paused(day: dt.date) -> str | None:
        for first, last, reason in closed:
            if first < day <= last:
                return f"暂停计时：{reason}"
        return None

    result = add_working_days(start_date, total, jurisdiction, paused=paused)
    due_date: dt.date | None = result.due
    if open_:
        open_from = min(w[0] for w in open_)
        if result.due > open_from:
            done = sum(1 for d, _ in result.counted if d <= open_from)
            base["remaining_working_days"] = total - done
            due_date = None
    for item, (first, last, _reason) in zip(base["pauses"], windows, strict=False):
        if last is None:
            item["excluded_working_days"] = None
        else:
            item["excluded_working_days"] = sum(
                1 for d, r in result.skipped if r.startswith("暂停计时") and first < d <= last
            )
    skipped = result.skipped
    counted = result.counted
    if due_date is None:
        open_from = min(w[0] for w in open_)
        skipped = [s for s in skipped if s.date <= open_from]
        counted = [c for c in counted if c.date <= open_from]
    # While paused (due undetermined) this reflects the projection without the open pause.
    provisional = result.provisional
    provisional_years = result.provisional_years
    due_at = end_of_day(due_date) if due_date else None
    base.update(
        {
            "start_date": start_date.isoformat(),
            "due": due_date.isoformat() if due_date else None,
            "due_at": timezone.localtime(due_at).isoformat() if due_at else None,
            "provisional": provisional,
            "provisional_years": provisional_years,
            "skipped": [{"date": d.isoformat(), "reason": r} for d, r in skipped],
            "makeup_days": [{"date": d.isoformat(), "name": n} for d, n in counted if n],
            "counted_days": len(counted),
        }
    )
    return Computed(due_at, due_date, provisional, base)


def _compute_days(start_at, total, pauses, base) -> Computed:
    """Calendar days: the start day is not counted; paused days (as for working days: the
    local dates in (date(S), date(E)]) are not counted either."""
    check_amount(total, MAX_WORKING_DAYS * 2, "日")
    start_date = check_date(timezone.localdate(start_at), "起算日期")
    windows = [
        (timezone.localdate(p.started_at), timezone.localdate(p.ended_at) if p.ended_at else None, p.reason)
        for p in pauses
    ]
    open_from = min((w[0] for w in windows if w[1] is None), default=None)
    day, counted, skipped = start_date, 0, []
    while counted < total:
        day += dt.timedelta(days=1)
        reason = next((r for first, last, r in windows if last is not None and first < day <= last), None)
        if reason is not None:
            skipped.append({"date": day.isoformat(), "reason": f"暂停计时：{reason}"})
            continue
        if open_from is not None and day > open_from:
            base["remaining_days"] = total - counted
            day = None
            break
        counted += 1
    due_date = check_date(day, "到期日") if day is not None else None
    due_at = end_of_day(due_date) if due_date else None
    for item, (first, last, _reason) in zip(base["pauses"], windows, strict=False):
        item["excluded_days"] = (
            None if last is None else sum(1 for s in skipped if first.isoformat() < s["date"] <= last.isoformat())
        )
    base.update(
        {
            "start_date": start_date.isoformat(),
            "due": due_date.isoformat() if due_date else None,
            "due_at": timezone.localtime(due_at).isoformat() if due_at else None,
            "provisional": False,
            "provisional_years": [],
            "skipped": skipped,
            "makeup_days": [],
            "counted_days": counted,
        }
    )
    return Computed(due_at, due_date, False, base)


# --- Explanation text ------------------------------------------------------------------------------


def provisional_reason(years: list[int]) -> str:
    if not years:
        return ""
    listed = "、".join(f"{y}年" for y in years)
    return (
        f"暂定：{listed}尚无国务院办公厅公布的正式放假安排，"
        "已按暂定安排或按周末和《全国年节及纪念日放假办法》规定的法定节日推算；正式安排录入后将自动重新计算。"
    )


def explanation_lines(data: dict[str, Any]) -> list[str]:
    """The explanation (as stored in ``Deadline.explanation`` or returned by the calculator) in Chinese."""
    if not data:
        return []
    unit = data.get("unit")
    unit_label = {DeadlineUnit.WORKING_DAYS: "个工作日", DeadlineUnit.DAYS: "日"}.get(unit, "小时")
    by_day = unit in (DeadlineUnit.WORKING_DAYS, DeadlineUnit.DAYS)
    lines: list[str] = []
    if data.get("rule_key"):
        label = data.get("rule_label") or data["rule_key"]
        lines.append(f"依据：{label}（{data.get('citation') or '未注明依据'}）")
    elif data.get("citation"):
        lines.append(f"依据：{data['citation']}")
    else:
        lines.append("依据：未指定规则，按输入的期限计算")
    lines.append(f"适用区划：{data.get('jurisdiction') or '全国'}")
    start = data.get("start_at", "")
    if by_day:
        lines.append(f"起算：{data.get('start_date') or start[:10]}（{CIVIL_CODE_COUNTING}）")
    else:
        lines.append(f"起算：{start[:16].replace('T', ' ')}（按自然时间连续计算）")
    lines.append(f"期限：{data.get('amount')} {unit_label}")
    for ext in data.get("extensions", []):
        lines.append(f"延长：{ext['amount']} {unit_label}（{ext['reason']}）")
    if data.get("extensions"):
        lines.append(f"合计：{data.get('total')} {unit_label}")
    for pause in data.get("pauses", []):
        to = pause["to"][:16].replace("T", " ") if pause.get("to") else "至今"
        frm = pause["from"][:16].replace("T", " ")
        if unit == DeadlineUnit.WORKING_DAYS:
            n = pause.get("excluded_working_days")
            effect = "不计入期间的工作日待恢复后确定" if n is None else f"不计入 {n} 个工作日"
        elif unit == DeadlineUnit.DAYS:
            n = pause.get("excluded_days")
            effect = "不计入期间的天数待恢复后确定" if n is None else f"不计入 {n} 日"
        else:
            n = pause.get("excluded_hours")
            effect = "暂停时长待恢复后确定" if n is None else f"不计入 {n} 小时"
        lines.append(f"暂停：{frm} 至 {to}（{pause['reason']}），{effect}")
    skipped = data.get("skipped", [])
    if skipped:
        lines.append("跳过的日期：" + "；".join(f"{s['date']} {s['reason']}" for s in skipped))
    elif unit == DeadlineUnit.WORKING_DAYS:
        lines.append("跳过的日期：无")
    makeup = data.get("makeup_days", [])
    if makeup:
        lines.append("计入的调休上班日：" + "；".join(f"{m['date']}（{m['name']}）" for m in makeup))
    if data.get("due"):
        if by_day:
            lines.append(f"到期：{data['due']}（当日 23:59:59 前）")
        else:
            lines.append(f"到期：{data['due_at'][:16].replace('T', ' ')}")
    else:
        left = data.get("remaining_working_days", data.get("remaining_days", data.get("remaining_hours")))
        lines.append(f"到期：暂停计时中，待恢复后确定（剩余 {left} {unit_label}）")
    reason = provisional_reason(data.get("provisional_years", []))
    if data.get("provisional") and reason:
        lines.append(reason)
    return lines
