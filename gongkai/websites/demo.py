"""Demo register and monitoring for 鄂托克前旗教育局 (loaded by ``manage.py load_demo`` after the
organisations). Fictional accounts and posts, written for the demo, go in through the services:

- the bureau's website (registered as running; its address is a reserved ``.invalid`` name, so the
  link checker is not run on it);
- its WeChat account, running, whose posts (relative to the day of loading) include a day with
  fewer than 60 % government information and stop 16 days ago (the two-week rule);
- a Weibo account waiting for its opening review (the leader and the disclosure office decide).

The share rule has no national default (the 60 % is Beijing's local profile, issue 9), so that the
demo shows the below-share story, 鄂托克前旗 gets a LOCAL share record marked as demo data
(“演示数据：本地规则示例”, the value copied from Beijing's sample record), created through the rules
services by the county's disclosure office head, only when no share rule applies there yet.

Idempotent: nothing is loaded when the WeChat account is already registered.
"""

from __future__ import annotations

import datetime as dt

from gongkai.core import clock
from gongkai.orgs.models import Agency, User
from gongkai.rules import services as rule_services
from gongkai.rules.selectors import rule_value_or_none

from . import checks, services
from .enums import ChangeKind, ChangeReason, Status
from .models import Account
from .rules import SHARE_KEY

DEMO_RULE_CITATION = "演示数据：本地规则示例（非真实文件，数值参照北京市样例）"
DEMO_RULE_NOTE = "演示数据：本地规则示例。仅供演示，请按本地文件修改或删除。"

WECHAT_ID = "etkqq_jiaoyu_demo"
GOV_TITLES = [
    "关于做好2024年秋季学期中小学开学工作的通知",
    "旗教育局召开校园安全工作部署会议",
    "关于公布义务教育阶段学校招生范围的公告",
    "旗教育局关于开展教师资格认定工作的通知",
    "关于印发《中小学课后服务工作实施方案》的通知",
]
OTHER_TITLES = ["秋天来了，带孩子去草原看看吧", "周末亲子阅读书单推荐", "这些美食你吃过吗"]


def _rows(today: dt.date) -> list[dict]:
    rows: list[dict] = []
    n = 0
    for back in range(30, 15, -1):  # the last post 16 days ago
        day = today - dt.timedelta(days=back)
        gov, other = (1, 2) if back == 20 else (2, 1) if back % 3 == 0 else (2, 0)
        for i in range(gov):
            n += 1
            rows.append(
                {"id": f"demo-{n}", "title": GOV_TITLES[n % len(GOV_TITLES)], "published_at": f"{day} 09:{i:02d}"}
            )
        for i in range(other):
            n += 1
            rows.append(
                {"id": f"demo-{n}", "title": OTHER_TITLES[n % len(OTHER_TITLES)], "published_at": f"{day} 18:{i:02d}"}
            )
    return rows


def _demo_share_rule(agency: Agency, since: dt.date) -> int:
    """A local share record for the demo jurisdiction (demo data), unless a share rule applies there."""
    region = agency.region
    if region is None or rule_value_or_none(SHARE_KEY, region, since) is not None:
        return 0
    sample = rule_value_or_none(SHARE_KEY, "110000", since)  # Beijing's sample profile (seed 003)
    users = {u.username: u for u in User.objects.filter(username__in=["gkbhead", "admin"])}
    editor = users.get("gkbhead") or users.get("admin")  # the county's disclosure office head
    if sample is None or editor is None:
        return 0
    rule_services.rule_record_create(
        actor=editor,
        key=SHARE_KEY,
        jurisdiction=region,
        value=sample.value,
        effective_from=since,
        citation=DEMO_RULE_CITATION,
        note=DEMO_RULE_NOTE,
    )
    return 1


def load_demo_websites() -> dict[str, int]:
    if Account.objects.filter(identifier=WECHAT_ID).exists():
        return {"websites_accounts": 0, "websites_posts": 0, "websites_demo_rules": 0}
    admin = User.objects.filter(username="unitadmin").first()
    edu = Agency.objects.filter(name="鄂托克前旗教育局").first()
    if admin is None or edu is None:
        return {"websites_accounts": 0, "websites_posts": 0, "websites_demo_rules": 0}
    today = clock.today()
    opened = today - dt.timedelta(days=400)
    rules_created = _demo_share_rule(edu, opened)
    services.account_register(
        actor=admin,
        agency=edu,
        data={
            "platform": "website",
            "name": "鄂托克前旗教育局网站",
            "identifier": "https://jyj.etkqq.example.invalid/",
            "person_responsible": "王丽",
            "contact": "0477-0000000",
        },
        existing=True,
        opened_on=opened,
    )
    wechat = services.account_register(
        actor=admin,
        agency=edu,
        data={
            "platform": "wechat",
            "name": "鄂托克前旗教育（演示）",
            "identifier": WECHAT_ID,
            "person_responsible": "王丽",
            "filing_number": "演示备案2019001号",
            "filed_on": (today - dt.timedelta(days=380)).isoformat(),
        },
        existing=True,
        opened_on=opened,
    )
    weibo = services.account_register(
        actor=admin,
        agency=edu,
        data={
            "platform": "weibo",
            "name": "鄂托克前旗教育发布（演示）",
            "identifier": "etkqq_jiaoyu_weibo_demo",
            "person_responsible": "李明",
        },
    )
    if weibo.status == Status.PENDING:
        services.change_request(
            actor=admin,
            account=weibo,
            kind=ChangeKind.OPEN,
            reason=ChangeReason.DUTY_NEED,
            explanation="发布招生、资助等教育政策信息。",
        )
    result = services.posts_ingest(actor=admin, account=wechat, rows=_rows(today))
    checks.run_checks(actor=None, account=wechat, start=today - dt.timedelta(days=31), end=today)
    return {"websites_accounts": 3, "websites_posts": result["created"], "websites_demo_rules": rules_created}
