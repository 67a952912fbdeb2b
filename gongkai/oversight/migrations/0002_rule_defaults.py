"""Ship the rule records of the oversight keys (see gongkai/oversight/rules.py): the platform settings
(national records citing "平台设置": the exam pass mark, the rectification period, the survey answer limit,
the assessment indicators and weights) and the 鄂托克前旗 local record of 先培训后上岗 (004 附件5 第七条).
The yearly training hours (``training.min_class_hours``) have a local record only, shipped by the rules
app's seed."""

import datetime as dt

from django.db import migrations

# Frozen here as they are (a migration does not import the app's code, which changes);
# (key, value, effective_from, effective_to, citation, note).
PLATFORM_NOTE = "平台默认值，不是法定标准：全国无统一规定，各地可按本地规定另设本地规则。"
RECORDS = [
    ("oversight.exam_pass_score", 60, dt.date(2018, 11, 5), None, "平台设置", PLATFORM_NOTE),
    ("oversight.rectification_period", 30, dt.date(2018, 11, 5), None, "平台设置", PLATFORM_NOTE),
    ("oversight.survey_answers_per_address", 5, dt.date(2018, 11, 5), None, "平台设置", PLATFORM_NOTE),
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
        "平台设置",
        PLATFORM_NOTE,
    ),
]

# (key, region code, value, effective_from, effective_to, citation, note).
LOCAL_RECORDS = [
    (
        "oversight.training_before_post",
        "150623",
        {
            "roles": ["confidentiality_reviewer", "disclosure_office_head", "disclosure_office_staff", "section_head"],
            "months": 12,
            "blocking": False,
        },
        dt.date(2018, 11, 5),
        None,
        "鄂前政办发〔2018〕96号《鄂托克前旗人民政府办公室关于印发政府信息公开有关制度的通知》附件5第七条（坚持先培训后上岗的原则）",
        "样例地方规则（仅适用于发文机关所辖区划）。角色范围、培训有效月数和只提示不禁止是平台对该原则的设置。",
    ),
]


def forwards(apps, schema_editor):
    from gongkai.rules.defaults import RuleDefaults

    RuleDefaults(RECORDS).seed(apps)
    Region = apps.get_model("orgs", "Region")
    RuleRecord = apps.get_model("rules", "RuleRecord")
    for key, code, value, start, end, citation, note in LOCAL_RECORDS:
        region = Region.objects.filter(code=code).first()
        if region is None or RuleRecord.objects.filter(key=key, jurisdiction=region, effective_from=start).exists():
            continue
        RuleRecord.objects.create(
            key=key,
            jurisdiction=region,
            value=value,
            effective_from=start,
            effective_to=end,
            citation=citation,
            note=note,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0001_initial"),
        ("rules", "0002_defaults"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
