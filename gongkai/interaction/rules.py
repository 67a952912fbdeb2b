"""Rule keys of the leader mailbox and hotline (this app owns them), and the defaults it ships.

No national regulation fixes these limits for a local mailbox; the county practice of 000 #7 and
001 (九) ("件件有回复、事事有回音") is served by platform defaults, each marked as such in its note, until
a jurisdiction enters its own records (the rules kernel picks the jurisdiction's record first).
The records ship in the data migration ``0002_rule_defaults``; ``tests/rule_defaults.py`` restores
them after a test flushed the tables.
"""

from __future__ import annotations

import datetime as dt

from gongkai.rules import registry
from gongkai.rules.defaults import RuleDefaults
from gongkai.rules.enums import ValueKind
from gongkai.rules.registry import RuleSpec

PLATFORM_DEFAULT_NOTE = "全国无统一规定；平台默认值，各地可按本地规定另设本地规则。"
SEED_CITATION = "《祥云县政务舆情监测处置回应和新闻发布工作制度》（九）“按照责任分工、办理程序和时限要求”办理领导信箱和县长热线；省政府《关于进一步加强政府信息公开回应社会关切提升政府公信力的实施意见》第7条“件件有回复、事事有回音”"

OPINION_CITATION = "《祥云县政务舆情监测处置回应和新闻发布工作制度》（九）领导信箱和县长热线反映事项的研判、报送"

CLAIM_PERIOD = "interaction.claim_period"
ANSWER_PERIOD = "interaction.answer_period"
EXTENSION_MAX = "interaction.extension_max"
EXTENSION_MAX_COUNT = "interaction.extension_max_count"
RATING_PERIOD = "interaction.rating_period"
OPINION_LETTERS = "interaction.opinion_letters"
OPINION_WINDOW = "interaction.opinion_window_days"

SPECS = [
    RuleSpec(
        CLAIM_PERIOD,
        "来信认领期限",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "承办单位自交办之日起认领（或说明理由退回）来信的期限；交办当日不计入。",
    ),
    RuleSpec(
        ANSWER_PERIOD,
        "来信答复期限",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "承办单位自认领之日起答复来信人的期限；认领当日不计入。",
        extension_cap_key=EXTENSION_MAX,
        extension_count_key=EXTENSION_MAX_COUNT,
    ),
    RuleSpec(
        EXTENSION_MAX,
        "来信答复延长期限上限",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "情况复杂的，经信箱单位负责人批准可延长答复期限的最长期限。",
    ),
    RuleSpec(EXTENSION_MAX_COUNT, "来信答复可延长次数", ValueKind.COUNT, "次", "答复期限最多可延长的次数。"),
    RuleSpec(
        RATING_PERIOD,
        "来信人评价期限",
        ValueKind.WORKING_DAYS,
        "个工作日",
        "自答复之日起来信人评价答复的期限；逾期未评价的，视为满意并办结。",
    ),
    RuleSpec(
        OPINION_LETTERS,
        "来信转报舆情的件数",
        ValueKind.COUNT,
        "件",
        "观察期内同一事项（同一地点或内容相近）的投诉、求助、举报来信达到该件数且后半段多于前半段时，转报舆情监测。",
    ),
    RuleSpec(
        OPINION_WINDOW,
        "来信转报舆情的观察期",
        ValueKind.COUNT,
        "日",
        "统计同一事项来信件数的观察期（自然日）。",
    ),
]

D = dt.date
# (key, value, effective_from, effective_to, citation, note): platform defaults.
DEFAULT_RECORDS = [
    (CLAIM_PERIOD, 1, D(2020, 1, 1), None, SEED_CITATION, PLATFORM_DEFAULT_NOTE),
    (ANSWER_PERIOD, 15, D(2020, 1, 1), None, SEED_CITATION, PLATFORM_DEFAULT_NOTE),
    (EXTENSION_MAX, 15, D(2020, 1, 1), None, SEED_CITATION, PLATFORM_DEFAULT_NOTE),
    (EXTENSION_MAX_COUNT, 1, D(2020, 1, 1), None, SEED_CITATION, PLATFORM_DEFAULT_NOTE),
    (RATING_PERIOD, 10, D(2020, 1, 1), None, SEED_CITATION, PLATFORM_DEFAULT_NOTE),
    (OPINION_LETTERS, 5, D(2020, 1, 1), None, OPINION_CITATION, PLATFORM_DEFAULT_NOTE),
    (OPINION_WINDOW, 7, D(2020, 1, 1), None, OPINION_CITATION, PLATFORM_DEFAULT_NOTE),
]

DEFAULTS = RuleDefaults(DEFAULT_RECORDS)


def seed_rule_defaults(apps) -> int:
    return DEFAULTS.seed(apps)


registry.register(*SPECS)
