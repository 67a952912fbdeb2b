"""Shipped defaults of the catalogue (used by the data migrations; tests/conftest.py runs ``seed``
again to restore a flushed test database)."""

from __future__ import annotations

import datetime as dt

# 004 附件1 一(一): 政府公开信息共分九大类.
CATEGORIES = [
    ("01", "机构概况", "机构职能、领导信息、内设科室、下属单位、工作规则等涉及机构情况的信息"),
    ("02", "政策文件", "本行政机关制发的文件"),
    ("03", "政府决策", "各类发展规划、重大项目情况介绍"),
    ("04", "工作信息", "政务活动、实事工程、重大事项、统计数据、应急管理以及招投标公告公示等信息"),
    ("05", "人事信息", "人事任免、干部公选、招考录用的条件、程序、结果等情况"),
    ("06", "行政执法", "行政许可、行政监管、行政处罚等有关行政执法的依据以及办理情况"),
    ("07", "财政信息", "行政事业性收费以及政府财政预决算等信息"),
    (
        "08",
        "公共服务",
        "教育、医疗卫生、水电气热、交通运输、环境保护等与群众利益密切相关的公共企事业单位服务事项的信息",
    ),
    ("09", "社会监督", "民意征集，监督投诉等信息"),
]

# A local rule of 鄂托克前旗 (seed 004), in force from the date of the document it cites
# (鄂前政办发〔2018〕96号, 2018-11-05). There is no national limit: elsewhere none applies.
KEYWORD_RULE_REGION = "150623"
KEYWORD_RULE = {
    "key": "catalog.keyword_max_length",
    "value": 10,
    "effective_from": dt.date(2018, 11, 5),
    "citation": "鄂前政办发〔2018〕96号 附件1 二(一)1",
    "note": "样例地方规则（鄂托克前旗）：每条信息的关键词长度不要超过10个字。",
}


def seed(apps, schema_editor=None) -> None:
    Category = apps.get_model("catalog", "Category")
    for order, (code, name, description) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(code=code, defaults={"name": name, "description": description, "order": order})
    from gongkai.rules.seed import seed_regions

    RuleRecord = apps.get_model("rules", "RuleRecord")
    region = seed_regions(apps)[KEYWORD_RULE_REGION]
    if not RuleRecord.objects.filter(key=KEYWORD_RULE["key"], jurisdiction=region).exists():
        RuleRecord.objects.create(jurisdiction=region, **KEYWORD_RULE)
