"""Corrections to the shipped rule records (issue 9), applied to existing databases too.

- Values taken from the sample local documents of 铜川市 (seed 002), 北京市 (seed 003) and
  鄂托克前旗 (seed 004) were shipped as national defaults: they become the local profiles of
  those jurisdictions (as 祥云县's are).
- ``press.online_interviews_*``: the duty is in item 5 of seed 000, not item 4.
- ``participation.consultation_min_period_major``: 30 days for major administrative decisions
  (《重大行政决策程序暂行条例》 art. 15, in force 2019-09-01).

A record is moved only while it still carries the shipped citation (one a person changed is
left alone); then the shipped records missing from the database are added (idempotent).
"""

from django.db import migrations

from gongkai.rules import seed

OLD_BEIJING = "北京市人民政府办公厅关于进一步加强政府信息公开工作的通知（2014年2月19日）"
OLD_000 = "样例文件000（省政府贯彻国办发〔2013〕100号的实施意见）"

# (key, old citation, new jurisdiction code, new citation)
MOVED = [
    ("decision.issue_period", seed.TONGCHUAN, "610200", seed.TONGCHUAN),
    ("decision.issue_period_major_revision", seed.TONGCHUAN, "610200", seed.TONGCHUAN),
    ("participation.consultation_min_period", seed.TONGCHUAN, "610200", seed.TONGCHUAN),
    (
        "training.min_class_hours",
        "鄂前政办发〔2018〕96号 附件5 第七条",
        "150623",
        "鄂前政办发〔2018〕96号 附件5 第七条",
    ),
    ("newmedia.min_gov_info_share", f"{OLD_BEIJING}一(三)", "110000", f"{seed.BEIJING}一(三)"),
    *[
        (key, f"{OLD_BEIJING}一(一)；样例文件000 第2条", "110000", f"{seed.BEIJING}一(一)")
        for key in (
            "press.min_conferences_per_quarter",
            "press.head_attendance_per_year",
            "press.spokesperson_attendance_per_quarter",
        )
    ],
]
RECITED = [
    ("press.online_interviews_government_per_year", f"{OLD_000}第4条", f"{OLD_000}第5条"),
    ("press.online_interviews_department_per_year", f"{OLD_000}第4条", f"{OLD_000}第5条"),
]


def forwards(apps, schema_editor):
    RuleRecord = apps.get_model("rules", "RuleRecord")
    regions = seed.seed_regions(apps)
    for key, old_citation, code, new_citation in MOVED:
        for record in RuleRecord.objects.filter(key=key, jurisdiction__isnull=True, citation=old_citation):
            record.jurisdiction = regions[code]
            record.citation = new_citation
            record.note = seed.LOCAL_NOTE
            record.save(update_fields=["jurisdiction", "citation", "note"])
    for key, old_citation, new_citation in RECITED:
        RuleRecord.objects.filter(key=key, citation=old_citation).update(citation=new_citation)
    seed.seed_rule_records(apps, regions)


class Migration(migrations.Migration):
    dependencies = [("rules", "0003_deadline_unit_days"), ("orgs", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
