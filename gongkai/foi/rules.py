"""Rule keys of disclosure on application that the rules registry did not ship, and their defaults.

The keys are added to ``gongkai.rules.registry`` at start-up (``FoiConfig.ready``); their
default records ship in this app's data migration ``0002_rule_defaults`` (and
``ensure_rule_defaults()`` restores them after a test flushed the tables). The keys the
registry already has (answer period, extension caps, 补正 notice, consultations, fee payment
period) are used as they are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.core.errors import ValidationFailed
from gongkai.rules import registry
from gongkai.rules.enums import ValueKind
from gongkai.rules.registry import RuleSpec

FOI_2019 = "《政府信息公开条例》（2019年修订，国务院令第711号）"
FEE_2020 = "国办函〔2020〕109号《政府信息公开信息处理费管理办法》"
PLATFORM_DEFAULT_NOTE = "全国无统一规定；平台默认值，各地可按本地规定另设本地规则。"


def validate_fee_standards(value: Any) -> Any:
    """``{"per_piece": {"bands": [...], "beyond": {...}}, "per_page": {"bands": [...]}}``.

    A band is ``{"from": n, "to": m | null, "price": yuan}`` (inclusive, ascending, contiguous
    from 1). ``per_piece.beyond`` continues the per-piece table past its last band: every
    ``step`` pieces the price rises by ``increment`` (``{"step": 10, "increment": 100}``).
    """
    if not isinstance(value, dict):
        raise ValidationFailed("收费标准应为包含 per_piece 和 per_page 的对象。")
    for basis in ("per_piece", "per_page"):
        table = value.get(basis)
        if not isinstance(table, dict) or not isinstance(table.get("bands"), list) or not table["bands"]:
            raise ValidationFailed(f"收费标准缺少“{basis}”的分档（bands）。")
        expected = 1
        bands = table["bands"]
        for i, band in enumerate(bands, start=1):
            if not isinstance(band, dict):
                raise ValidationFailed(f"{basis} 第 {i} 档格式无效。")
            start, end, price = band.get("from"), band.get("to"), band.get("price")
            if start != expected:
                raise ValidationFailed(f"{basis} 第 {i} 档应从 {expected} 起。")
            if end is not None and (not isinstance(end, int) or end < start):
                raise ValidationFailed(f"{basis} 第 {i} 档的上限无效。")
            if end is None and i != len(bands):
                raise ValidationFailed(f"{basis} 只有最后一档可以不设上限。")
            if isinstance(price, bool) or not isinstance(price, int | float) or price < 0:
                raise ValidationFailed(f"{basis} 第 {i} 档的单价应为非负数。")
            expected = (end or 0) + 1
        beyond = table.get("beyond")
        if beyond is not None:
            if bands[-1].get("to") is None:
                raise ValidationFailed(f"{basis} 的最后一档不设上限时不能再设 beyond。")
            step, increment = beyond.get("step") if isinstance(beyond, dict) else None, None
            if isinstance(beyond, dict):
                increment = beyond.get("increment")
            if not isinstance(step, int) or step < 1 or not isinstance(increment, int | float) or increment < 0:
                raise ValidationFailed(f"{basis} 的 beyond 应包含正整数 step 和非负 increment。")
        elif bands[-1].get("to") is not None:
            raise ValidationFailed(f"{basis} 的最后一档应不设上限，或设置 beyond。")
    return value


SPECS = [
    RuleSpec(
        "foi.supplement_reply_period",
        "申请人补正期限",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "自告知补正之日起申请人提交补正的合理期限；无正当理由逾期不补正的，视为放弃申请。",
    ),
    RuleSpec(
        "foi.fee_standards",
        "信息处理费收费标准",
        ValueKind.JSON,
        "",
        "按件计收、按量计收的超额累进分档（单位：元）。同一申请只能选择其中一种。",
        validator=validate_fee_standards,
    ),
    RuleSpec(
        "foi.remedy_reconsideration_period",
        "申请行政复议期限",
        ValueKind.DAYS,
        "日",
        "申请人认为答复侵犯其合法权益的，自知道之日起申请行政复议的期限（写入告知书）。",
    ),
    RuleSpec(
        "foi.remedy_litigation_period",
        "提起行政诉讼期限",
        ValueKind.COUNT,
        "个月",
        "自知道或者应当知道作出行政行为之日起直接向人民法院提起诉讼的期限（写入告知书）。",
    ),
    RuleSpec(
        "foi.mass_delay_period",
        "大量申请延迟答复期限（建议值）",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "申请数量、频次明显超过合理范围、无法在答复期限内答复的，行政机关确定延迟答复的合理期限；"
        "该值为办理页面预填的建议值，具体期限由办理人员确定并说明理由。",
    ),
    RuleSpec(
        "foi.mass_application_monthly",
        "大量申请提示阈值",
        ValueKind.COUNT,
        "件/月",
        "同一申请人一个自然月内申请件数超过该值时，提示办理人员核查是否属于条例第三十五条的情形。",
    ),
]

FEE_STANDARDS_2021 = {
    "per_piece": {
        "period": "natural_month",
        "bands": [{"from": 1, "to": 10, "price": 0}, {"from": 11, "to": 30, "price": 100}],
        "beyond": {"step": 10, "increment": 100},
    },
    "per_page": {
        "bands": [
            {"from": 1, "to": 30, "price": 0},
            {"from": 31, "to": 100, "price": 10},
            {"from": 101, "to": 200, "price": 20},
            {"from": 201, "to": None, "price": 40},
        ]
    },
}

D = dt.date
# (key, value, effective_from, effective_to, citation, note) — national defaults.
DEFAULT_RECORDS = [
    (
        "foi.supplement_reply_period",
        15,
        D(2019, 5, 15),
        None,
        f"{FOI_2019}第三十条（合理的补正期限）",
        PLATFORM_DEFAULT_NOTE,
    ),
    ("foi.fee_standards", FEE_STANDARDS_2021, D(2021, 1, 1), None, f"{FEE_2020}第四条、第五条", ""),
    (
        "foi.remedy_reconsideration_period",
        60,
        D(1999, 10, 1),
        D(2023, 12, 31),
        "《中华人民共和国行政复议法》第九条",
        "",
    ),
    (
        "foi.remedy_reconsideration_period",
        60,
        D(2024, 1, 1),
        None,
        "《中华人民共和国行政复议法》（2023年修订）第二十条",
        "",
    ),
    (
        "foi.mass_delay_period",
        20,
        D(2019, 5, 15),
        None,
        f"{FOI_2019}第三十五条（延迟答复的合理期限）",
        PLATFORM_DEFAULT_NOTE,
    ),
    ("foi.remedy_litigation_period", 6, D(2015, 5, 1), None, "《中华人民共和国行政诉讼法》第四十六条", ""),
    (
        "foi.mass_application_monthly",
        10,
        D(2021, 1, 1),
        None,
        f"{FOI_2019}第三十五条；{FEE_2020}第四条",
        PLATFORM_DEFAULT_NOTE,
    ),
]


def register() -> None:
    """Add this app's keys to the rules registry (idempotent)."""
    for spec in SPECS:
        if spec.key not in registry.RULES:
            registry.RULES[spec.key] = spec
            registry._SPECS.append(spec)  # rule_choices() lists _SPECS; the registry has no public hook


def seed_rule_defaults(apps) -> int:
    """Create the default records that are missing (same key, national, same start date)."""
    RuleRecord = apps.get_model("rules", "RuleRecord")
    created = 0
    for key, value, start, end, citation, note in DEFAULT_RECORDS:
        if RuleRecord.objects.filter(key=key, jurisdiction__isnull=True, effective_from=start).exists():
            continue
        RuleRecord.objects.create(
            key=key,
            jurisdiction=None,
            value=value,
            effective_from=start,
            effective_to=end,
            citation=citation,
            note=note,
        )
        created += 1
    return created


def ensure_rule_defaults() -> bool:
    """Restore this app's default records if a test flushed them; True when something was restored."""
    from django.apps import apps as django_apps

    from gongkai.rules.models import RuleRecord

    keys = {r[0] for r in DEFAULT_RECORDS}
    if RuleRecord.objects.filter(key__in=keys, jurisdiction__isnull=True).count() >= len(DEFAULT_RECORDS):
        return False
    return seed_rule_defaults(django_apps) > 0


register()
