"""Ship the default rule records of the keys this app adds to the registry (see gongkai/opinion/rules.py):
the yellow/orange/red warning thresholds (platform defaults; the levels' meanings cite seed 003 二(五))
and the sensitive terms."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.opinion.rules import seed_rule_defaults

    seed_rule_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("opinion", "0001_initial"),
        ("rules", "0002_defaults"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
