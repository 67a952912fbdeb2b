"""The warning level of an event from the threshold rules, with the reason in Chinese.

``evaluate(metrics, thresholds)`` tries red, orange, then yellow: the first level one of whose
criteria holds is the level, and the reason names that criterion's conditions with the event's
figures beside the thresholds — "橙色（复杂敏感事件），因为声量 612 条（阈值 ≥ 500 条）且负面占比 64%（阈值
≥ 50%）". No criterion holding means blue (一般性问题). The thresholds are rule records
(``opinion.warning_*``, see ``gongkai/opinion/rules.py``), looked up for the event's jurisdiction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.rules.selectors import rule_value_or_none

from ..enums import LEVEL_MEANING, LEVEL_SHORT, WarningLevel
from ..nlp import CATEGORY_LABELS
from ..rules import LEVEL_KEYS

CONDITION_ORDER = (
    "categories",
    "sensitive",
    "min_rumour",
    "min_volume",
    "min_growth",
    "min_negative_share",
    "min_media",
    "min_platforms",
)


@dataclass
class Metrics:
    volume: int = 0
    growth: float = 0.0  # posts in the last hour of the event
    negative_share: float = 0.0  # per cent of judged posts that read as negative
    judged: int = 0
    category: str = ""
    rumour: float = 0.0
    sensitive: list[str] = field(default_factory=list)
    media: int = 0
    platforms: int = 0


@dataclass(frozen=True)
class Thresholds:
    levels: dict[str, dict]  # "yellow"/"orange"/"red" → {"any": [...]}
    sensitive_terms: tuple[str, ...]
    citations: dict[str, str]


def load_thresholds(jurisdiction=None, on_date=None) -> Thresholds:
    """The threshold rules in force for the jurisdiction (missing records: that level never triggers)."""
    levels: dict[str, dict] = {}
    citations: dict[str, str] = {}
    for level, key in LEVEL_KEYS.items():
        rv = rule_value_or_none(key, jurisdiction, on_date)
        if rv is not None and isinstance(rv.value, dict):
            levels[level] = rv.value
            citations[level] = rv.citation
    terms_rv = rule_value_or_none("opinion.sensitive_terms", jurisdiction, on_date)
    terms = tuple(terms_rv.value.get("terms", ())) if terms_rv is not None and isinstance(terms_rv.value, dict) else ()
    return Thresholds(levels=levels, sensitive_terms=terms, citations=citations)


def _holds(criterion: dict[str, Any], m: Metrics) -> list[str] | None:
    """The reasons (one per condition) when every condition holds, else None."""
    parts: list[str] = []
    # A fixed order (PostgreSQL's jsonb does not keep the order the keys were written in).
    keys = sorted(criterion, key=lambda k: CONDITION_ORDER.index(k) if k in CONDITION_ORDER else len(CONDITION_ORDER))
    for key in keys:
        limit = criterion[key]
        if key == "min_volume":
            if m.volume < limit:
                return None
            parts.append(f"声量 {m.volume} 条（阈值 ≥ {limit:g} 条）")
        elif key == "min_growth":
            if m.growth < limit:
                return None
            parts.append(f"最近一小时新增 {m.growth:.0f} 条（阈值 ≥ {limit:g} 条/小时）")
        elif key == "min_negative_share":
            if m.judged == 0 or m.negative_share < limit:
                return None
            parts.append(f"负面占比 {m.negative_share:.0f}%（阈值 ≥ {limit:g}%）")
        elif key == "categories":
            if m.category not in limit:
                return None
            parts.append(f"类别为“{CATEGORY_LABELS.get(m.category, m.category)}”")
        elif key == "min_rumour":
            if m.rumour < limit:
                return None
            parts.append(f"谣言嫌疑 {m.rumour:.2f}（阈值 ≥ {limit:g}）")
        elif key == "sensitive":
            if not m.sensitive:
                return None
            parts.append(f"含敏感词“{'、'.join(m.sensitive[:5])}”")
        elif key == "min_media":
            if m.media < limit:
                return None
            parts.append(f"媒体报道 {m.media} 条（阈值 ≥ {limit:g} 条）")
        elif key == "min_platforms":
            if m.platforms < limit:
                return None
            parts.append(f"{m.platforms} 类平台传播（阈值 ≥ {limit:g} 类）")
        else:  # unknown keys were rejected when the rule was saved; be safe anyway
            return None
    return parts


def evaluate(m: Metrics, t: Thresholds) -> tuple[str, str]:
    """(level, reason) for the metrics under the thresholds."""
    for level in (WarningLevel.RED, WarningLevel.ORANGE, WarningLevel.YELLOW):
        rule = t.levels.get(level.value)
        if not rule:
            continue
        for criterion in rule.get("any", ()):
            parts = _holds(criterion, m) if isinstance(criterion, dict) and criterion else None
            if parts is not None:
                return level.value, f"{LEVEL_SHORT[level]}（{LEVEL_MEANING[level]}），因为" + "且".join(parts) + "。"
    blue = WarningLevel.BLUE
    return blue.value, (
        f"{LEVEL_SHORT[blue]}（{LEVEL_MEANING[blue]}），因为未达到黄色预警的任一条件"
        f"（声量 {m.volume} 条，最近一小时新增 {m.growth:.0f} 条）。"
    )
