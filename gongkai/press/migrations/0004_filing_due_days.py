"""Default record of ``press.filing_due_days`` (see ``gongkai/press/rules.py``), frozen here."""

import datetime as dt

from django.db import migrations

RECORDS = [
    (
        "press.filing_due_days",
        30,
        dt.date(2014, 1, 1),
        None,
        "样例文件001（七）：新闻发言人发生变更时，要及时报县政府新闻办备案",
        "原文只要求“及时”备案；平台默认 30 日，各地可按本地规定另设本地规则。",
    ),
]


def seed(apps, schema_editor):
    from gongkai.rules.defaults import RuleDefaults

    RuleDefaults(RECORDS).seed(apps)


class Migration(migrations.Migration):
    dependencies = [("press", "0003_opinion_risk")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
