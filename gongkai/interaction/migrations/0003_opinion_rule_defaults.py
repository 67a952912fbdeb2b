"""Ship the default records of the opinion-report rules (gongkai/interaction/rules.py): five letters
on one subject within seven days, rising — platform defaults, marked as such."""

import datetime as dt

from django.db import migrations

CITATION = "《祥云县政务舆情监测处置回应和新闻发布工作制度》（九）领导信箱和县长热线反映事项的研判、报送"
NOTE = "全国无统一规定；平台默认值，各地可按本地规定另设本地规则。"

RECORDS = [
    ("interaction.opinion_letters", 5, dt.date(2020, 1, 1), None, CITATION, NOTE),
    ("interaction.opinion_window_days", 7, dt.date(2020, 1, 1), None, CITATION, NOTE),
]


def forwards(apps, schema_editor):
    from gongkai.rules.defaults import RuleDefaults

    RuleDefaults(RECORDS).seed(apps)


class Migration(migrations.Migration):
    dependencies = [("interaction", "0002_rule_defaults")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
