"""Consultations run on the rules clocks (issue 9): the plain due dates become Deadline rows, so a
calendar change recomputes them. Existing consultations get a clock computed from their kind's
rule on their sent date; the old date columns are dropped afterwards. Also: the public
consultation of a decision draft (kind ``public``), with the 重大行政决策 flag."""

import django.db.models.deletion
from django.db import migrations, models

RULES = {
    "third_party": "foi.third_party_consultation_period",
    "agency": "foi.agency_consultation_period",
}


def _rule(RuleRecord, key, region, day):
    chain = []
    node = region
    while node is not None:
        chain.append(node.pk)
        node = node.parent
    records = (
        RuleRecord.objects.filter(key=key, effective_from__lte=day)
        .filter(models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=day))
        .filter(models.Q(jurisdiction__isnull=True) | models.Q(jurisdiction_id__in=chain))
        .order_by("-effective_from", "-id")
    )
    by_level = {}
    for record in records:
        by_level.setdefault(record.jurisdiction_id, record)
    for level in [*chain, None]:
        if level in by_level:
            return by_level[level]
    return None


def forwards(apps, schema_editor):
    from gongkai.orgs.models import Region as CurrentRegion
    from gongkai.rules.clocks import as_aware, compute

    Consultation = apps.get_model("catalog", "Consultation")
    Deadline = apps.get_model("rules", "Deadline")
    RuleRecord = apps.get_model("rules", "RuleRecord")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Consultation.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="catalog", model="consultation")
    for c in Consultation.objects.select_related("item__agency__region").filter(deadline__isnull=True):
        key = RULES.get(c.kind)
        region = c.item.agency.region
        record = _rule(RuleRecord, key, region, c.sent_on) if key else None
        if record is None:
            continue
        start_at = as_aware(c.sent_on)
        result = compute(
            unit="working_days",
            start_at=start_at,
            amount=int(record.value),
            jurisdiction=CurrentRegion.objects.get(pk=region.pk),
            rule_key=key,
            citation=record.citation,
        )
        closed = c.answer != "pending"
        c.deadline = Deadline.objects.create(
            content_type=content_type,
            object_id=str(c.pk),
            title=f"征求意见：{c.party_name}"[:200],
            agency_id=c.item.agency_id,
            handler_id=c.recorded_by_id,
            unit="working_days",
            rule_key=key,
            jurisdiction=region,
            citation=record.citation,
            start_at=start_at,
            amount=int(record.value),
            due_at=result.due_at,
            due_date=result.due_date,
            provisional=result.provisional,
            explanation=result.explanation,
            status="closed" if closed else "open",
            closed_at=result.due_at if closed else None,
        )
        c.save(update_fields=["deadline"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_disclosure_clock"),
        ("rules", "0004_rule_record_corrections"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultation",
            name="deadline",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="rules.deadline",
                verbose_name="答复期限",
            ),
        ),
        migrations.AddField(
            model_name="consultation",
            name="major_decision",
            field=models.BooleanField(default=False, verbose_name="属于重大行政决策"),
        ),
        migrations.AlterField(
            model_name="consultation",
            name="answer",
            field=models.CharField(
                choices=[
                    ("pending", "等待答复"),
                    ("agree", "同意公开"),
                    ("disagree", "不同意公开"),
                    ("silent_consent", "逾期未答复（视为同意）"),
                    ("no_answer", "逾期未答复"),
                    ("closed", "征求意见期满"),
                ],
                default="pending",
                max_length=20,
                verbose_name="答复",
            ),
        ),
        migrations.AlterField(
            model_name="consultation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("third_party", "征求第三方意见"),
                    ("agency", "征求其他机关意见"),
                    ("public", "决策草案公开征求意见"),
                ],
                max_length=20,
                verbose_name="类型",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="consultation", name="due_citation"),
        migrations.RemoveField(model_name="consultation", name="due_on"),
        migrations.RemoveField(model_name="consultation", name="due_provisional"),
    ]
