"""Ship the default rule records of the oversight keys (see gongkai/oversight/rules.py): the yearly
training hours and 先培训后上岗 of 004 附件5, the exam pass mark, the rectification period of 附件7, the
survey answer limit and the assessment indicators and weights."""

import datetime as dt

from django.db import migrations

# Frozen here as they are (a migration does not import the app's code, which changes);
# (key, value, effective_from, effective_to, citation, note).
RECORDS = [
    (
        "oversight.training_hours_min",
        2,
        dt.date(2018, 11, 5),
        None,
        "鄂前政办发〔2018〕96号《鄂托克前旗人民政府办公室关于印发政府信息公开有关制度的通知》附件5第七条",
        "",
    ),
    (
        "oversight.training_before_post",
        {
            "roles": ["confidentiality_reviewer", "disclosure_office_head", "disclosure_office_staff", "section_head"],
            "months": 12,
            "blocking": False,
        },
        dt.date(2018, 11, 5),
        None,
        "鄂前政办发〔2018〕96号《鄂托克前旗人民政府办公室关于印发政府信息公开有关制度的通知》附件5第七条（坚持先培训后上岗的原则）",
        "培训有效月数、是否禁止授予为平台默认值，各地可另设本地规则。",
    ),
    (
        "oversight.exam_pass_score",
        60,
        dt.date(2018, 11, 5),
        None,
        "鄂前政办发〔2018〕96号《鄂托克前旗人民政府办公室关于印发政府信息公开有关制度的通知》附件5第六条",
        "全国无统一规定；平台默认值，各地可按本地规定另设本地规则。",
    ),
    (
        "oversight.rectification_period",
        30,
        dt.date(2018, 11, 5),
        None,
        "鄂前政办发〔2018〕96号《鄂托克前旗人民政府办公室关于印发政府信息公开有关制度的通知》附件7第六条",
        "全国无统一规定；平台默认值，各地可按本地规定另设本地规则。",
    ),
    (
        "oversight.survey_answers_per_address",
        5,
        dt.date(2018, 11, 5),
        None,
        "鄂前政办发〔2018〕96号《鄂托克前旗人民政府办公室关于印发政府信息公开有关制度的通知》附件7第三条（网络调查）",
        "全国无统一规定；平台默认值，各地可按本地规定另设本地规则。",
    ),
    (
        "oversight.assessment_indicators",
        {
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
                {"key": "oversight.accountability", "label": "责任追究扣分", "weight": 5, "deduct_per_case": 0.5},
                {"key": "manual.work_mechanism", "label": "工作机制建设（人工评分）", "weight": 5, "manual": True},
            ],
            "commend_top": 3,
        },
        dt.date(2018, 11, 5),
        None,
        "鄂前政办发〔2018〕96号《鄂托克前旗人民政府办公室关于印发政府信息公开有关制度的通知》附件4第十八条；附件5第六条；附件7",
        "全国无统一规定；平台默认值，各地可按本地规定另设本地规则。",
    ),
]


def forwards(apps, schema_editor):
    from gongkai.rules.defaults import RuleDefaults

    RuleDefaults(RECORDS).seed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0001_initial"),
        ("rules", "0002_defaults"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
