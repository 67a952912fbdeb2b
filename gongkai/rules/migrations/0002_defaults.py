"""Ship the defaults: national rule records, the sample local profiles (祥云县, 铜川市) with the
regions they need, and the official holiday calendar 2004–2026 (see gongkai/rules/seed.py)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.rules.seed import seed_all

    seed_all(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("rules", "0001_initial"),
        ("orgs", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
