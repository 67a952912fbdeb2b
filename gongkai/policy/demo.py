"""Demo data of the policy lifecycle (``settings.DEMO_LOADERS``): an expert in the library, a major
administrative decision out for comment (with citizens' comments, one shown after moderation) and a
normative document that went the whole way — submitted, returned (退文) for lacking its interpretation
plan, resubmitted, signed off, issued and published in the catalogue with its interpretation.

Idempotent: each piece is found by its title or name and created only when missing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.catalog import interface as catalog_interface
from gongkai.core import clock
from gongkai.orgs.models import Agency
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_decide

from . import services
from .enums import CommentStatus, InterpretationForm, PolicyKind, PolicyState
from .models import Expert, Policy

MAJOR_TITLE = "鄂托克前旗中小学校布局调整方案（征求意见稿）"
NORMATIVE_TITLE = "鄂托克前旗校外培训机构收费管理办法"
DRAFT = (
    "第一条 为规范校外培训机构收费行为，保障学生和家长合法权益，制定本办法。\n"
    "第二条 本办法适用于本旗行政区域内面向中小学生的校外培训机构。\n"
    "第三条 培训机构应当在经营场所和网络平台显著位置公示收费项目和标准。\n"
    "第四条 培训机构一次性收取费用的时间跨度不得超过三个月。"
)


def _users() -> dict:
    User = get_user_model()
    names = ["unitadmin", "sectionhead", "gkbstaff", "leader"]
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _demo_expert(edu, drafter, today):
    """The expert library entry the normative document's interpretation cites."""
    return services.expert_save(
        actor=drafter,
        agency=edu,
        name="高文博",
        title="教授",
        field="教育政策与管理",
        affiliation="内蒙古师范大学教育科学学院",
        contact="13904770001",
        filed_on=today,
    )


def _demo_major(edu, drafter, today) -> None:
    """A major decision out for public consultation, with two comments (one shown)."""
    major = services.policy_create(
        actor=drafter,
        agency=edu,
        kind=PolicyKind.MAJOR_DECISION,
        title=MAJOR_TITLE,
        draft_text="第一条 撤并生源不足的教学点三个。\n第二条 新建旗第三小学一所。\n第三条 调整后的学区划分见附表。",
        explanation="为优化教育资源配置，教育局起草了本方案。",
        basis="《中华人民共和国义务教育法》",
        show_comments=True,
    )
    major = services.consultation_open(
        actor=drafter, policy=major, starts_on=today, ends_on=today + dt.timedelta(days=31)
    )
    first = services.comment_submit(
        policy=major, body="建议第一条撤并教学点时保留校车接送。", article="第一条", name="张建国", ip="demo-1"
    )
    services.comment_submit(policy=major, body="支持新建第三小学，建议尽快开工。", article="第二条", ip="demo-2")
    services.comment_moderate(actor=drafter, comment=first, status=CommentStatus.SHOWN)


def _demo_normative(edu, expert, drafter, head, office, leader, today) -> None:
    """A normative document taken through 退文, submission, sign-off and issue to release."""
    p = services.policy_create(
        actor=drafter,
        agency=edu,
        kind=PolicyKind.NORMATIVE,
        title=NORMATIVE_TITLE,
        draft_text=DRAFT,
        explanation="针对群众反映的预收费风险，起草本办法。",
        basis="《国务院办公厅关于规范校外培训机构发展的意见》",
        disclosure_attribute="active",
        consultation_record="已书面征求各苏木镇和培训机构代表意见，共收到意见12条，采纳9条。",
    )
    services.policy_submit(actor=drafter, policy=p)  # returned: no interpretation plan (退文)
    p = services.policy_update(
        actor=drafter,
        policy=p,
        plan_outline="一、制定背景；二、主要内容；三、家长关心的问题",
        plan_forms=[InterpretationForm.QA, InterpretationForm.EXPERT],
        plan_channels="政府网站政策解读栏目、政务微信",
        plan_timing="与文件同步发布",
        plan_background="全旗现有面向中小学生的校外培训机构46家。",
        materials="问答稿、专家解读稿各一份",
    )
    services.interpretation_add(
        actor=drafter,
        policy=p,
        form=InterpretationForm.QA,
        title="《校外培训机构收费管理办法》问答",
        body="问：一次最多可以预交多长时间的培训费？\n答：不得超过三个月。",
    )
    services.interpretation_add(
        actor=drafter,
        policy=p,
        form=InterpretationForm.EXPERT,
        title="专家解读：让校外培训收费更透明",
        body="高文博教授认为，公示和预收费期限两项规定抓住了群众最关心的问题。",
        expert=expert,
    )
    services.policy_submit(actor=drafter, policy=p)
    p.refresh_from_db()
    services.submission_accept(actor=office, policy=p, meeting_on=today)
    p.refresh_from_db()
    review = review_active_for(p)
    review_decide(actor=office, review=review, decision="approve")
    review_decide(actor=leader, review=review, decision="approve")
    p.refresh_from_db()
    p = services.policy_issue(
        actor=drafter, policy=p, document_number="鄂前教发〔2026〕8号", issued_on=today, keywords="校外培训 收费"
    )
    item_review = catalog_interface.publication_review_id(p.catalog_item_id)
    if item_review is not None:
        review_decide(actor=head, review=item_review, decision="approve")
        review_decide(actor=office, review=item_review, decision="approve", data={"conclusion": "public"})
        review_decide(actor=leader, review=item_review, decision="approve")
    p.refresh_from_db()
    assert p.state == PolicyState.RELEASED, p.state


@transaction.atomic
def load_demo_policy() -> dict[str, int]:
    created = {"experts": 0, "policies": 0, "comments": 0, "interpretations": 0}
    edu = Agency.objects.filter(name="鄂托克前旗教育局").first()
    users = _users()
    if edu is None or len(users) < 4:
        return created
    drafter, head, office, leader = users["unitadmin"], users["sectionhead"], users["gkbstaff"], users["leader"]
    today = clock.today()
    expert = Expert.objects.filter(agency=edu, name="高文博").first()
    if expert is None:
        expert = _demo_expert(edu, drafter, today)
        created["experts"] = 1
    if not Policy.objects.filter(title=MAJOR_TITLE).exists():
        _demo_major(edu, drafter, today)
        created["policies"] += 1
        created["comments"] += 2
    if not Policy.objects.filter(title=NORMATIVE_TITLE).exists():
        _demo_normative(edu, expert, drafter, head, office, leader, today)
        created["policies"] += 1
        created["interpretations"] += 2
    return created
