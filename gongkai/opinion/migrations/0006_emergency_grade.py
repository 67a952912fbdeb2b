"""Issue 9: the 5 h / 24 h clocks are for 特别重大、重大突发事件 only (国办发〔2016〕61号 三, 80号 三(四)).

The event gets the emergency grade a person classifies, and existing databases get the dated, cited
record of ``opinion.major_emergency_grades`` (``RuleDefaults.seed`` adds the missing records only).
Open clocks started by warning colour are switched by ``response_sweep`` (audited, through the
services), not here.
"""

import django.db.models.deletion
from django.conf import settings
import datetime as dt

from django.db import migrations, models


# The default records this migration ships, frozen here as they are (a migration does not import
# the app's code, which changes); (key, value, effective_from, effective_to, citation, note).
RECORDS = [
    (
        "opinion.major_emergency_grades",
        {"grades": ["particularly_serious", "serious"]},
        dt.date(2016, 8, 12),
        None,
        "国办发〔2016〕61号 三；国办发〔2016〕80号 三(四)；《突发事件应对法》第三条（分级）",
        "仅经人工定级为特别重大、重大突发事件的政务舆情适用 5 小时 / 24 小时时限，不以预警颜色代替定级。",
    ),
]


def forwards(apps, schema_editor):
    from gongkai.rules.defaults import RuleDefaults

    RuleDefaults(RECORDS).seed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("opinion", "0005_risk_assessment"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="emergency_grade",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "未定级"),
                    ("none", "不属于突发事件"),
                    ("particularly_serious", "特别重大突发事件"),
                    ("serious", "重大突发事件"),
                    ("larger", "较大突发事件"),
                    ("general", "一般突发事件"),
                ],
                default="",
                max_length=24,
                verbose_name="突发事件等级",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="emergency_grade_reason",
            field=models.TextField(blank=True, verbose_name="定级理由"),
        ),
        migrations.AddField(
            model_name="event",
            name="emergency_graded_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="定级时间"),
        ),
        migrations.AddField(
            model_name="event",
            name="emergency_graded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="定级人",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
