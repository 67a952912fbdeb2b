"""Rule keys of government websites and new media (this app owns them), and the defaults it ships.

Keys are added to ``gongkai.rules.registry`` when this module is imported (``WebsitesConfig.ready``).
``newmedia.min_gov_info_share`` moved here from the kernel's list of unused keys; it has NO national
default (the 60 % of seed 003 is Beijing's 2014 notice, a local profile, issue 9): its Beijing record
still ships with ``gongkai/rules/seed.py``, and where no local record applies the share check says the
jurisdiction has not set the rule. The other defaults ship in this app's data migration
``0002_rule_defaults`` (frozen there); ``tests/rule_defaults.py`` restores them after a test flushed
the tables.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from gongkai.core.errors import ValidationFailed
from gongkai.rules import registry
from gongkai.rules.defaults import RuleDefaults
from gongkai.rules.enums import ValueKind
from gongkai.rules.registry import RuleSpec

SHARE_KEY = "newmedia.min_gov_info_share"
UPDATE_GAP_KEY = "websites.update_gap_max"
RECTIFICATION_KEY = "websites.rectification_period"
FORBIDDEN_KEY = "websites.forbidden_terms"
WRONG_NAMES_KEY = "websites.wrong_names"
SCHEME_KEY = "websites.inspection_scheme"

INDICATORS_2019 = "国务院办公厅关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办函〔2019〕19号）"
PLATFORM_DEFAULT_NOTE = "全国无统一规定；平台默认值，各地可按本地规定另设本地规则。"


def validate_terms(value: Any) -> Any:
    """``{"terms": ["…", …]}``: forbidden terms (non-empty strings)."""
    terms = value.get("terms") if isinstance(value, dict) else None
    if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
        raise ValidationFailed('敏感词规则应为 {"terms": ["词1", "词2"]} 形式。')
    return value


def validate_wrong_names(value: Any) -> Any:
    """``{"pairs": [{"wrong": "…", "right": "…"}, …]}``: wrongly written names and their right form."""
    pairs = value.get("pairs") if isinstance(value, dict) else None
    if not isinstance(pairs, list):
        raise ValidationFailed('错误表述规则应为 {"pairs": [{"wrong": "错误写法", "right": "正确写法"}]} 形式。')
    for i, pair in enumerate(pairs, start=1):
        if not isinstance(pair, dict) or not str(pair.get("wrong", "")).strip() or not str(pair.get("right", "")):
            raise ValidationFailed(f"第 {i} 项应包含错误写法（wrong）和正确写法（right）。")
        if pair["wrong"] == pair["right"]:
            raise ValidationFailed(f"第 {i} 项的错误写法与正确写法相同。")
    return value


def validate_scheme(value: Any) -> Any:
    """``{"base", "pass_mark", "vetoes": [{key, name, computed}], "deductions": [{key, name, per?, cap, computed}]}``."""
    if not isinstance(value, dict) or not isinstance(value.get("base"), int | float):
        raise ValidationFailed(_("检查指标应包含基础分 base。"))
    if not isinstance(value.get("pass_mark"), int | float):
        raise ValidationFailed(_("检查指标应包含合格分 pass_mark。"))
    for group in ("vetoes", "deductions"):
        items = value.get(group)
        if not isinstance(items, list):
            raise ValidationFailed(f"检查指标缺少 {group} 列表。")
        for i, item in enumerate(items, start=1):
            if not isinstance(item, dict) or not item.get("key") or not item.get("name"):
                raise ValidationFailed(f"{group} 第 {i} 项应包含 key 和 name。")
            if group == "deductions" and not isinstance(item.get("cap"), int | float):
                raise ValidationFailed(f"扣分项第 {i} 项应包含扣分上限 cap。")
    return value


SPECS = [
    RuleSpec(
        SHARE_KEY,
        "政务新媒体政府信息占比下限",
        ValueKind.PERCENT,
        "%",
        "政府信息占政务微博、微信日发布量的最低比例（按日计算）。",
    ),
    RuleSpec(
        UPDATE_GAP_KEY,
        "政府网站与政务新媒体最长不更新天数",
        ValueKind.DAYS,
        "天",
        "自最后一次更新的次日起算，超过该天数仍无更新即为“内容不更新”（单项否决）。",
    ),
    RuleSpec(
        RECTIFICATION_KEY,
        "政府网站与政务新媒体问题整改期限",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "检查发现问题后，主办单位完成整改的期限。",
    ),
    RuleSpec(
        FORBIDDEN_KEY,
        "政务新媒体违规内容词表",
        ValueKind.JSON,
        "",
        "发布内容中不得出现的词语。",
        validator=validate_terms,
    ),
    RuleSpec(
        WRONG_NAMES_KEY,
        "严重表述错误对照表",
        ValueKind.JSON,
        "",
        "常见的名称、提法错误写法及正确写法。",
        validator=validate_wrong_names,
    ),
    RuleSpec(
        SCHEME_KEY,
        "政府网站与政务新媒体月度检查指标",
        ValueKind.JSON,
        "",
        "单项否决指标与扣分指标（基础分、合格分、每项扣分与上限）。",
        validator=validate_scheme,
    ),
]

D = dt.date
DEFAULT_RECORDS = [
    (
        UPDATE_GAP_KEY,
        14,
        D(2019, 3, 14),
        None,
        f"{INDICATORS_2019} 单项否决指标“内容不更新：监测时间点前2周内无更新”",
        "两周按 14 个自然日计（节假日不顺延）。文号与日期请以原文为准。",
    ),
    (RECTIFICATION_KEY, 10, D(2019, 3, 14), None, INDICATORS_2019, PLATFORM_DEFAULT_NOTE),
    (
        FORBIDDEN_KEY,
        {"terms": ["网络赌博", "代开发票", "办证刻章", "枪支出售"]},
        D(2019, 3, 14),
        None,
        f"{INDICATORS_2019} 单项否决指标“安全、泄密事故等严重问题”",
        "样例词表；请按网信部门下发的词表维护。",
    ),
    (
        WRONG_NAMES_KEY,
        {
            "pairs": [
                {"wrong": "国务院办工厅", "right": "国务院办公厅"},
                {"wrong": "政府信息公开条列", "right": "政府信息公开条例"},
                {"wrong": "中华人民共和国宪发", "right": "中华人民共和国宪法"},
                {"wrong": "全国人民代表大会常委会", "right": "全国人民代表大会常务委员会"},
                {"wrong": "人民代表大会常务委员", "right": "人民代表大会常务委员会"},
            ]
        },
        D(2019, 3, 14),
        None,
        f"{INDICATORS_2019} 单项否决指标“严重表述错误”",
        "样例对照表；国家领导人姓名、党和国家重要提法等请按主管部门下发的规范表述维护。",
    ),
    (
        SCHEME_KEY,
        {
            "base": 100,
            "pass_mark": 80,
            "vetoes": [
                {"key": "update_gap", "name": "内容不更新（监测时间点前2周内无更新）", "computed": True},
                {"key": "wrong_name", "name": "严重表述错误", "computed": True},
                {"key": "forbidden", "name": "安全、泄密事故等严重问题", "computed": True},
                {"key": "interaction", "name": "互动回应差", "computed": False},
            ],
            "deductions": [
                {"key": "low_share", "name": "政府信息占比不足（每天）", "per": 2, "cap": 20, "computed": True},
                {"key": "broken_link", "name": "错链、断链（每个）", "per": 1, "cap": 10, "computed": True},
                {"key": "service", "name": "办事服务、互动交流（人工检查）", "cap": 30, "computed": False},
                {"key": "usability", "name": "功能设计、可用性（人工检查）", "cap": 20, "computed": False},
            ],
        },
        D(2019, 3, 14),
        None,
        INDICATORS_2019,
        "指标结构依上述文件；分值与合格线为平台默认值，各地可另设本地规则。",
    ),
]
DEFAULTS = RuleDefaults(DEFAULT_RECORDS)


def seed_rule_defaults(apps) -> int:
    return DEFAULTS.seed(apps)


registry.register(*SPECS)
