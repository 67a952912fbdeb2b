"""Demo public opinion for 鄂托克前旗 (loaded by ``manage.py load_demo`` after the organisations).

Fictional posts, written for the demo (no real person or incident), go in through the same path
as a vendor's export — ``services.ingest_records`` on a source, matched by a monitoring plan,
judged by the shipped models, grouped into events and levelled by the rules. Their times are set
relative to the moment of loading so the dashboard shows a live picture:

- a flash flood at 敖勒召其镇 (emergency, many posts and a news report), which the opinion monitor
  classifies as a 重大突发事件 and raises to red with a reason (as a person may, audited): it is
  routed to the township with the 5 h / 24 h clocks of major emergencies running (the grade, not the
  colour, calls for them), waiting for the township to claim it (account ``township``);
- a complaint about water cuts at 城川镇 (several posts), left at the level the rules give;
- a rumour about 上海庙镇 school closures, and some unrelated posts the plan does not catch.

Idempotent: the demo source is found by its name; if it exists nothing is loaded again.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.core import clock
from gongkai.orgs.models import Agency, User

from . import services
from .enums import EmergencyGrade, SourceKind, WarningLevel
from .models import Event, MonitoringPlan, Source
from .response.services import event_grade_emergency

SOURCE_NAME = "演示：监测服务商数据导出"
PLAN_NAME = "鄂托克前旗 民生与突发事件"
PLAN_EXPRESSION = """# 地点词、事件词、排除词
@地点 = 鄂托克前旗 / 敖勒召其镇 / 敖勒召其 / 城川镇 / 上海庙镇 / 昂素镇
@事件 = 山洪 / 洪水 / 暴雨 / 被困 / 停水 / 断水 / 没水 / 学校 / 停课 / 食堂 / 拆迁 / 补偿
@地点 @事件 NOT (演练 OR 测试)"""

FLOOD = [
    "敖勒召其镇突发山洪，镇区东边好几户人家被困，求救援！",
    "敖勒召其镇暴雨引发山洪，桥被冲断了，大家绕行",
    "刚刚敖勒召其镇山洪，有车辆被冲走，不知道人有没有事，太吓人了",
    "敖勒召其镇洪水进了村，救援怎么还没到？有没有人管",
    "转发扩散：敖勒召其镇山洪，有老人被困在家里，联系不上",
    "鄂托克前旗敖勒召其镇山洪，听说有人失踪，政府赶紧公布情况",
    "敖勒召其镇这次暴雨太大了，山洪下来农田全淹了",
    "敖勒召其镇山洪现场视频，水已经漫过公路",
]
WATER = [
    "城川镇又停水了，三天没水，也没有任何通知",
    "城川镇停水什么时候恢复？孩子上学都没法洗漱",
    "城川镇断水好几天了，打热线也没人说清楚原因",
    "城川镇这次停水影响太大了，希望尽快通知恢复时间",
]
RUMOUR = [
    "听说上海庙镇所有学校明天起停课一个月，是真的吗？",
    "上海庙镇学校停课的消息有人核实过吗？",
]
OTHER = [
    "今天天气不错，适合出去走走",
    "推荐一家羊肉馆，味道很好",
]


def _rows(now: dt.datetime) -> list[dict]:
    rows: list[dict] = []

    def add(prefix: str, texts: list[str], copies: int, start_minutes: int, step: int, kind: str = "post") -> None:
        n = 0
        for copy in range(copies):
            for text in texts:
                at = now - dt.timedelta(minutes=start_minutes - n * step)
                rows.append(
                    {
                        "id": f"demo-{prefix}-{n}",
                        "kind": kind,
                        "text": text if copy == 0 else f"{text}（{copy}）",
                        "author": f"网友{(n * 37) % 997:03d}",
                        "published_at": at.isoformat(),
                        "reposts": (n * 7) % 50,
                        "comments": (n * 3) % 20,
                        "likes": (n * 11) % 100,
                    }
                )
                n += 1

    add("flood", FLOOD, 8, 90, 1)
    rows.append(
        {
            "id": "demo-flood-news",
            "kind": "news",
            "title": "鄂托克前旗敖勒召其镇遭遇强降雨引发山洪",
            "text": "记者从现场了解到，敖勒召其镇遭遇强降雨，局部发生山洪，部分道路中断，救援力量正在赶赴现场。",
            "author": "鄂尔多斯新闻网",
            "published_at": (now - dt.timedelta(minutes=40)).isoformat(),
            "url": "https://news.example.org/eqq/flood",
            "reposts": 120,
            "comments": 45,
        }
    )
    add("water", WATER, 2, 600, 20)
    add("rumour", RUMOUR, 3, 300, 15)
    add("other", OTHER, 1, 200, 30)
    return rows


def load_demo_opinion() -> dict[str, int]:
    if Source.objects.filter(name=SOURCE_NAME).exists():
        return {"opinion_events": 0}
    admin = User.objects.filter(username="admin").first()
    monitor = User.objects.filter(username="monitor").first()
    gov = Agency.objects.filter(name="鄂托克前旗人民政府").first()
    if admin is None or monitor is None or gov is None:
        return {"opinion_events": 0}
    now = clock.now()
    with transaction.atomic():
        source = services.source_create(
            actor=admin,
            agency=gov,
            name=SOURCE_NAME,
            kind=SourceKind.WEIBO,
            description="演示用虚构数据（不涉及真实人物和事件），经与监测服务商导出文件相同的接入路径导入。",
        )
        if not MonitoringPlan.objects.filter(agency=gov, name=PLAN_NAME).exists():
            services.plan_create(actor=admin, agency=gov, name=PLAN_NAME, expression=PLAN_EXPRESSION)
    before = Event.objects.count()
    services.ingest_records(source=source, rows=_rows(now), channel="api", actor=admin)
    flood = Event.objects.filter(title__contains="敖勒召其镇").order_by("-volume").first()
    if flood is not None and not flood.emergency_grade:
        # A person classifies the emergency (the warning colour alone does not start the 5 h / 24 h
        # clocks): the county's opinion monitor, a coordinator, grades it 重大突发事件.

        event_grade_emergency(
            actor=monitor,
            event=flood,
            grade=EmergencyGrade.SERIOUS,
            reason="演示：山洪致多户群众被困、有人员失联，道路桥梁中断，经研判属重大突发事件。",
        )
    if flood is not None and flood.level != WarningLevel.RED:
        services.event_set_level(
            actor=monitor,
            event=flood,
            level=WarningLevel.RED,
            reason="演示：山洪致群众被困、有人员失联传言，媒体已报道，属重大突发事件，人工研判为红色预警。",
        )
    return {"opinion_events": Event.objects.count() - before}
