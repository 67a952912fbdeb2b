"""The keyword-length rule is 鄂托克前旗's (鄂前政办发〔2018〕96号 of 2018-11-05), not a national
default from 2008: move the shipped record on existing databases (issue 9)."""

from django.db import migrations

from gongkai.catalog.defaults import KEYWORD_RULE, KEYWORD_RULE_REGION, seed


def forwards(apps, schema_editor):
    from gongkai.rules.seed import seed_regions

    RuleRecord = apps.get_model("rules", "RuleRecord")
    region = seed_regions(apps)[KEYWORD_RULE_REGION]
    shipped = RuleRecord.objects.filter(
        key=KEYWORD_RULE["key"], jurisdiction__isnull=True, citation=KEYWORD_RULE["citation"]
    )
    if not RuleRecord.objects.filter(key=KEYWORD_RULE["key"], jurisdiction=region).exists():
        for record in shipped[:1]:
            record.jurisdiction = region
            record.effective_from = KEYWORD_RULE["effective_from"]
            record.note = KEYWORD_RULE["note"]
            record.save(update_fields=["jurisdiction", "effective_from", "note"])
    shipped.delete()
    seed(apps)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_portal_indexes"), ("rules", "0004_rule_record_corrections")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
