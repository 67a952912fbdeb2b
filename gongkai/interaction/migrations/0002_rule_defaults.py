"""Ship the default rule records of the keys this app registers (gongkai/interaction/rules.py):
claim within 1 working day, answer within 15 working days, one extension of at most 15 working
days, rating within 10 working days — platform defaults, each marked as such."""

import datetime as dt

from django.db import migrations

CITATION = "《祥云县政务舆情监测处置回应和新闻发布工作制度》（九）“按照责任分工、办理程序和时限要求”办理领导信箱和县长热线；省政府《关于进一步加强政府信息公开回应社会关切提升政府公信力的实施意见》第7条“件件有回复、事事有回音”"
NOTE = "全国无统一规定；平台默认值，各地可按本地规定另设本地规则。"

# Frozen here as shipped: (key, value, effective_from, effective_to, citation, note).
RECORDS = [
    ("interaction.claim_period", 1, dt.date(2020, 1, 1), None, CITATION, NOTE),
    ("interaction.answer_period", 15, dt.date(2020, 1, 1), None, CITATION, NOTE),
    ("interaction.extension_max", 15, dt.date(2020, 1, 1), None, CITATION, NOTE),
    ("interaction.extension_max_count", 1, dt.date(2020, 1, 1), None, CITATION, NOTE),
    ("interaction.rating_period", 10, dt.date(2020, 1, 1), None, CITATION, NOTE),
]


def forwards(apps, schema_editor):
    from gongkai.rules.defaults import RuleDefaults

    RuleDefaults(RECORDS).seed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("interaction", "0001_initial"),
        ("rules", "0004_rule_record_corrections"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
