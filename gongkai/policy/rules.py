"""Rule keys of the policy lifecycle (this app owns them) and the defaults it ships.

- ``decision.issue_period`` / ``decision.issue_period_major_revision`` (SPEC R2.9, seed 002 一(一)):
  the issue period after the meeting; their sample records (铜川市) ship with ``gongkai/rules/seed.py``.
- ``policy.comment_blocked_terms``: terms that hold a public comment for a moderator's attention.

The consultation minimum periods (``participation.consultation_min_period`` — seed 002 一(二), 7
working days, a local record — and ``participation.consultation_min_period_major`` — 《重大行政决策程序
暂行条例》 art. 15, 30 days from 2019-09-01) are registered by ``catalog`` (it applies them to a
catalogue consultation too); this app reads them by key (``CONSULTATION_RULES``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.core.errors import ValidationFailed
from gongkai.rules import registry
from gongkai.rules.defaults import RuleDefaults
from gongkai.rules.enums import ValueKind
from gongkai.rules.registry import RuleSpec

from .enums import PolicyKind

ISSUE_PERIOD = "decision.issue_period"
ISSUE_PERIOD_MAJOR_REVISION = "decision.issue_period_major_revision"
BLOCKED_TERMS = "policy.comment_blocked_terms"

# The kind of the draft decides the consultation rule (SPEC R8.1).
CONSULTATION_RULES = {
    PolicyKind.NORMATIVE: "participation.consultation_min_period",
    PolicyKind.MAJOR_DECISION: "participation.consultation_min_period_major",
}


def validate_terms(value: Any) -> Any:
    if not isinstance(value, dict) or not isinstance(value.get("terms"), list):
        raise ValidationFailed('屏蔽词规则应为 {"terms": [...]} 形式。')
    if not all(isinstance(t, str) and t.strip() for t in value["terms"]):
        raise ValidationFailed("屏蔽词应为非空文字。")
    return {"terms": [t.strip() for t in value["terms"]]}


SPECS = [
    RuleSpec(
        ISSUE_PERIOD,
        "常务会议议定文件印发期限",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "常务会议讨论通过的文件，自会议结束起印发的期限。",
    ),
    RuleSpec(
        ISSUE_PERIOD_MAJOR_REVISION,
        "常务会议议定文件印发期限（有重大修改）",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "有重大修改意见需要协调的，自会议结束起印发的期限。",
    ),
    RuleSpec(
        BLOCKED_TERMS,
        "公众意见屏蔽词",
        ValueKind.JSON,
        "",
        "含有这些词的公众意见标记为需重点审核（所有意见均经人工审核后才公开显示）。",
        validator=validate_terms,
    ),
]

registry.register(*SPECS)

CYBER_2017 = "《互联网跟帖评论服务管理规定》（国家互联网信息办公室，2017年10月1日施行）第九条"
PLATFORM_NOTE = "平台默认词表，各地可另设本地规则。"
DEFAULT_TERMS = {"terms": ["傻逼", "操你", "去死", "法轮", "代开发票", "办证", "赌博", "色情", "枪支"]}

DEFAULTS = RuleDefaults([(BLOCKED_TERMS, DEFAULT_TERMS, dt.date(2017, 10, 1), None, CYBER_2017, PLATFORM_NOTE)])
