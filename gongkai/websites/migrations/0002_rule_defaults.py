"""Ship the default rule records of the keys this app registers (gongkai/websites/rules.py): the two-week
update gap, the rectification period, the word lists and the monthly inspection scheme.

``newmedia.min_gov_info_share`` has no national default: the 60 % of seed 003 is Beijing's 2014 notice,
a local profile (issue 9), shipped as Beijing's record by the rules app."""

import datetime as dt

from django.db import migrations

# Frozen here as shipped: (key, value, effective_from, effective_to, citation, note).
RECORDS = [
    (
        "websites.update_gap_max",
        14,
        dt.date(2019, 3, 14),
        None,
        "国务院办公厅关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办函〔2019〕19号） 单项否决指标“内容不更新：监测时间点前2周内无更新”",
        "两周按 14 个自然日计（节假日不顺延）。文号与日期请以原文为准。",
    ),
    (
        "websites.rectification_period",
        10,
        dt.date(2019, 3, 14),
        None,
        "国务院办公厅关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办函〔2019〕19号）",
        "全国无统一规定；平台默认值，各地可按本地规定另设本地规则。",
    ),
    (
        "websites.forbidden_terms",
        {"terms": ["网络赌博", "代开发票", "办证刻章", "枪支出售"]},
        dt.date(2019, 3, 14),
        None,
        "国务院办公厅关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办函〔2019〕19号） 单项否决指标“安全、泄密事故等严重问题”",
        "样例词表；请按网信部门下发的词表维护。",
    ),
    (
        "websites.wrong_names",
        {
            "pairs": [
                {"right": "国务院办公厅", "wrong": "国务院办工厅"},
                {"right": "政府信息公开条例", "wrong": "政府信息公开条列"},
                {"right": "中华人民共和国宪法", "wrong": "中华人民共和国宪发"},
                {"right": "全国人民代表大会常务委员会", "wrong": "全国人民代表大会常委会"},
                {"right": "人民代表大会常务委员会", "wrong": "人民代表大会常务委员"},
            ]
        },
        dt.date(2019, 3, 14),
        None,
        "国务院办公厅关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办函〔2019〕19号） 单项否决指标“严重表述错误”",
        "样例对照表；国家领导人姓名、党和国家重要提法等请按主管部门下发的规范表述维护。",
    ),
    (
        "websites.inspection_scheme",
        {
            "base": 100,
            "deductions": [
                {"cap": 20, "computed": True, "key": "low_share", "name": "政府信息占比不足（每天）", "per": 2},
                {"cap": 10, "computed": True, "key": "broken_link", "name": "错链、断链（每个）", "per": 1},
                {"cap": 30, "computed": False, "key": "service", "name": "办事服务、互动交流（人工检查）"},
                {"cap": 20, "computed": False, "key": "usability", "name": "功能设计、可用性（人工检查）"},
            ],
            "pass_mark": 80,
            "vetoes": [
                {"computed": True, "key": "update_gap", "name": "内容不更新（监测时间点前2周内无更新）"},
                {"computed": True, "key": "wrong_name", "name": "严重表述错误"},
                {"computed": True, "key": "forbidden", "name": "安全、泄密事故等严重问题"},
                {"computed": False, "key": "interaction", "name": "互动回应差"},
            ],
        },
        dt.date(2019, 3, 14),
        None,
        "国务院办公厅关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办函〔2019〕19号）",
        "指标结构依上述文件；分值与合格线为平台默认值，各地可另设本地规则。",
    ),
]


def forwards(apps, schema_editor):
    from gongkai.rules.defaults import RuleDefaults

    RuleDefaults(RECORDS).seed(apps)


class Migration(migrations.Migration):
    dependencies = [("websites", "0001_initial"), ("rules", "0004_rule_record_corrections")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
