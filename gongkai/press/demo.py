"""Demo data of news release (settings.DEMO_LOADERS): idempotent, returns counts.

鄂托克前旗教育局 files its spokesperson and liaison with the county news office, and holds an
approved press conference (planned by the unit administrator, approved by the news office and the
leader in charge) whose transcript is published; an online interview with the county head is
announced with one approved question.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.core import clock
from gongkai.orgs.models import Agency, User
from gongkai.workflow import selectors as review_selectors
from gongkai.workflow import services as review_services
from gongkai.workflow.enums import Decision

from . import services
from .enums import PersonRole
from .models import Conference, Interview, SpokespersonFiling

DEMO_TOPIC = "2026年秋季学期义务教育招生入学工作新闻发布会"
DEMO_INTERVIEW = "旗长在线访谈：推进义务教育优质均衡发展"


def _approve_all(review_target, deciders: list[User]) -> None:
    for user in deciders:
        review = review_selectors.review_active_for(review_target)
        if review is None:
            return
        review_services.review_decide(actor=user, review=review, decision=Decision.APPROVE, comment="同意。")


@transaction.atomic
def load_demo_press() -> dict[str, int]:
    created = {"filings": 0, "conferences": 0, "interviews": 0}
    edu = Agency.objects.filter(name="鄂托克前旗教育局").first()
    gov = Agency.objects.filter(name="鄂托克前旗人民政府").first()
    users = {
        u.username: u for u in User.objects.filter(username__in=["unitadmin", "newsoffice", "leader", "spokesperson"])
    }
    if edu is None or gov is None or len(users) < 4:
        return created
    today = clock.today()
    if not SpokespersonFiling.objects.filter(agency=edu).exists():
        for role, name, title in (
            (PersonRole.SPOKESPERSON, "褚云", "副局长"),
            (PersonRole.LIAISON, "高原", "办公室副主任"),
        ):
            f = services.filing_create(
                actor=users["unitadmin"],
                agency=edu,
                role=role,
                name=name,
                title=title,
                office_phone="0477-7621234",
                since=dt.date(today.year, 1, 1),
            )
            services.filing_submit(actor=users["unitadmin"], filing=f)
            _approve_all(f, [users["newsoffice"]])
            created["filings"] += 1
    if not Conference.objects.filter(agency=edu, topic=DEMO_TOPIC).exists():
        held = clock.now() - dt.timedelta(days=3)
        c = services.conference_plan(
            actor=users["unitadmin"],
            agency=edu,
            topic=DEMO_TOPIC,
            planned_at=held,
            place="旗政府新闻发布厅",
            speakers="褚云（教育局副局长、新闻发言人）",
            invited_media="鄂尔多斯日报、鄂托克前旗融媒体中心",
            talking_points="一、招生政策总体稳定；二、公办学校划片入学；三、随迁子女入学保障。",
            qa_preparation="学区划分调整的依据；随迁子女需提交的材料。",
            risk_assessment="学区调整可能引发部分家长关注，已准备解读材料和咨询电话。",
            risk_level="低",
        )
        services.conference_submit(actor=users["unitadmin"], conference=c)
        _approve_all(c, [users["newsoffice"], users["leader"]])
        services.conference_announce(actor=users["unitadmin"], conference=c)
        services.conference_hold(actor=users["unitadmin"], conference=c, held_at=held, spokesperson_attended=True)
        services.conference_publish(
            actor=users["unitadmin"],
            conference=c,
            transcript="主持人：各位记者朋友，上午好！今天我们召开新闻发布会，介绍今年秋季学期义务教育招生入学工作……",
        )
        created["conferences"] += 1
    if not Interview.objects.filter(agency=gov, title=DEMO_INTERVIEW).exists():
        i = services.interview_plan(
            actor=users["newsoffice"],
            agency=gov,
            title=DEMO_INTERVIEW,
            guest="旗长",
            scheduled_at=clock.now() + dt.timedelta(days=7),
            summary="围绕义务教育优质均衡发展回答网民提问。",
        )
        q = services.question_submit(interview=i, asker="家长小王", text="新建学校什么时候投入使用？")
        services.question_moderate(actor=users["newsoffice"], question=q, approve=True)
        created["interviews"] += 1
    return created
