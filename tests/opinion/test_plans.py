"""Monitoring-plan grammar, validation with Chinese errors, and matching (Aho–Corasick index)."""

import pytest

from gongkai.opinion import services
from gongkai.opinion.models import MonitoringPlan
from gongkai.opinion.nlp import normalise
from gongkai.opinion.pipeline import matcher
from gongkai.opinion.plans import PlanSyntaxError, parse

from .monitoring_fixtures import *  # noqa: F403

WATER = """
# 地点词、事件词、排除词
@地点 = 敖勒召其镇 / 敖镇 / 鄂托克前旗
@事件 = 停水 / 断水 / 没水
@地点 @事件 NOT (演练 OR 测试)
"""


def matches(expression: str, text: str) -> bool:
    return matcher.run_plan(parse(expression), [normalise(text)])[0]


def test_groups_synonyms_and_exclusion():
    # given a plan with two groups of synonyms and excluded words
    # when / then: a place word and an event word must both appear, an excluded word vetoes
    assert matches(WATER, "敖镇又停水了，三天没人管") is True
    assert matches(WATER, "鄂托克前旗多个小区断水") is True
    assert matches(WATER, "敖勒召其镇今天天气很好") is False
    assert matches(WATER, "敖勒召其镇停水应急演练顺利完成") is False
    assert matches(WATER, "城川镇停水") is False


def test_and_or_not_precedence():
    # given "A B OR C NOT D": (A AND B) OR (C AND NOT D)
    expr = "拆迁 补偿 OR 强拆 NOT 谣言"
    # then
    assert matches(expr, "拆迁补偿款迟迟不到位") is True
    assert matches(expr, "只说拆迁，没提别的") is False
    assert matches(expr, "村里发生强拆") is True
    assert matches(expr, "强拆是谣言") is False


def test_explicit_operators_and_chinese_forms():
    assert matches("(学校 | 幼儿园) & 食物中毒", "某幼儿园发生食物中毒") is True
    assert matches("学校 且 中毒 非 演练", "学校食堂中毒") is True
    assert matches("学校 且 中毒 非 演练", "学校中毒应急演练") is False
    assert matches("学校 -演练", "学校演练") is False


def test_synonyms_with_slash_and_quoted_phrase():
    assert matches('"自来水 公司" / 水务局', "自来水 公司不接电话") is True
    assert matches('"自来水 公司" / 水务局', "水务局回应") is True
    assert matches('"自来水 公司" / 水务局', "自来水和公司") is False


def test_traditional_and_full_width_text_match_simplified_words():
    # given a post in Traditional characters with full-width letters
    # then the normalised words match
    assert matches("停水 AND 小区", "敖勒召其鎮小區停水三天") is True
    assert matches("ABC 小区", "ＡＢＣ小區") is True


def test_compiled_structure_and_description():
    plan = parse(WATER)
    data = plan.as_json()
    assert data["groups"] == {"地点": ["敖勒召其镇", "敖镇", "鄂托克前旗"], "事件": ["停水", "断水", "没水"]}
    assert data["tree"] == {
        "and": [
            {"any": ["敖勒召其镇", "敖镇", "鄂托克前旗"]},
            {"any": ["停水", "断水", "没水"]},
            {"not": {"or": [{"any": ["演练"]}, {"any": ["测试"]}]}},
        ]
    }
    assert set(data["positive"]) == {"敖勒召其镇", "敖镇", "鄂托克前旗", "停水", "断水", "没水"}
    assert plan.describe() == "（敖勒召其镇或敖镇或鄂托克前旗），且（停水或断水或没水），且不含（演练或测试）"


@pytest.mark.parametrize(
    "expression, message",
    [
        ("", "监测表达式为空，请至少写一个关键词。"),
        ("   \n# 只有注释", "只有分组定义，缺少监测表达式（例如“@地点 @事件”）。"),
        ("(停水 OR 断水", "第 1 个字符处：左括号没有对应的右括号。"),
        ("停水)", "第 3 个字符处：多余的右括号。"),
        ("停水 AND", "第 4 个字符处：“AND”后缺少关键词。"),
        ("停水 OR OR 断水", "第 4 个字符处：“OR”后缺少关键词。"),
        ("停水 NOT", "第 4 个字符处：“NOT”后缺少要排除的关键词。"),
        ("停水 ()", "第 4 个字符处：括号内为空。"),
        ("停水 AND (", "表达式不完整：末尾缺少关键词。"),
        ("@地点 停水", "第 1 个字符处：分组“@地点”未定义（请在表达式之前写“@地点 = 词1 / 词2”）。"),
        ("NOT 演练", "表达式在文本不含任何关键词时也成立（例如只有“非”条件），请加入必须出现的关键词。"),
        ("停水 OR NOT 演练", "表达式在文本不含任何关键词时也成立（例如只有“非”条件），请加入必须出现的关键词。"),
        ('"停水', "第 1 个字符处：引号没有闭合。"),
        ("停水 /", "第 4 个字符处：“/”后缺少同义词。"),
        ("@地点 = 敖镇\n@地点 = 城川\n@地点", "第 2 行：分组“@地点”重复定义。"),
        ("停水\n@地点 = 敖镇", "第 2 行：分组定义应写在表达式之前。"),
        ("停水 " + "很" * 31, "关键词“" + "很" * 31 + "”超过 30 个字。"),
        ("[泪]", "第 1 个字符处：关键词“[泪]”为空或只含表情、链接等会被忽略的内容。"),
    ],
)
def test_bad_expressions_give_chinese_errors(expression, message):
    with pytest.raises(PlanSyntaxError) as err:
        parse(expression)
    assert err.value.message.endswith(message)


def test_index_matches_only_plans_whose_words_occur(monitor, banner, township_govs, db):
    # given three plans of the banner
    water = services.plan_create(actor=monitor, agency=banner, name="停水", expression=WATER)
    school = services.plan_create(actor=monitor, agency=banner, name="校园", expression="学校 / 中学 食堂 OR 霸凌")
    services.plan_create(actor=monitor, agency=banner, name="停用", expression="停水", is_active=False)
    matcher.invalidate()
    index = matcher.current()
    # when
    hits, found = index.match(normalise("敖勒召其镇停水，中学食堂也没水做饭"))
    # then: the inactive plan is not in the index; both active plans hold
    assert hits == sorted([water.pk, school.pk])
    assert {"敖勒召其镇", "停水", "中学", "食堂", "没水"} <= found
    assert index.match(normalise("今天天气很好"))[0] == []


def test_plan_service_rejects_bad_expression_and_stores_nothing(monitor, banner):
    with pytest.raises(PlanSyntaxError) as err:
        services.plan_create(actor=monitor, agency=banner, name="坏方案", expression="停水 AND")
    assert "“AND”后缺少关键词" in err.value.message
    assert MonitoringPlan.objects.count() == 0


def test_plan_update_changes_compiled_structure(monitor, banner):
    plan = services.plan_create(actor=monitor, agency=banner, name="方案", expression="停水")
    plan = services.plan_update(actor=monitor, plan=plan, expression="停电 / 断电")
    assert plan.compiled["tree"] == {"any": ["停电", "断电"]}
    assert plan.expression == "停电 / 断电"


def test_plan_permissions(monitor, banner, chengchuan_monitor, other_county_monitor, unit_admin, township_govs):
    from gongkai.core.errors import PermissionDenied

    # a township monitor manages the township's plans only; another county's monitor and a unit admin none
    services.plan_create(actor=chengchuan_monitor, agency=township_govs[1], name="城川", expression="城川 停水")
    for actor in (chengchuan_monitor, other_county_monitor, unit_admin):
        with pytest.raises(PermissionDenied):
            services.plan_create(actor=actor, agency=banner, name="越权", expression="停水")
    assert list(MonitoringPlan.objects.values_list("name", flat=True)) == ["城川"]
