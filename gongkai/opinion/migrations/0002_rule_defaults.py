"""Ship the default rule records of the keys this app adds to the registry (see gongkai/opinion/rules.py):
the yellow/orange/red warning thresholds (platform defaults; the levels' meanings cite seed 003 二(五))
and the sensitive terms."""

import datetime as dt

from django.db import migrations


# The default records this migration ships, frozen here as they are (a migration does not import
# the app's code, which changes); (key, value, effective_from, effective_to, citation, note).
RECORDS = [
    (
        "opinion.warning_yellow",
        {
            "any": [
                {"min_volume": 100},
                {"min_growth": 30},
                {"min_media": 1, "min_volume": 20},
                {"min_platforms": 3, "min_volume": 30},
            ]
        },
        dt.date(2014, 2, 19),
        None,
        (
            "北京市人民政府办公厅关于进一步加强政府信息公开工作的通知（2014年2月19日）二(五)（四级预警的含义）；鄂前政办发〔2018〕96号 附件8 "
            "二(二)（研判依据：舆情内容、公众反应、媒体介入程度）"
        ),
        "阈值为平台默认值（文件只规定四级预警的含义，未规定数值）；各地可按本地规定另设本地规则。",
    ),
    (
        "opinion.warning_orange",
        {
            "any": [
                {"min_volume": 500, "min_negative_share": 50},
                {"sensitive": True, "min_volume": 50},
                {"categories": ["rumour", "moral_bottom_line", "policy_misread"], "min_volume": 200},
                {"min_rumour": 0.8, "min_volume": 100},
                {"min_growth": 200},
                {"min_media": 3, "min_negative_share": 50},
            ]
        },
        dt.date(2014, 2, 19),
        None,
        (
            "北京市人民政府办公厅关于进一步加强政府信息公开工作的通知（2014年2月19日）二(五)（四级预警的含义）；鄂前政办发〔2018〕96号 附件8 "
            "二(二)（研判依据：舆情内容、公众反应、媒体介入程度）"
        ),
        "阈值为平台默认值（文件只规定四级预警的含义，未规定数值）；各地可按本地规定另设本地规则。",
    ),
    (
        "opinion.warning_red",
        {
            "any": [
                {"categories": ["emergency_disaster"], "min_volume": 1000},
                {"categories": ["emergency_disaster"], "sensitive": True, "min_volume": 200},
                {"min_volume": 5000, "min_negative_share": 50},
                {"min_growth": 1000},
            ]
        },
        dt.date(2014, 2, 19),
        None,
        (
            "北京市人民政府办公厅关于进一步加强政府信息公开工作的通知（2014年2月19日）二(五)（四级预警的含义）；鄂前政办发〔2018〕96号 附件8 "
            "二(二)（研判依据：舆情内容、公众反应、媒体介入程度）"
        ),
        "阈值为平台默认值（文件只规定四级预警的含义，未规定数值）；各地可按本地规定另设本地规则。",
    ),
    (
        "opinion.sensitive_terms",
        {
            "terms": [
                "死亡",
                "遇难",
                "伤亡",
                "身亡",
                "重伤",
                "失踪",
                "爆炸",
                "泄漏",
                "坍塌",
                "群体性",
                "聚集",
                "围堵",
                "堵路",
                "上访",
                "跳楼",
                "罢工",
                "强拆",
                "暴力执法",
                "打人",
                "腐败",
                "贪污",
                "受贿",
                "疫情",
                "中毒",
            ]
        },
        dt.date(2014, 2, 19),
        None,
        (
            "北京市人民政府办公厅关于进一步加强政府信息公开工作的通知（2014年2月19日）二(五)（四级预警的含义）；鄂前政办发〔2018〕96号 附件8 "
            "二(二)（研判依据：舆情内容、公众反应、媒体介入程度）"
        ),
        "阈值为平台默认值（文件只规定四级预警的含义，未规定数值）；各地可按本地规定另设本地规则。",
    ),
]


def forwards(apps, schema_editor):
    from gongkai.rules.defaults import RuleDefaults

    RuleDefaults(RECORDS).seed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("opinion", "0001_initial"),
        ("rules", "0002_defaults"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
