"""Rule keys of public-opinion monitoring that the rules registry did not ship, and their defaults.

The four warning levels and what they mean come from seed 003 (北京市人民政府办公厅, 2014-02-19,
二(五): "按照一般性问题、社会热点事件、复杂敏感事件、重大突发事件，分别设置蓝、黄、橙、红四级预警"); seed 004
附件8 二(二) says what a judgement weighs ("根据舆情内容、公众反应、媒体介入程度等"). No document sets
numbers, so the thresholds below are **platform defaults** (each record's note says so); a place
sets its own by adding a record for its jurisdiction in the rules pages.

A threshold value is ``{"any": [criterion, ...]}``: the level holds when one criterion holds, and a
criterion holds when all its conditions do:

- ``min_volume``: posts in the event (reposts and comments included);
- ``min_growth``: posts in the last hour of the event (posts/hour);
- ``min_negative_share``: per cent of the judged posts that read as negative;
- ``categories``: the event's SPEC R5.2 category is one of these keys (see nlp.CATEGORY_LABELS);
- ``min_rumour``: rumour suspicion of the event's source post (0–1);
- ``sensitive``: true — the event contains at least one term of ``opinion.sensitive_terms``;
- ``min_media``: posts from news portals or the press (媒体介入);
- ``min_platforms``: number of kinds of source the event is seen on.

This app owns its rule keys: they are added to ``gongkai.rules.registry`` with its ``register()``
when this module is imported (``OpinionConfig.ready``). The default records of the response time
limits (listed first) ship with ``gongkai/rules/seed.py`` (they were the kernel's before); those of
``DEFAULT_RECORDS`` ship in this app's data migrations, each with its records frozen in it (a new
default record needs a new data migration; ``DEFAULTS.ensure()`` restores them after a test
flushed the tables: ``tests/rule_defaults.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.core.errors import ValidationFailed
from gongkai.rules import registry
from gongkai.rules.defaults import RuleDefaults
from gongkai.rules.enums import ValueKind
from gongkai.rules.registry import RuleSpec

from .nlp.categories import LABELS as CATEGORY_LABELS

SEED_003 = "北京市人民政府办公厅关于进一步加强政府信息公开工作的通知（2014年2月19日）二(五)"
SEED_004 = "鄂前政办发〔2018〕96号 附件8 二(二)"
PLATFORM_DEFAULT_NOTE = "阈值为平台默认值（文件只规定四级预警的含义，未规定数值）；各地可按本地规定另设本地规则。"

CRITERION_KEYS = {
    "min_volume": "声量",
    "min_growth": "增速",
    "min_negative_share": "负面占比",
    "categories": "类别",
    "min_rumour": "谣言嫌疑",
    "sensitive": "敏感词",
    "min_media": "媒体报道",
    "min_platforms": "平台数",
}
MAJOR_GRADES_KEY = "opinion.major_emergency_grades"
LEVEL_KEYS = {
    "yellow": "opinion.warning_yellow",
    "orange": "opinion.warning_orange",
    "red": "opinion.warning_red",
}


def _number(value: Any, label: str, *, lo: float = 0, hi: float | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationFailed(f"“{label}”应为数字。")
    if value < lo or (hi is not None and value > hi):
        raise ValidationFailed(f"“{label}”应在 {lo} 到 {hi} 之间。" if hi is not None else f"“{label}”不能小于 {lo}。")


def validate_thresholds(value: Any) -> Any:
    """``{"any": [{"min_volume": 500, "min_negative_share": 50}, ...]}`` (see the module docstring)."""
    if not isinstance(value, dict) or not isinstance(value.get("any"), list) or not value["any"]:
        raise ValidationFailed('预警阈值应为 {"any": [条件组, ...]} 形式，且至少有一个条件组。')
    for i, criterion in enumerate(value["any"], start=1):
        if not isinstance(criterion, dict) or not criterion:
            raise ValidationFailed(f"第 {i} 个条件组应为非空对象。")
        unknown = sorted(set(criterion) - set(CRITERION_KEYS))
        if unknown:
            raise ValidationFailed(
                f"第 {i} 个条件组含未知条件：{'、'.join(unknown)}（可用：{'、'.join(CRITERION_KEYS)}）。"
            )
        for key, item in criterion.items():
            label = f"第 {i} 个条件组的{CRITERION_KEYS[key]}"
            if key in ("min_volume", "min_growth", "min_media", "min_platforms"):
                _number(item, label)
            elif key == "min_negative_share":
                _number(item, label, hi=100)
            elif key == "min_rumour":
                _number(item, label, hi=1)
            elif key == "sensitive":
                if item is not True:
                    raise ValidationFailed(f"{label}只能取 true。")
            elif key == "categories" and (
                not isinstance(item, list) or not item or any(c not in CATEGORY_LABELS for c in item)
            ):
                raise ValidationFailed(f"{label}应为类别键的非空列表（可用：{'、'.join(CATEGORY_LABELS)}）。")
    return value


def validate_terms(value: Any) -> Any:
    if not isinstance(value, dict) or not isinstance(value.get("terms"), list):
        raise ValidationFailed('敏感词应为 {"terms": ["词", ...]} 形式。')
    for i, term in enumerate(value["terms"], start=1):
        if not isinstance(term, str) or not term.strip() or len(term.strip()) > 20:
            raise ValidationFailed(f"第 {i} 个敏感词应为 1–20 个字的文字。")
    return value


EMERGENCY_GRADE_KEYS = ("particularly_serious", "serious", "larger", "general")  # enums.EmergencyGrade


def validate_grades(value: Any) -> Any:
    """``{"grades": ["particularly_serious", "serious"]}``: the emergency grades with the major clocks."""
    if not isinstance(value, dict) or not isinstance(value.get("grades"), list) or not value["grades"]:
        raise ValidationFailed('应为 {"grades": ["等级", ...]} 形式，且至少有一个等级。')
    unknown = [g for g in value["grades"] if g not in EMERGENCY_GRADE_KEYS]
    if unknown:
        raise ValidationFailed(
            f"含未知的突发事件等级：{'、'.join(map(str, unknown))}（可用：{'、'.join(EMERGENCY_GRADE_KEYS)}）。"
        )
    return value


SPECS = [
    # --- Response time limits (SPEC R5.5 and "Rules as data") ------------------------------
    RuleSpec(
        "opinion.response_ordinary",
        "一般政务舆情回应时限",
        ValueKind.HOURS,
        "小时",
        "对一般政务舆情予以回应的时限，按自然时间连续计算。",
    ),
    RuleSpec(
        "opinion.first_release_major",
        "重大突发事件首次权威发布时限",
        ValueKind.HOURS,
        "小时",
        "涉及特别重大、重大突发事件的政务舆情，发布权威信息的最迟时限。",
    ),
    RuleSpec(
        "opinion.press_conference_major",
        "重大突发事件新闻发布会时限",
        ValueKind.HOURS,
        "小时",
        "涉及特别重大、重大突发事件的政务舆情，举行新闻发布会的最迟时限。",
    ),
    # --- Warning levels and grades (records in DEFAULT_RECORDS below) ---------------------------
    RuleSpec(
        "opinion.warning_yellow",
        "黄色预警（社会热点事件）阈值",
        ValueKind.JSON,
        "",
        "满足任一条件组即达到黄色预警；条件组内各条件须同时满足。",
        validator=validate_thresholds,
    ),
    RuleSpec(
        "opinion.warning_orange",
        "橙色预警（复杂敏感事件）阈值",
        ValueKind.JSON,
        "",
        "满足任一条件组即达到橙色预警；条件组内各条件须同时满足。",
        validator=validate_thresholds,
    ),
    RuleSpec(
        "opinion.warning_red",
        "红色预警（重大突发事件）阈值",
        ValueKind.JSON,
        "",
        "满足任一条件组即达到红色预警；条件组内各条件须同时满足。",
        validator=validate_thresholds,
    ),
    RuleSpec(
        "opinion.sensitive_terms",
        "舆情敏感词",
        ValueKind.JSON,
        "",
        "出现这些词的事件在研判预警级别时计为“含敏感词”。",
        validator=validate_terms,
    ),
    RuleSpec(
        MAJOR_GRADES_KEY,
        "适用重大突发事件回应时限的突发事件等级",
        ValueKind.JSON,
        "",
        "经人工定级属于这些等级的突发事件，适用首次权威发布和新闻发布会时限；其他舆情适用一般回应时限。",
        validator=validate_grades,
    ),
]

YELLOW = {
    "any": [
        {"min_volume": 100},
        {"min_growth": 30},
        {"min_media": 1, "min_volume": 20},
        {"min_platforms": 3, "min_volume": 30},
    ]
}
ORANGE = {
    "any": [
        {"min_volume": 500, "min_negative_share": 50},
        {"sensitive": True, "min_volume": 50},
        {"categories": ["rumour", "moral_bottom_line", "policy_misread"], "min_volume": 200},
        {"min_rumour": 0.8, "min_volume": 100},
        {"min_growth": 200},
        {"min_media": 3, "min_negative_share": 50},
    ]
}
RED = {
    "any": [
        {"categories": ["emergency_disaster"], "min_volume": 1000},
        {"categories": ["emergency_disaster"], "sensitive": True, "min_volume": 200},
        {"min_volume": 5000, "min_negative_share": 50},
        {"min_growth": 1000},
    ]
}
SENSITIVE_TERMS = {
    "terms": [
        "死亡", "遇难", "伤亡", "身亡", "重伤", "失踪", "爆炸", "泄漏", "坍塌", "群体性", "聚集", "围堵",
        "堵路", "上访", "跳楼", "罢工", "强拆", "暴力执法", "打人", "腐败", "贪污", "受贿", "疫情", "中毒",
    ]
}  # fmt: skip

D = dt.date
CITATION_LEVELS = f"{SEED_003}（四级预警的含义）；{SEED_004}（研判依据：舆情内容、公众反应、媒体介入程度）"
CITATION_MAJOR_GRADES = "国办发〔2016〕61号 三；国办发〔2016〕80号 三(四)；《突发事件应对法》第三条（分级）"
# (key, value, effective_from, effective_to, citation, note) — national defaults.
DEFAULT_RECORDS = [
    ("opinion.warning_yellow", YELLOW, D(2014, 2, 19), None, CITATION_LEVELS, PLATFORM_DEFAULT_NOTE),
    ("opinion.warning_orange", ORANGE, D(2014, 2, 19), None, CITATION_LEVELS, PLATFORM_DEFAULT_NOTE),
    ("opinion.warning_red", RED, D(2014, 2, 19), None, CITATION_LEVELS, PLATFORM_DEFAULT_NOTE),
    ("opinion.sensitive_terms", SENSITIVE_TERMS, D(2014, 2, 19), None, CITATION_LEVELS, PLATFORM_DEFAULT_NOTE),
    # 国办发〔2016〕61号 三 (2016-08-12): "对涉及特别重大、重大突发事件的政务舆情……最迟要在24小时内举行新闻
    # 发布会"; 国办发〔2016〕80号 三(四) (2016-11-10) adds the 5 h first release for the same events.
    # The grades are those of 《突发事件应对法》 art. 3.
    (
        MAJOR_GRADES_KEY,
        {"grades": ["particularly_serious", "serious"]},
        D(2016, 8, 12),
        None,
        CITATION_MAJOR_GRADES,
        "仅经人工定级为特别重大、重大突发事件的政务舆情适用 5 小时 / 24 小时时限，不以预警颜色代替定级。",
    ),
]


DEFAULTS = RuleDefaults(DEFAULT_RECORDS)


def seed_rule_defaults(apps) -> int:
    """Create the default records that are missing (data migrations pass their historical ``apps``)."""
    return DEFAULTS.seed(apps)


registry.register(*SPECS)
