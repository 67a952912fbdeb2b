"""Rule keys of the oversight app and the records it ships (data migration 0002).

Local profiles (鄂前政办发〔2018〕96号 of 鄂托克前旗, seed 004) apply in that jurisdiction only; no
national record, so elsewhere the rule is shown as not set by the jurisdiction:

- ``training.min_class_hours`` (moved here from the kernel's list of unused keys; its 鄂托克前旗 record,
  附件5 第七条 每人每年累计参加培训的时间应不少于2学时, still ships with ``gongkai/rules/seed.py``).
- ``oversight.training_before_post``: 附件5 第七条 坚持先培训后上岗的原则 — which roles need training
  before they are granted, how far back training counts, and whether a grant without it is refused
  (``blocking``). The 鄂托克前旗 record (shipped here, ``LOCAL_RECORDS``) warns; where no record is in
  force no check is made.

Platform settings (national records citing "平台设置": no statute or national document sets them):

- ``oversight.exam_pass_score``: the pass mark of a training exam.
- ``oversight.rectification_period``: the period for rectifying a problem raised by a survey.
- ``oversight.survey_answers_per_address``: how many answers of one survey one address may give
  a day (one answer per person: a browser token, plus this limit for shared addresses).
- ``oversight.assessment_indicators``: the scorecard's indicators and weights, and how many top units
  are commended.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.core.errors import ValidationFailed
from gongkai.rules import registry
from gongkai.rules.defaults import RuleDefaults
from gongkai.rules.enums import ValueKind
from gongkai.rules.registry import RuleSpec

TRAINING_HOURS_KEY = "training.min_class_hours"
BEFORE_POST_KEY = "oversight.training_before_post"
SYSTEMS_2018 = "鄂前政办发〔2018〕96号《鄂托克前旗人民政府办公室关于印发政府信息公开有关制度的通知》"
PLATFORM = "平台设置"
PLATFORM_DEFAULT_NOTE = "平台默认值，不是法定标准：全国无统一规定，各地可按本地规定另设本地规则。"
LOCAL_NOTE = "样例地方规则（仅适用于发文机关所辖区划）。"


def validate_before_post(value: Any) -> Any:
    if not isinstance(value, dict) or not isinstance(value.get("roles"), list):
        raise ValidationFailed('先培训后上岗规则应为 {"roles": [...], "months": n, "blocking": true/false}。')
    if not isinstance(value.get("blocking"), bool):
        raise ValidationFailed("请用 true 或 false 说明是否禁止授予未培训人员。")
    months = value.get("months")
    if not isinstance(months, int) or months < 1:
        raise ValidationFailed("培训有效月数应为正整数。")
    return value


def validate_indicators(value: Any) -> Any:
    if not isinstance(value, dict) or not isinstance(value.get("indicators"), list) or not value["indicators"]:
        raise ValidationFailed('考核指标规则应为 {"indicators": [...], "commend_top": n}。')
    keys = set()
    for i, ind in enumerate(value["indicators"], start=1):
        if not isinstance(ind, dict) or not ind.get("key") or not ind.get("label"):
            raise ValidationFailed(f"第 {i} 项指标缺少 key 或 label。")
        weight = ind.get("weight")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise ValidationFailed(f"第 {i} 项指标的分值应为正数。")
        if ind["key"] in keys:
            raise ValidationFailed(f"指标“{ind['key']}”重复。")
        keys.add(ind["key"])
    top = value.get("commend_top", 0)
    if not isinstance(top, int) or top < 0:
        raise ValidationFailed("表扬名额应为非负整数。")
    return value


SPECS = [
    RuleSpec(
        TRAINING_HOURS_KEY,
        "政务公开工作人员年度培训学时下限",
        ValueKind.COUNT,
        "学时/年",
        "每人每年累计培训不少于该学时。",
    ),
    RuleSpec(
        BEFORE_POST_KEY,
        "先培训后上岗",
        ValueKind.JSON,
        "",
        "授予这些政务公开角色前须已参加培训（培训有效月数内）；blocking 为 true 时未培训不得授予，否则提示授予人并记录。",
        validator=validate_before_post,
    ),
    RuleSpec(
        "oversight.exam_pass_score",
        "培训考试合格分数",
        ValueKind.COUNT,
        "分",
        "在职培训考试成绩达到该分数为合格；未参加培训或考试不合格的人员当年考核不能评为优秀。",
    ),
    RuleSpec(
        "oversight.rectification_period",
        "社会评议问题整改期限",
        ValueKind.DAYS,
        "日",
        "社会评议中需要整改的问题，自登记之日起完成整改或作出解释的期限。",
    ),
    RuleSpec(
        "oversight.survey_answers_per_address",
        "同一网络地址每日答卷上限",
        ValueKind.COUNT,
        "份/日",
        "同一问卷每个网络地址每日最多提交的答卷数（另以浏览器标识限制每人一份）。",
    ),
    RuleSpec(
        "oversight.assessment_indicators",
        "政务公开考核指标与分值",
        ValueKind.JSON,
        "",
        "考核指标（key、名称、分值，人工指标标 manual）和表扬名额（commend_top）。无数据的指标不计分，"
        "总分按有数据指标的分值折算为百分制。",
        validator=validate_indicators,
    ),
]

TRAINING_ROLES = [
    "confidentiality_reviewer",
    "disclosure_office_head",
    "disclosure_office_staff",
    "section_head",
]

INDICATORS_2018 = {
    "indicators": [
        {"key": "catalog.published_on_time", "label": "主动公开按时发布率（条例第二十六条）", "weight": 15},
        {"key": "foi.answered_on_time", "label": "依申请公开按时答复率", "weight": 20},
        {"key": "foi.appeals_upheld", "label": "复议诉讼维持率", "weight": 5},
        {"key": "opinion.responses_on_time", "label": "舆情回应按时率", "weight": 10},
        {"key": "press.conferences_held", "label": "新闻发布会", "weight": 5},
        {"key": "interaction.replies_on_time", "label": "政民互动按时答复率", "weight": 5},
        {"key": "websites.inspection_passed", "label": "政府网站与政务新媒体检查", "weight": 5},
        {"key": "annual.report_on_time", "label": "年度报告按时发布", "weight": 5},
        {"key": "oversight.training_completion", "label": "培训学时达标率", "weight": 10},
        {"key": "oversight.survey_satisfaction", "label": "社会评议满意度", "weight": 10},
        {
            "key": "oversight.accountability",
            "label": "责任追究扣分",
            "weight": 5,
            "deduct_per_case": 0.5,
        },
        {"key": "manual.work_mechanism", "label": "工作机制建设（人工评分）", "weight": 5, "manual": True},
    ],
    "commend_top": 3,
}

D = dt.date
# National records: platform settings only (the sample local document sets none of these numbers).
DEFAULT_RECORDS = [
    ("oversight.exam_pass_score", 60, D(2018, 11, 5), None, PLATFORM, PLATFORM_DEFAULT_NOTE),
    ("oversight.rectification_period", 30, D(2018, 11, 5), None, PLATFORM, PLATFORM_DEFAULT_NOTE),
    ("oversight.survey_answers_per_address", 5, D(2018, 11, 5), None, PLATFORM, PLATFORM_DEFAULT_NOTE),
    ("oversight.assessment_indicators", INDICATORS_2018, D(2018, 11, 5), None, PLATFORM, PLATFORM_DEFAULT_NOTE),
]

# Local records: (key, region code, value, effective_from, effective_to, citation, note).
LOCAL_RECORDS = [
    (
        BEFORE_POST_KEY,
        "150623",
        {"roles": TRAINING_ROLES, "months": 12, "blocking": False},
        D(2018, 11, 5),
        None,
        f"{SYSTEMS_2018}附件5第七条（坚持先培训后上岗的原则）",
        LOCAL_NOTE + "角色范围、培训有效月数和只提示不禁止是平台对该原则的设置。",
    ),
]

DEFAULTS = RuleDefaults(DEFAULT_RECORDS, local=LOCAL_RECORDS)


def seed_rule_defaults(apps) -> int:
    return DEFAULTS.seed(apps)


registry.register(*SPECS)
