"""Demo letters of the leader mailbox (``settings.DEMO_LOADERS``): routing rules of the county
government's mailbox (its townships by place, the education bureau by subject) and a few fictional
letters in different states — received, routed, answered, rated and published. Idempotent: nothing
is loaded twice."""

from __future__ import annotations

from gongkai.core import clock
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Agency, Region, User

from . import services
from .enums import Action, Kind, Rating
from .models import Letter, RoutingRule

OFFICE = "鄂托克前旗人民政府"

LETTERS = [
    # (title, kind, content, name, phone, steps)
    (
        "敖勒召其镇幸福路路灯不亮",
        Kind.COMPLAINT,
        "敖勒召其镇幸福路的路灯已经坏了两个月，晚上出行不安全，请尽快维修。",
        "演示甲",
        "13900000001",
        "published",
    ),
    (
        "学校门口交通拥堵",
        Kind.SUGGESTION,
        "城关第一小学门口上下学时段交通拥堵，建议增设临时停车区并安排交警疏导。",
        "演示乙",
        "13900000002",
        "routed",
    ),
    (
        "城川镇集市垃圾清运",
        Kind.HELP,
        "城川镇集市散集后垃圾堆放多日无人清运，影响周边居民生活。",
        "演示丙",
        "13900000003",
        "received",
    ),
]


def _user(name: str) -> User | None:
    return User.objects.filter(username=name, is_active=True).first()


def load_demo_interaction() -> dict[str, int]:
    office = Agency.objects.filter(name=OFFICE).first()
    clerk, township_admin, signer = _user("gkbstaff"), _user("township"), _user("townshiphead")
    if office is None or clerk is None or township_admin is None or signer is None:
        return {"interaction_letters": 0}
    if Letter.objects.filter(office=office).exists():
        return {"interaction_letters": 0}
    rules = 0
    if not RoutingRule.objects.filter(office=office).exists():
        for region in Region.objects.filter(parent=office.region):
            unit = org_selectors.agency_list_active().filter(region=region, kind="township").first()
            if unit is not None:
                services.routing_rule_save(actor=clerk, office=office, target=unit, place=region)
                rules += 1
        edu = Agency.objects.filter(name="鄂托克前旗教育局").first()
        if edu is not None:
            services.routing_rule_save(
                actor=clerk, office=office, target=edu, keywords="学校 小学 中学 教育 学生", priority=10
            )
            rules += 1
    created = 0
    for title, kind, content, name, phone, steps in LETTERS:
        letter, _code = services.letter_register(
            actor=clerk,
            office=office,
            channel="hotline_county" if steps == "received" else "counter",
            data=services.LetterInput(
                kind=kind, title=title, content=content, name=name, phone=phone, publish_consent=True
            ),
        )
        created += 1
        if steps == "received":
            continue
        letter = services.letter_transition(actor=clerk, letter=letter, action=Action.ROUTE)
        if steps == "routed":
            continue
        services.letter_transition(actor=township_admin, letter=letter, action=Action.CLAIM)
        services.letter_transition(
            actor=township_admin,
            letter=letter,
            action=Action.DRAFT,
            reply_text="您反映的幸福路路灯问题，我镇已安排维修，现已恢复照明。感谢您对我镇工作的监督。",
        )
        services.letter_transition(actor=township_admin, letter=letter, action=Action.SUBMIT_REVIEW)
        from gongkai.workflow import selectors as review_selectors
        from gongkai.workflow import services as review_services
        from gongkai.workflow.enums import Decision

        review = review_selectors.review_active_for(letter)
        review_services.review_decide(actor=signer, review=review, decision=Decision.APPROVE, comment="同意答复。")
        letter = Letter.objects.get(pk=letter.pk)
        services.letter_rate(letter=letter, rating=Rating.SATISFIED)
        services.return_visit_record(
            actor=clerk,
            letter=letter,
            method="phone",
            visited_on=clock.today(),
            result="satisfied",
            note="来信人表示满意。",
        )
        services.letter_publish(actor=clerk, letter=Letter.objects.get(pk=letter.pk))
    return {"interaction_letters": created, "interaction_routing_rules": rules}
