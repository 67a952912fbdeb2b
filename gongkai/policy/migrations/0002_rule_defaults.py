"""Ship the default records of the rule keys this app adds (see gongkai/policy/rules.py): the blocked
terms that hold a public comment for a moderator's attention. The ``decision.issue_period*`` records
(铜川市 sample) ship with ``gongkai/rules/seed.py``."""

import datetime as dt

from django.db import migrations

# Frozen here as shipped; (key, value, effective_from, effective_to, citation, note).
RECORDS = [
    (
        "policy.comment_blocked_terms",
        {"terms": ["傻逼", "操你", "去死", "法轮", "代开发票", "办证", "赌博", "色情", "枪支"]},
        dt.date(2017, 10, 1),
        None,
        "《互联网跟帖评论服务管理规定》（国家互联网信息办公室，2017年10月1日施行）第九条",
        "平台默认词表，各地可另设本地规则。",
    ),
]


def forwards(apps, schema_editor):
    from gongkai.rules.defaults import RuleDefaults

    RuleDefaults(RECORDS).seed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0001_initial"),
        ("rules", "0002_defaults"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
