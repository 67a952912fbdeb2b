"""Rule keys of the catalogue and proactive disclosure (this app owns them).

They are added to ``gongkai.rules.registry`` with its ``register()`` when this module is imported
(``CatalogConfig.ready``); their default records ship with ``gongkai/rules/seed.py`` and this app's
``defaults.py`` (keyword length). The consultation periods of a 征求意见 (``foi.*_consultation_period``)
are ``foi``'s keys, read here by key.
"""

from __future__ import annotations

from gongkai.rules import registry
from gongkai.rules.enums import ValueKind
from gongkai.rules.registry import RuleSpec, validate_format

SPECS = [
    # --- Proactive disclosure, public participation (SPEC R2.6, R8.1) -------------------------
    RuleSpec(
        "disclosure.proactive_period",
        "主动公开期限",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "属于主动公开范围的信息，自形成或变更之日起公开的期限。",
    ),
    RuleSpec(
        "participation.consultation_min_period",
        "决策草案公开征求意见最短期限（一般决策）",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "非重大行政决策的草案及其依据向社会公布、征求意见的时间一般不少于该期限。",
    ),
    RuleSpec(
        "participation.consultation_min_period_major",
        "决策草案公开征求意见最短期限（重大行政决策）",
        ValueKind.DAYS,
        "日",
        "重大行政决策草案向社会公开征求意见的期限一般不少于该期限（自然日）。",
    ),
    # --- Catalogue (SPEC R2.3) -------------------------------------------------------------------
    RuleSpec(
        "catalog.index_number_format",
        "索引号格式",
        ValueKind.JSON,
        "",
        "索引号的生成格式（pattern 中可用 {org_code} {year} {seq}）。",
        validator=validate_format,
    ),
    RuleSpec(
        "catalog.keyword_max_length",
        "关键词长度上限",
        ValueKind.COUNT,
        "个字",
        "目录中每个关键词的最大字数（多个关键词以空格分隔）。",
    ),
]

registry.register(*SPECS)
