"""Issue 17, the catalogue at scale: ``produced_year`` (the indexed year of produced_on, for the
portal's year filter) and the maintained facet counts (``FacetCount``), both filled from the
existing items here."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import ExtractYear


def fill_produced_year(apps, schema_editor):
    InformationItem = apps.get_model("catalog", "InformationItem")
    InformationItem.objects.update(produced_year=ExtractYear("produced_on"))


def count_published(apps, schema_editor):
    # As services.facet_counts.facet_counts_rebuild, with the historical models.
    InformationItem = apps.get_model("catalog", "InformationItem")
    FacetCount = apps.get_model("catalog", "FacetCount")
    groups = (
        InformationItem.objects.filter(status="published")
        .order_by()
        .values_list("category_id", "agency_id", "produced_year", "five_disclosure", "attribute")
        .annotate(n=Count("id"))
    )
    FacetCount.objects.bulk_create(
        [
            FacetCount(category_id=c, agency_id=a, year=y, five_disclosure=f or "", attribute=attr, n=n)
            for c, a, y, f, attr, n in groups
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_statutory_kind"),
        ("orgs", "0002_sign_in_throttle"),
        ("rules", "0004_rule_record_corrections"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FacetCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="产生年份")),
                ("five_disclosure", models.CharField(blank=True, max_length=20, verbose_name="五公开")),
                ("attribute", models.CharField(max_length=20, verbose_name="公开形式")),
                ("n", models.IntegerField(default=0, verbose_name="已公开条数")),
            ],
            options={
                "verbose_name": "公开目录分面计数",
                "verbose_name_plural": "公开目录分面计数",
            },
        ),
        migrations.AddField(
            model_name="informationitem",
            name="produced_year",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True, verbose_name="产生年份"),
        ),
        migrations.RunPython(fill_produced_year, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="informationitem",
            index=models.Index(fields=["status", "produced_year", "published_at", "id"], name="catalog_item_year_idx"),
        ),
        migrations.AddField(
            model_name="facetcount",
            name="agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="orgs.agency", verbose_name="发布机构"
            ),
        ),
        migrations.AddField(
            model_name="facetcount",
            name="category",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="catalog.category",
                verbose_name="信息分类",
            ),
        ),
        migrations.AddIndex(
            model_name="facetcount",
            index=models.Index(fields=["year"], name="catalog_facetcount_year_idx"),
        ),
        migrations.AddConstraint(
            model_name="facetcount",
            constraint=models.UniqueConstraint(
                fields=("category", "agency", "year", "five_disclosure", "attribute"), name="catalog_facetcount_key"
            ),
        ),
        migrations.RunPython(count_published, migrations.RunPython.noop),
    ]
