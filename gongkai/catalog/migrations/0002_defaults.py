"""Shipped defaults: the nine categories of seed 004 附件1 and the keyword-length rule."""

from django.db import migrations

from gongkai.catalog.defaults import KEYWORD_RULE, seed


def unseed(apps, schema_editor):
    apps.get_model("rules", "RuleRecord").objects.filter(key=KEYWORD_RULE["key"], jurisdiction__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial"), ("rules", "0002_defaults")]
    operations = [migrations.RunPython(seed, unseed)]
