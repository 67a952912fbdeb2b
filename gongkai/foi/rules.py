"""Rule keys of disclosure on application (this app owns them), and the defaults it ships.

The keys are added to ``gongkai.rules.registry`` with its ``register()`` when this module is
imported (``FoiConfig.ready``). The default records of the keys listed first (answer period,
extension caps, 补正 notice, consultations, fee payment period, annual report format) ship with
``gongkai/rules/seed.py`` (they were the kernel's before); those of ``DEFAULT_RECORDS`` ship in
this app's data migrations ``0002_rule_defaults`` and ``0004``, each with its records frozen in it
(a new default record needs a new data migration; ``tests/rule_defaults.py`` restores them after a
test flushed the tables). The consultation periods are also read by
``catalog`` (which asks for them by key).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.core.errors import ValidationFailed
from gongkai.rules import registry
from gongkai.rules.defaults import RuleDefaults
from gongkai.rules.enums import ValueKind
from gongkai.rules.registry import RuleSpec, validate_format

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
    # --- Disclosure on application (依申请公开), SPEC R4.3, R4.7 -------------------------
    RuleSpec(
        "foi.answer_period",
        "依申请公开答复期限",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "自收到申请之日起答复的期限；收到当日不计入。",
        extension_cap_key="foi.extension_max",
        extension_count_key="foi.extension_max_count",
    ),
    RuleSpec(
        "foi.extension_max",
        "依申请公开延长期限上限",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "经负责人同意可延长的最长期限。",
    ),
    RuleSpec("foi.extension_max_count", "依申请公开可延长次数", ValueKind.COUNT, "次", "答复期限最多可延长的次数。"),
    RuleSpec(
        "foi.supplement_notice_period",
        "补正告知期限",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "申请内容不明确的，自收到申请之日起一次性告知补正的期限。",
    ),
    RuleSpec(
        "foi.third_party_consultation_period",
        "征求第三方意见期限",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "第三方自收到征求意见书之日起提出意见的期限；征求意见时间不计入答复期限。",
    ),
    RuleSpec(
        "foi.agency_consultation_period",
        "征求其他机关意见期限",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "共同制作机关自收到征求意见书之日起提出意见的期限；逾期未提出视为同意。",
    ),
    RuleSpec(
        "foi.fee_payment_period",
        "信息处理费缴纳期限",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "申请人自收到收费通知之日起缴费的期限；逾期未缴视为放弃申请。",
    ),
    # --- Annual report (SPEC R9.4): the report is made from this app's statistics -------------
    RuleSpec(
        "annual_report.format",
        "年度报告格式",
        ValueKind.JSON,
        "",
        "年度报告采用的格式。按报告所属年度的 1 月 1 日查询。",
        validator=validate_format,
    ),
    # --- Keys this app added later (records in DEFAULT_RECORDS below) ---------------------------
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


DEFAULTS = RuleDefaults(DEFAULT_RECORDS)


def seed_rule_defaults(apps) -> int:
    """Create the default records that are missing (data migrations pass their historical ``apps``)."""
    return DEFAULTS.seed(apps)


registry.register(*SPECS)
