"""Give every existing application a random public identifier (the portal's and the API's key
instead of the sequential tracking number), then make it required and unique; ship the default
records of the rule keys added since 0002 (see gongkai/foi/rules.py)."""

import secrets

from django.db import migrations, models

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def fill_public_ids(apps, schema_editor):
    Application = apps.get_model("foi", "Application")
    used = set(Application.objects.exclude(public_id=None).values_list("public_id", flat=True))
    for app in Application.objects.filter(public_id=None).only("pk"):
        while True:
            value = "".join(secrets.choice(ALPHABET) for _ in range(12))
            if value not in used:
                break
        used.add(value)
        Application.objects.filter(pk=app.pk).update(public_id=value)


def seed_rules(apps, schema_editor):
    from gongkai.foi.rules import seed_rule_defaults

    seed_rule_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("foi", "0003_hardening"),
    ]

    operations = [
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="application",
            name="public_id",
            field=models.CharField(max_length=16, unique=True, verbose_name="查询编号"),
        ),
        migrations.RunPython(seed_rules, migrations.RunPython.noop),
    ]
