"""Give every existing application a random public identifier (the portal's and the API's key
instead of the sequential tracking number), then make it required and unique; ship the default
records of the rule keys added since 0002 (see gongkai/foi/rules.py)."""

import secrets

import datetime as dt

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


# The default records this migration ships, frozen here as they are (a migration does not import
# the app's code, which changes); (key, value, effective_from, effective_to, citation, note).
RECORDS = [
    (
        "foi.mass_delay_period",
        20,
        dt.date(2019, 5, 15),
        None,
        "《政府信息公开条例》（2019年修订，国务院令第711号）第三十五条（延迟答复的合理期限）",
        "全国无统一规定；平台默认值，各地可按本地规定另设本地规则。",
    ),
]


def seed_rules(apps, schema_editor):
    from gongkai.rules.defaults import RuleDefaults

    RuleDefaults(RECORDS).seed(apps)


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
