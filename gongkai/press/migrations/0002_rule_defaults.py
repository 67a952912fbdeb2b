"""Default rule records of news release (frozen here; see ``gongkai/press/rules.py``).

National defaults of the department frequencies from seed 000 第2条 (Beijing's sample profile keeps
its own local records, shipped by the rules app), and the platform's reminder lead time.
"""

import datetime as dt

from django.db import migrations

SEED_000 = "样例文件000（省政府贯彻国办发〔2013〕100号的实施意见）第2条"
SEED_DEFAULT_NOTE = (
    "全国无统一规定；取自样例文件，作为全国默认值。各地可另设本地规则。原文件日期不详，生效日期取 2014-01-01。"
)
PLATFORM_DEFAULT_NOTE = "全国无统一规定；平台默认值，各地可按本地规定另设本地规则。"

RECORDS = [
    ("press.min_conferences_per_quarter", 1, dt.date(2014, 1, 1), None, SEED_000, SEED_DEFAULT_NOTE),
    ("press.head_attendance_per_year", 1, dt.date(2014, 1, 1), None, SEED_000, SEED_DEFAULT_NOTE),
    ("press.spokesperson_attendance_per_quarter", 1, dt.date(2014, 1, 1), None, SEED_000, SEED_DEFAULT_NOTE),
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
