"""Ship the default rule records of the keys this app adds to the registry (see gongkai/foi/rules.py):
the applicant's 补正 period, the fee standards of 国办函〔2020〕109号, the remedy periods and the
mass-application hint."""

import datetime as dt

from django.db import migrations


# The default records this migration ships, frozen here as they are (a migration does not import
# the app's code, which changes); (key, value, effective_from, effective_to, citation, note).
RECORDS = [
    (
        "foi.supplement_reply_period",
        15,
        dt.date(2019, 5, 15),
        None,
        "《政府信息公开条例》（2019年修订，国务院令第711号）第三十条（合理的补正期限）",
        "全国无统一规定；平台默认值，各地可按本地规定另设本地规则。",
    ),
    (
        "foi.fee_standards",
        {
            "per_piece": {
                "period": "natural_month",
                "bands": [{"from": 1, "to": 10, "price": 0}, {"from": 11, "to": 30, "price": 100}],
                "beyond": {"step": 10, "increment": 100},
            },
            "per_page": {
                "bands": [
                    {"from": 1, "to": 30, "price": 0},
                    {"from": 31, "to": 100, "price": 10},
                    {"from": 101, "to": 200, "price": 20},
                    {"from": 201, "to": None, "price": 40},
                ]
            },
        },
        dt.date(2021, 1, 1),
        None,
        "国办函〔2020〕109号《政府信息公开信息处理费管理办法》第四条、第五条",
        "",
    ),
    (
        "foi.remedy_reconsideration_period",
        60,
        dt.date(1999, 10, 1),
        dt.date(2023, 12, 31),
        "《中华人民共和国行政复议法》第九条",
        "",
    ),
    (
        "foi.remedy_reconsideration_period",
        60,
        dt.date(2024, 1, 1),
        None,
        "《中华人民共和国行政复议法》（2023年修订）第二十条",
        "",
    ),
    (
        "foi.remedy_litigation_period",
        6,
        dt.date(2015, 5, 1),
        None,
        "《中华人民共和国行政诉讼法》第四十六条",
        "",
    ),
    (
        "foi.mass_application_monthly",
        10,
        dt.date(2021, 1, 1),
        None,
        "《政府信息公开条例》（2019年修订，国务院令第711号）第三十五条；国办函〔2020〕109号《政府信息公开信息处理费管理办法》第四条",
        "全国无统一规定；平台默认值，各地可按本地规定另设本地规则。",
    ),
]


def forwards(apps, schema_editor):
    from gongkai.rules.defaults import RuleDefaults

    RuleDefaults(RECORDS).seed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("foi", "0001_initial"),
        ("rules", "0002_defaults"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
