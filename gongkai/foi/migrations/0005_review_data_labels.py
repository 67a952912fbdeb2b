"""Rewrite the data of existing reply reviews (template ``foi.reply``) from codes
(``{"outcome": "disclose", "items": {"1": "disclose"}}``) to the Chinese label/value rows that
new reviews store (services.review_data), so that no code reaches the review page."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.foi import replies

    Review = apps.get_model("workflow", "Review")
    RequestedItem = apps.get_model("foi", "RequestedItem")
    for review in Review.objects.filter(template_key="foi.reply"):
        data = review.data or {}
        if not isinstance(data.get("items"), dict) and "outcome" not in data:
            continue
        new = {"拟定办理结果": replies.row_label(data.get("outcome", "")) or str(data.get("outcome", ""))}
        items = {
            str(i.position): i
            for i in RequestedItem.objects.filter(application_id=int(review.object_id)).order_by("position")
        }
        for position, key in (data.get("items") or {}).items():
            item = items.get(str(position))
            name = ((item.title or item.description)[:40]) if item else ""
            rt = replies.reply_type(str(key))
            new[f"第 {position} 项：{name}" if name else f"第 {position} 项"] = rt.label if rt else str(key)
        review.data = new
        review.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("foi", "0004_public_ids_and_rules"),
        ("workflow", "0002_step_section"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
