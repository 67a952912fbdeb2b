"""Rule keys of news release (this app owns them), and the defaults it ships.

The keys are added to ``gongkai.rules.registry`` with ``register()`` when this module is imported
(``PressConfig.ready``). The records of the frequency keys that existed before this app (Beijing's
sample profile, the national online-interview frequencies of seed 000 第5条) ship with
``gongkai/rules/seed.py``; the records in ``DEFAULT_RECORDS`` ship in this app's data migration
``0002_rule_defaults`` and ``0004_filing_due_days`` (frozen there) and ``tests/rule_defaults.py`` restores them after a test
flushed the tables.

The department frequencies (conferences, head and spokesperson attendance) have NO national default:
seed 000 第2条 is a provincial implementing opinion, a local profile (issue 9). Where no local record
applies, the compliance table says the jurisdiction has not set the rule and sets no target.
"""

from __future__ import annotations

import datetime as dt

from gongkai.rules import registry
from gongkai.rules.defaults import RuleDefaults
from gongkai.rules.enums import ValueKind
from gongkai.rules.registry import RuleSpec

MIN_CONFERENCES = "press.min_conferences_per_quarter"
HEAD_ATTENDANCE = "press.head_attendance_per_year"
SPOKESPERSON_ATTENDANCE = "press.spokesperson_attendance_per_quarter"
INTERVIEWS_GOVERNMENT = "press.online_interviews_government_per_year"
INTERVIEWS_DEPARTMENT = "press.online_interviews_department_per_year"
REMINDER_DAYS = "press.reminder_days_before_quarter_end"
FILING_DUE_DAYS = "press.filing_due_days"

SPECS = [
    RuleSpec(
        MIN_CONFERENCES, "部门新闻发布会最低频次", ValueKind.COUNT, "次/季度", "各部门每季度至少举办新闻发布会的次数。"
    ),
    RuleSpec(
        HEAD_ATTENDANCE,
        "部门主要负责同志出席新闻发布会频次",
        ValueKind.COUNT,
        "次/年",
        "部门主要负责同志每年出席本级政府新闻办新闻发布会的次数。",
    ),
    RuleSpec(
        SPOKESPERSON_ATTENDANCE,
        "新闻发言人出席新闻发布会频次",
        ValueKind.COUNT,
        "次/季度",
        "新闻发言人或相关负责人每季度出席本级政府新闻办新闻发布会的次数。",
    ),
    RuleSpec(
        INTERVIEWS_GOVERNMENT,
        "政府主要负责同志在线访谈频次",
        ValueKind.COUNT,
        "次/年",
        "各级政府主要负责同志每年参加政府网站在线访谈的次数。",
    ),
    RuleSpec(
        INTERVIEWS_DEPARTMENT,
        "政府部门在线访谈频次",
        ValueKind.COUNT,
        "次/年",
        "政府部门每年至少开展政府网站在线访谈的次数。",
    ),
    RuleSpec(
        REMINDER_DAYS,
        "新闻发布频次：季度末提醒提前量",
        ValueKind.DAYS,
        "日",
        "季度结束前不超过该天数时，提醒尚未达到季度发布频次的单位。",
    ),
]
SPECS.append(
    RuleSpec(
        FILING_DUE_DAYS,
        "新闻发言人变更报备期限",
        ValueKind.DAYS,
        "日",
        "新闻发言人、联络员自任职之日起未在该期限内完成备案的，列为逾期未备案。",
    )
)
registry.register(*SPECS)

PLATFORM_DEFAULT_NOTE = "全国无统一规定；平台默认值，各地可按本地规定另设本地规则。"
SEED_001_7 = "样例文件001（七）：新闻发言人发生变更时，要及时报县政府新闻办备案"
FILING_NOTE = "原文只要求“及时”备案；平台默认 30 日，各地可按本地规定另设本地规则。"

DEFAULT_RECORDS = [
    (REMINDER_DAYS, 15, dt.date(2014, 1, 1), None, "平台设置", PLATFORM_DEFAULT_NOTE),
    # Shipped by 0004_filing_due_days.
    (FILING_DUE_DAYS, 30, dt.date(2014, 1, 1), None, SEED_001_7, FILING_NOTE),
]
DEFAULTS = RuleDefaults(DEFAULT_RECORDS)
