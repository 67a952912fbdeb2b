"""Ship the default rule records of the keys this app adds to the registry (see gongkai/foi/rules.py):
the applicant's 补正 period, the fee standards of 国办函〔2020〕109号, the remedy periods and the
mass-application hint."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.foi.rules import seed_rule_defaults

    seed_rule_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("foi", "0001_initial"),
        ("rules", "0002_defaults"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
