"""The registry of known rule keys.

Every statutory or configurable number the platform applies has a key here; its values
live in ``RuleRecord`` rows (dated, cited, per jurisdiction). Code asks
``selectors.rule_value(key, jurisdiction, on_date)`` and never writes the number itself.

One owner per key: the app that applies a key declares its ``RuleSpec`` in its own ``rules.py``
and adds it with ``register(*specs)`` at start-up (``AppConfig.ready`` imports that module);
a key registered twice is refused. This module lists only the kernel's own keys (calendar,
reminders) and the keys no app applies yet (their records ship with ``seed.py``), each group
with a comment saying so. Ship a new key's default records in a data migration (see
``seed.py`` and ``defaults.py``) so every database has them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from gongkai.core.errors import ValidationFailed

from .enums import ValueKind
from .errors import UnknownRule

# Value kinds that are whole, non-negative numbers.
INTEGER_KINDS = frozenset({ValueKind.WORKING_DAYS, ValueKind.HOURS, ValueKind.DAYS, ValueKind.COUNT})
# Value kinds that a deadline can run on, and the deadline unit each maps to.
DEADLINE_KINDS = frozenset({ValueKind.WORKING_DAYS, ValueKind.HOURS, ValueKind.DAYS})


@dataclass(frozen=True)
class RuleSpec:
    key: str
    label: str
    kind: ValueKind
    unit: str
    description: str
    # For deadline rules: the keys that cap extensions (total amount / number of extensions).
    extension_cap_key: str | None = None
    extension_count_key: str | None = None
    validator: Callable[[Any], Any] | None = None

    @property
    def is_deadline(self) -> bool:
        return self.kind in DEADLINE_KINDS

    def format_value(self, value: Any) -> str:
        """The value as a person reads it (e.g. ``20 个工作日``)."""
        if self.kind in INTEGER_KINDS or self.kind == ValueKind.PERCENT:
            return f"{value} {self.unit}".strip()
        if self.kind == ValueKind.MONTH_DAY and isinstance(value, dict):
            return f"每年{value.get('month')}月{value.get('day')}日前"
        if self.kind == ValueKind.JSON and isinstance(value, dict) and value.get("name"):
            return str(value["name"])
        return _json_text(value)


def _json_text(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def _validate_statutory_holidays(value: Any) -> Any:
    """``{"holidays": [{"name", "calendar": solar|lunar|solar_term, "month", "day" | "term", "days", "offset"?}]}``."""
    if not isinstance(value, dict) or not isinstance(value.get("holidays"), list) or not value["holidays"]:
        raise ValidationFailed('法定节日规则应为 {"holidays": [...]} 形式的非空列表。')
    for i, item in enumerate(value["holidays"], start=1):
        if not isinstance(item, dict) or not item.get("name"):
            raise ValidationFailed(f"第 {i} 个节日缺少名称。")
        calendar = item.get("calendar")
        days = item.get("days")
        if not isinstance(days, int) or not 1 <= days <= 10:
            raise ValidationFailed(f"第 {i} 个节日（{item['name']}）的天数应为 1–10 的整数。")
        if calendar in ("solar", "lunar"):
            month, day = item.get("month"), item.get("day")
            if not isinstance(month, int) or not isinstance(day, int) or not 1 <= month <= 12 or not 1 <= day <= 31:
                raise ValidationFailed(f"第 {i} 个节日（{item['name']}）的月、日无效。")
            if not isinstance(item.get("offset", 0), int):
                raise ValidationFailed(f"第 {i} 个节日（{item['name']}）的偏移天数应为整数。")
        elif calendar == "solar_term":
            if not item.get("term"):
                raise ValidationFailed(f"第 {i} 个节日（{item['name']}）缺少节气名称。")
        else:
            raise ValidationFailed(f"第 {i} 个节日（{item['name']}）的历法应为 solar、lunar 或 solar_term。")
    return value


def validate_format(value: Any) -> Any:
    """A ``{"code", "name", ...}`` format rule (index numbers, the annual report)."""
    if not isinstance(value, dict) or not value.get("code") or not value.get("name"):
        raise ValidationFailed("格式规则应包含 code 和 name 两项。")
    return value


_S = RuleSpec
_SPECS: list[RuleSpec] = [
    # --- Decisions (SPEC R2.9): ``decision.issue_period*`` are registered by ``gongkai/policy/rules.py``
    # (their sample records still ship with the seed). ---------------------------------------------
    # --- People (SPEC R1.4): the yearly training hours (``training.min_class_hours``) are registered by
    # ``gongkai/oversight/rules.py``, the new-media share (SPEC R1.6, ``newmedia.min_gov_info_share``)
    # by ``gongkai/websites/rules.py``, the press keys (SPEC R6.2) by ``gongkai/press/rules.py``; their
    # sample local records still ship with the seed. ---
    # --- Annual report (SPEC R9.4): the due dates are used by no app yet (only the seed ships their records);
    # the annual report app registers them when it comes (``annual_report.format`` is registered by ``foi``). ---
    _S(
        "annual_report.due_department",
        "部门年度报告公布期限",
        ValueKind.MONTH_DAY,
        "",
        "政府部门每年公布上一年度政府信息公开工作年度报告的截止日期。",
    ),
    _S(
        "annual_report.due_government",
        "政府年度报告公布期限",
        ValueKind.MONTH_DAY,
        "",
        "人民政府每年公布上一年度政府信息公开工作年度报告的截止日期。",
    ),
    # --- Calendar (SPEC "Working days") -----------------------------------------------------------
    _S(
        "calendar.statutory_holidays",
        "法定节日（无正式放假安排年份的推算依据）",
        ValueKind.JSON,
        "",
        "《全国年节及纪念日放假办法》规定的全体公民放假的节日；某年尚无国务院办公厅放假安排时据此推算并标记为暂定。",
        validator=_validate_statutory_holidays,
    ),
    # --- Reminders (a platform setting, kept as a rule so places can differ) ------------------------
    _S(
        "deadline.due_soon_working_days",
        "按工作日计算的期限：到期提醒提前量",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "剩余工作日不超过该值（含到期当日）时视为“即将到期”并提醒经办人。",
    ),
    _S(
        "deadline.due_soon_hours_percent",
        "按小时计算的期限：到期提醒比例",
        ValueKind.PERCENT,
        "%",
        "剩余时间不超过总时长的该百分比时视为“即将到期”并提醒经办人。",
    ),
]

RULES: dict[str, RuleSpec] = {spec.key: spec for spec in _SPECS}
if len(RULES) != len(_SPECS):
    raise ImproperlyConfigured("规则键重复登记。")


def register(*specs: RuleSpec) -> None:
    """Add an app's rule keys to the registry (its ``rules.py``, imported from ``AppConfig.ready``).

    A key has one owner: a key that is already registered by another spec is refused with
    ``ImproperlyConfigured``. Registering the very same spec object again (the module imported
    twice) changes nothing.
    """
    for spec in specs:
        existing = RULES.get(spec.key)
        if existing is spec:
            continue
        if existing is not None:
            raise ImproperlyConfigured(f"规则键 {spec.key} 已登记，不能重复登记（每个规则键只有一个登记者）。")
        RULES[spec.key] = spec
        _SPECS.append(spec)


def get_rule_spec(key: str) -> RuleSpec:
    try:
        return RULES[key]
    except KeyError:
        raise UnknownRule(f"未知的规则键：{key}。", detail={"key": key}) from None


def rule_choices() -> list[tuple[str, str]]:
    """(key, Chinese label) pairs for drop-downs: people read the label, never the key."""
    return [(spec.key, spec.label) for spec in _SPECS]


def validate_value(key: str, value: Any) -> Any:
    """Check ``value`` against the key's kind; returns the normalised value or raises ValidationFailed."""
    spec = get_rule_spec(key)
    if spec.kind in INTEGER_KINDS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationFailed(f"“{spec.label}”的取值应为整数。")
        if value < 0 or value > 100_000:
            raise ValidationFailed(f"“{spec.label}”的取值应在 0 到 100000 之间。")
        return value
    if spec.kind == ValueKind.PERCENT:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationFailed(f"“{spec.label}”的取值应为数字。")
        if not 0 <= value <= 100:
            raise ValidationFailed(f"“{spec.label}”的取值应在 0 到 100 之间。")
        return value
    if spec.kind == ValueKind.MONTH_DAY:
        if not isinstance(value, dict) or set(value) != {"month", "day"}:
            raise ValidationFailed(f"“{spec.label}”的取值应为月、日。")
        try:
            dt.date(2001, int(value["month"]), int(value["day"]))  # a non-leap year: no 29 Feb deadlines
        except (TypeError, ValueError):
            raise ValidationFailed(f"“{spec.label}”的月、日无效。") from None
        return {"month": int(value["month"]), "day": int(value["day"])}
    if spec.validator is not None:
        return spec.validator(value)
    return value


def parse_value_text(key: str, text: str) -> Any:
    """Parse a value typed into a form (a number, ``MM-DD`` or JSON) and validate it."""
    import json

    spec = get_rule_spec(key)
    text = (text or "").strip()
    if not text:
        raise ValidationFailed("请填写取值。")
    if spec.kind in INTEGER_KINDS:
        try:
            value: Any = int(text)
        except ValueError:
            raise ValidationFailed(f"“{spec.label}”的取值应为整数。") from None
    elif spec.kind == ValueKind.PERCENT:
        try:
            number = float(text.rstrip("%"))
        except ValueError:
            raise ValidationFailed(f"“{spec.label}”的取值应为数字。") from None
        value = int(number) if number.is_integer() else number
    elif spec.kind == ValueKind.MONTH_DAY:
        parts = text.replace("月", "-").replace("日", "").split("-")
        if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
            raise ValidationFailed("日期应写作“月-日”，例如 01-31。")
        value = {"month": int(parts[0]), "day": int(parts[1])}
    else:
        try:
            value = json.loads(text)
        except ValueError:
            raise ValidationFailed("取值应为有效的 JSON。") from None
    return validate_value(key, value)


def value_to_text(key: str, value: Any) -> str:
    """The inverse of ``parse_value_text`` (to prefill forms)."""
    spec = get_rule_spec(key)
    if spec.kind in INTEGER_KINDS or spec.kind == ValueKind.PERCENT:
        return str(value)
    if spec.kind == ValueKind.MONTH_DAY and isinstance(value, dict):
        return f"{int(value['month']):02d}-{int(value['day']):02d}"
    import json

    return json.dumps(value, ensure_ascii=False, indent=2)
