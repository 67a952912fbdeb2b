"""Default rule records of news release (frozen here; see ``gongkai/press/rules.py``): the platform's
reminder lead time.

The department frequencies (``press.min_conferences_per_quarter``, ``press.head_attendance_per_year``,
``press.spokesperson_attendance_per_quarter``) have no national default: the numbers of seed 000 第2条
come from a provincial implementing opinion, a local profile (issue 9). Beijing's sample profile ships
with the rules app; other jurisdictions set their own local records.
"""

import datetime as dt

from django.db import migrations

PLATFORM_DEFAULT_NOTE = "全国无统一规定；平台默认值，各地可按本地规定另设本地规则。"

RECORDS = [
    ("press.reminder_days_before_quarter_end", 15, dt.date(2014, 1, 1), None, "平台设置", PLATFORM_DEFAULT_NOTE),
]


def seed(apps, schema_editor):
    from gongkai.rules.defaults import RuleDefaults

    RuleDefaults(RECORDS).seed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("press", "0001_initial"),
        ("rules", "0004_rule_record_corrections"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
