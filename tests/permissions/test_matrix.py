"""Generated from the permission matrix (gongkai/orgs/matrix.py): for every object × operation,
every role held at the object's own unit and at the unit above it, a system administrator and an
anonymous visitor ask the real check of the app (a selector, a ``permissions`` function, a service
or a page). Allowed cases succeed; denied cases are refused and, for the writes, change nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from gongkai.annual import permissions as annual_permissions
from gongkai.audit.selectors import audit_event_list_visible_to
from gongkai.audit.services import audit_log
from gongkai.catalog import permissions as catalog_permissions
from gongkai.catalog import selectors as catalog_selectors
from gongkai.catalog import services as catalog_services
from gongkai.catalog.models import Category, DisclosureGuide, InformationItem
from gongkai.core import clock
from gongkai.core.errors import PermissionDenied
from gongkai.foi import permissions as foi_permissions
from gongkai.foi import selectors as foi_selectors
from gongkai.foi import services as foi_services
from gongkai.foi.enums import Channel
from gongkai.foi.models import Application
from gongkai.foi.services import ItemInput
from gongkai.opinion import permissions as opinion_permissions
from gongkai.opinion.models import Event
from gongkai.opinion.response import permissions as response_permissions
from gongkai.opinion.response import selectors as response_selectors
from gongkai.orgs import matrix
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import services as org_services
from gongkai.orgs.enums import AgencyKind, Role
from gongkai.orgs.models import Section
from gongkai.press import permissions as press_permissions
from gongkai.rules import permissions as rules_permissions
from tests.factories import AgencyFactory, UserFactory, grant
from tests.foi.conftest import make_input

pytestmark = pytest.mark.django_db

_counter = itertools.count()


@dataclass
class World:
    city_gov: Any
    county_gov: Any
    department: Any
    application: Application
    item: InformationItem
    event: Event
    audit_row: Any


@pytest.fixture
def world(county, county_gov, department, settings) -> World:
    settings.GONGKAI_DATA_KEY = "00112233445566778899aabbccddeeff"
    from tests.rule_defaults import ensure_rule_defaults

    ensure_rule_defaults("foi")
    city_gov = AgencyFactory(name="鄂尔多斯市人民政府", kind=AgencyKind.GOVERNMENT, region=county.parent)
    county_gov.parent = city_gov
    county_gov.save()
    handler = UserFactory(username="world-handler")
    grant(handler, Role.UNIT_ADMIN, department)
    app, _code = foi_services.application_register(
        actor=handler,
        agency=department,
        channel=Channel.IN_PERSON,
        data=make_input(),
        submitted_on=clock.today(),
    )
    item = catalog_services.item_create(actor=handler, agency=department, **_item_fields())
    now = clock.now()
    event = Event.objects.create(title="某地积水", first_seen_at=now, last_seen_at=now)
    row = audit_log(actor=handler, event="orgs.agency.updated", target=department)
    org_permissions.clear_cache(handler)
    return World(city_gov, county_gov, department, app, item, event, row)


def _item_fields() -> dict:
    return {
        "title": f"关于做好招生工作的通知（{next(_counter)}）",
        "document_number": "",
        "produced_on": dt.date(2026, 8, 3),
        "keywords": "招生",
        "category": Category.objects.get(code="02"),
        "five_disclosure": "service",
        "description": "招生工作安排。",
        "body_html": "<p>招生报名时间为8月10日至8月20日。</p>",
    }


def _raises_denied(fn: Callable[[], Any], count: Callable[[], int]) -> bool:
    """Run a write. True if it went through; False if refused with PermissionDenied and nothing changed."""
    before = count()
    try:
        fn()
    except PermissionDenied:
        assert count() == before, "a refused write changed something"
        return False
    assert count() == before + 1, "an allowed write did not happen"
    return True


def _page(url_name: str) -> Callable[[Any, World], bool]:
    def probe(user, w: World) -> bool:
        client = Client()
        if getattr(user, "is_authenticated", False):
            client.force_login(user)
        status = client.get(reverse(url_name)).status_code
        assert status in (200, 302, 403), status
        return status == 200

    return probe


def _foi_register(user, w: World) -> bool:
    return _raises_denied(
        lambda: foi_services.application_register(
            actor=user,
            agency=w.department,
            channel=Channel.IN_PERSON,
            data=make_input(items=[ItemInput(description=f"第{next(_counter)}号文件", title="文件")]),
            submitted_on=clock.today(),
        ),
        Application.objects.count,
    ) and foi_permissions.can_handle(user, w.application)


def _catalog_create(user, w: World) -> bool:
    return _raises_denied(
        lambda: catalog_services.item_create(actor=user, agency=w.department, **_item_fields()),
        InformationItem.objects.count,
    )


def _guide_edit(user, w: World) -> bool:
    def count() -> int:
        return DisclosureGuide.objects.filter(agency=w.department, phone__startswith="0477").count()

    DisclosureGuide.objects.filter(agency=w.department).update(phone="")
    return _raises_denied(
        lambda: catalog_services.guide_save(actor=user, agency=w.department, phone="0477-1234567"), count
    )


def _section_create(user, w: World) -> bool:
    return _raises_denied(
        lambda: org_services.section_create(actor=user, agency=w.department, name=f"科室{next(_counter)}"),
        Section.objects.count,
    )


def _redaction_add(user, w: World) -> bool:
    from gongkai.catalog.enums import WithholdGround
    from gongkai.catalog.models import Redaction

    return _raises_denied(
        lambda: catalog_services.redaction_add(
            actor=user, item=w.item, passage="招生报名时间为8月10日至8月20日。", ground=WithholdGround.STATE_SECRET
        ),
        Redaction.objects.count,
    )


def _plan_create(user, w: World) -> bool:
    from gongkai.opinion import services as opinion_services
    from gongkai.opinion.models import MonitoringPlan

    return _raises_denied(
        lambda: opinion_services.plan_create(
            actor=user, agency=w.department, name=f"方案{next(_counter)}", expression="积水"
        ),
        MonitoringPlan.objects.count,
    )


def _both(*checks: Callable[[Any, World], bool]) -> Callable[[Any, World], bool]:
    def probe(user, w: World) -> bool:
        answers = {check(user, w) for check in checks}
        assert len(answers) == 1, "two checks of the same permission disagree"
        return answers.pop()

    return probe


# The object of each row lives at ``department`` (own unit) below ``county_gov`` (the unit above),
# except where the object is a government's: then own = county_gov, above = city_gov.
PROBES: dict[tuple[str, str], Callable[[Any, World], bool]] = {
    ("foi.application", "view"): _both(
        lambda u, w: foi_selectors.application_list_visible_to(u).filter(pk=w.application.pk).exists(),
        lambda u, w: foi_permissions.can_view(u, w.application),
    ),
    ("foi.application", "handle"): _foi_register,
    ("foi.application", "approve"): lambda u, w: foi_permissions.can_approve_extension(u, w.application),
    ("foi.personal_data", "view"): lambda u, w: foi_permissions.can_see_personal_data(u, w.application),
    ("catalog.item", "view"): lambda u, w: catalog_selectors.item_list_visible_to(u).filter(pk=w.item.pk).exists(),
    ("catalog.item", "create"): _catalog_create,
    ("catalog.item", "review"): _both(lambda u, w: catalog_permissions.can_review(u, w.item), _redaction_add),
    ("catalog.item", "correct"): lambda u, w: catalog_permissions.can_correct(u, w.item),
    ("catalog.item", "withdraw"): lambda u, w: catalog_permissions.can_withdraw(u, w.item),
    ("catalog.item", "import"): lambda u, w: (
        catalog_selectors.agencies_importable_by(u).filter(pk=w.department.pk).exists()
    ),
    ("catalog.guide", "edit"): _guide_edit,
    ("catalog.taxonomy", "manage"): _page("backoffice:catalog_category_list"),
    ("opinion.monitoring", "view"): lambda u, w: opinion_permissions.can_view_unit(u, w.department.pk),
    ("opinion.monitoring", "manage"): _both(
        lambda u, w: opinion_permissions.can_manage_unit(u, w.department.pk), _plan_create
    ),
    ("opinion.response", "view"): lambda u, w: _event_visible(u, w),
    ("opinion.response", "handle"): lambda u, w: response_permissions.is_unit_staff(u, w.department),
    ("opinion.response", "coordinate"): lambda u, w: response_permissions.can_coordinate(
        u, w.event, jurisdiction_agencies=[w.county_gov]
    ),
    ("oversight.training", "view"): lambda u, w: _ov_allows(u, "training", "view", w.department),
    ("oversight.training", "manage"): lambda u, w: _ov_course(u, w),
    ("oversight.case", "view"): lambda u, w: _ov_allows(u, "case", "view", w.department),
    ("oversight.case", "handle"): lambda u, w: _ov_case(u, w),
    ("oversight.survey", "view"): lambda u, w: _ov_allows(u, "survey", "view", w.department),
    ("oversight.survey", "manage"): lambda u, w: _ov_survey(u, w),
    ("oversight.survey", "handle"): lambda u, w: _ov_allows(u, "survey", "handle", w.department),
    ("oversight.assessment", "view"): lambda u, w: _ov_allows(u, "assessment", "view", w.county_gov),
    ("oversight.assessment", "manage"): lambda u, w: _ov_round(u, w),
    ("rules.rule", "view"): lambda u, w: rules_permissions.is_staff_reader(u) and _page("backoffice:rule_list")(u, w),
    ("rules.rule", "edit"): lambda u, w: rules_permissions.can_edit_rules_for(u, w.county_gov.region),
    ("orgs.unit", "view"): lambda u, w: org_permissions.can_see_agency(u, w.department.pk),
    ("orgs.unit", "manage"): _section_create,
    ("audit.log", "view"): lambda u, w: audit_event_list_visible_to(u).filter(pk=w.audit_row.pk).exists(),
    ("audit.log", "verify"): _page("backoffice:audit_verify"),
    ("system.settings", "manage"): _page("backoffice:security_policy"),
    ("annual.report", "view"): lambda u, w: annual_permissions.can_view(u, w.department),
    ("annual.report", "edit"): lambda u, w: annual_permissions.can_edit(u, w.department),
    ("annual.report", "approve"): lambda u, w: annual_permissions.can_approve(u, w.department),
    ("annual.gazette", "manage"): lambda u, w: annual_permissions.can_manage_gazette(u, w.department),
    ("press.conference", "view"): lambda u, w: press_permissions.allows(u, "press.conference", "view", w.department),
    ("press.conference", "create"): lambda u, w: _press_plan(u, w),
    ("press.conference", "coordinate"): lambda u, w: press_permissions.allows(
        u, "press.conference", "coordinate", w.department
    ),
    ("press.spokesperson", "view"): lambda u, w: press_permissions.allows(
        u, "press.spokesperson", "view", w.department
    ),
    ("press.spokesperson", "create"): lambda u, w: press_permissions.allows(
        u, "press.spokesperson", "create", w.department
    ),
}


def _policy_of(w: World):
    from gongkai.policy.models import Policy

    owner = UserFactory(username=f"policy-owner-{next(_counter)}")
    return Policy.objects.create(
        agency=w.department, kind="normative", title="办法", draft_text="第一条", explanation="说明", created_by=owner
    )


def _policy_create(user, w: World) -> bool:
    from gongkai.policy import services as policy_services
    from gongkai.policy.models import Policy

    return _raises_denied(
        lambda: policy_services.policy_create(
            actor=user, agency=w.department, kind="normative", title="办法", draft_text="第一条", explanation="说明"
        ),
        Policy.objects.count,
    )


def _policy_view(user, w: World) -> bool:
    from gongkai.policy import permissions as policy_permissions
    from gongkai.policy import selectors as policy_selectors

    policy = _policy_of(w)
    return _both(
        lambda u, w: policy_selectors.policy_list_visible_to(u).filter(pk=policy.pk).exists(),
        lambda u, w: policy_permissions.can_view(u, policy),
    )(user, w)


def _policy_review(user, w: World) -> bool:
    from gongkai.policy import permissions as policy_permissions

    return policy_permissions.can_review_submission(user, _policy_of(w))


def _expert_manage(user, w: World) -> bool:
    from gongkai.policy import services as policy_services
    from gongkai.policy.models import Expert

    return _raises_denied(
        lambda: policy_services.expert_save(
            actor=user, agency=w.department, name="专家", field="教育", affiliation="大学"
        ),
        Expert.objects.count,
    )


def _expert_view(user, w: World) -> bool:
    from gongkai.policy import selectors as policy_selectors
    from gongkai.policy.models import Expert

    expert = Expert.objects.create(agency=w.department, name="专家", field="教育", affiliation="大学")
    return policy_selectors.expert_list_visible_to(user).filter(pk=expert.pk).exists()


PROBES.update(
    {
        ("policy.draft", "view"): _policy_view,
        ("policy.draft", "create"): _policy_create,
        ("policy.draft", "review"): _policy_review,
        ("policy.expert", "view"): _expert_view,
        ("policy.expert", "manage"): _expert_manage,
    }
)


GOVERNMENT_OBJECTS = {
    ("rules.rule", "edit"),
    ("opinion.response", "coordinate"),
    ("oversight.assessment", "view"),
    ("oversight.assessment", "manage"),
}


def _ov_allows(user, obj: str, op: str, agency) -> bool:
    from gongkai.oversight import permissions as oversight_permissions

    return oversight_permissions.allows(user, obj, op, agency)


def _ov_course(user, w: World) -> bool:
    from gongkai.oversight.models import Course
    from gongkai.oversight.services import training

    return _raises_denied(
        lambda: training.course_create(
            actor=user, agency=w.department, topic="条例解读", held_on=dt.date(2026, 3, 1), hours="2"
        ),
        Course.objects.count,
    )


def _ov_case(user, w: World) -> bool:
    from gongkai.oversight.models import AccountabilityCase
    from gongkai.oversight.services import cases

    return _raises_denied(
        lambda: cases.case_open(actor=user, agency=w.department, violation="other", facts="未及时更新"),
        AccountabilityCase.objects.count,
    )


def _ov_survey(user, w: World) -> bool:
    from gongkai.oversight.models import Survey
    from gongkai.oversight.services import surveys

    questions = [{"text": "是否及时", "kind": "single", "options": ["是", "否"]}]
    return _raises_denied(
        lambda: surveys.survey_create(actor=user, agency=w.department, title="评议", questions=questions),
        Survey.objects.count,
    )


def _ov_round(user, w: World) -> bool:
    from gongkai.oversight.models import AssessmentRound
    from gongkai.oversight.services import assessment
    from tests.rule_defaults import ensure_rule_defaults

    ensure_rule_defaults("oversight")
    AssessmentRound.objects.all().delete()
    return _raises_denied(
        lambda: assessment.round_compute(actor=user, government=w.county_gov, year=2026),
        AssessmentRound.objects.count,
    )


def _press_plan(user, w: World) -> bool:
    from gongkai.press import services as press_services

    try:
        press_services.conference_plan(
            actor=user,
            agency=w.department,
            topic="探针发布会",
            planned_at=clock.now(),
            place="发布厅",
            speakers="发言人",
            talking_points="口径",
            risk_assessment="低",
        )
    except PermissionDenied:
        return False
    return True


def _web_account(w: World):
    from gongkai.websites.models import Account

    account, _ = Account.objects.get_or_create(
        platform="wechat",
        identifier="matrix-probe",
        defaults={"agency": w.department, "name": "探针账号", "person_responsible": "张三", "status": "open"},
    )
    return account


def _web_finding(w: World):
    from gongkai.websites.models import Finding

    return Finding.objects.create(
        account=_web_account(w), kind="broken_link", key=f"probe-{next(_counter)}", day=clock.today(), message="错链"
    )


def _web_register(user, w: World) -> bool:
    from gongkai.websites import services as web_services
    from gongkai.websites.models import Account

    data = {
        "platform": "weibo",
        "name": "探针微博",
        "identifier": f"probe-{next(_counter)}",
        "person_responsible": "李四",
    }
    return _raises_denied(
        lambda: web_services.account_register(actor=user, agency=w.department, data=data), Account.objects.count
    )


def _web_ingest(user, w: World) -> bool:
    from gongkai.websites import services as web_services
    from gongkai.websites.models import Post

    rows = [{"id": f"probe-{next(_counter)}", "title": "关于做好招生工作的通知", "published_at": "2024-10-08 09:00"}]
    return _raises_denied(
        lambda: web_services.posts_ingest(actor=user, account=_web_account(w), rows=rows), Post.objects.count
    )


def _web_rectify(user, w: World) -> bool:
    from gongkai.websites import services as web_services
    from gongkai.websites.models import Finding

    finding = _web_finding(w)
    return _raises_denied(
        lambda: web_services.finding_transition(actor=user, finding=finding, action="rectify", note="已修复"),
        Finding.objects.filter(state="rectified").count,
    )


def _web_score(user, w: World) -> bool:
    from gongkai.websites import services as web_services
    from gongkai.websites.models import Inspection

    month = dt.date(1000 + next(_counter), 1, 1)
    return _raises_denied(
        lambda: web_services.inspection_save(actor=user, agency_id=w.department.pk, month=month, manual={}),
        Inspection.objects.count,
    )


def _web_findings_visible(user, w: World) -> bool:
    from gongkai.websites import selectors as web_selectors

    finding = _web_finding(w)
    return web_selectors.finding_list_visible_to(user).filter(pk=finding.pk).exists()


def _web_account_visible(user, w: World) -> bool:
    from gongkai.websites import selectors as web_selectors

    return web_selectors.account_list_visible_to(user).filter(pk=_web_account(w).pk).exists()


PROBES.update(
    {
        ("websites.account", "view"): _web_account_visible,
        ("websites.account", "create"): _web_register,
        ("websites.content", "manage"): _web_ingest,
        ("websites.inspection", "view"): _web_findings_visible,
        ("websites.inspection", "handle"): _web_rectify,
        ("websites.inspection", "review"): _web_score,
    }
)


def _event_visible(user, w: World) -> bool:
    # The event concerns the department.
    from gongkai.opinion.models import EventAgency

    EventAgency.objects.get_or_create(event=w.event, agency=w.department)
    return response_selectors.event_list_visible_to(user).filter(pk=w.event.pk).exists()


def _letter(w: World):
    """A letter to the department's box, handled by the department itself."""
    from gongkai.interaction.models import Letter

    n = next(_counter)
    return Letter.objects.create(
        tracking_number=f"XXP{n}",
        public_id=f"PROBE{n}",
        office=w.department,
        handling_agency=w.department,
        kind="consult",
        title="咨询",
        content="请问如何办理？",
        received_at=clock.now(),
    )


def _letter_register(user, w: World) -> bool:
    from gongkai.interaction import services as interaction_services
    from gongkai.interaction.models import Letter

    data = interaction_services.LetterInput(
        kind="consult", title="来电咨询", content="请问如何办理入学手续？", name="张三", phone="13912345678"
    )
    return _raises_denied(
        lambda: interaction_services.letter_register(
            actor=user, office=w.department, channel="hotline_12345", data=data
        ),
        Letter.objects.count,
    )


def _routing_rule(user, w: World) -> bool:
    from gongkai.interaction import services as interaction_services
    from gongkai.interaction.models import RoutingRule

    return _raises_denied(
        lambda: interaction_services.routing_rule_save(
            actor=user, office=w.department, target=w.department, keywords="入学"
        ),
        RoutingRule.objects.count,
    )


def _interaction(check: str) -> Callable[[Any, World], bool]:
    def probe(user, w: World) -> bool:
        from gongkai.interaction import permissions as interaction_permissions
        from gongkai.interaction import selectors as interaction_selectors

        letter = _letter(w)
        if check == "view":
            return interaction_selectors.letter_list_visible_to(user).filter(pk=letter.pk).exists()
        return getattr(interaction_permissions, check)(user, letter)

    return probe


PROBES.update(
    {
        ("interaction.letter", "view"): _interaction("view"),
        ("interaction.letter", "create"): _letter_register,
        ("interaction.letter", "coordinate"): _both(_routing_rule, _interaction("can_coordinate")),
        ("interaction.letter", "handle"): _interaction("can_handle"),
        ("interaction.letter", "approve"): _interaction("can_approve"),
        ("interaction.personal_data", "view"): _interaction("can_see_personal_data"),
    }
)


def test_every_matrix_row_has_a_probe():
    assert set(PROBES) == set(matrix.MATRIX)


def test_every_object_and_operation_has_a_chinese_name():
    for obj, op in matrix.MATRIX:
        assert obj in matrix.OBJECTS and op in matrix.OPERATIONS


@pytest.mark.parametrize("obj,op", sorted(matrix.MATRIX), ids=lambda v: v)
def test_matrix_row(world, obj, op):
    entry = matrix.entry(obj, op)
    probe = PROBES[(obj, op)]
    own, above = (
        (world.county_gov, world.city_gov) if (obj, op) in GOVERNMENT_OBJECTS else (world.department, world.county_gov)
    )
    cases: list[tuple[str, Any, bool]] = []
    for role in Role:
        if role == Role.SYSTEM_ADMIN:
            continue
        scope = entry.roles.get(role)
        for placement, agency in (("own", own), ("above", above)):
            user = UserFactory(username=f"{role}-{placement}-{next(_counter)}")
            grant(user, role, agency)
            expected = scope is not None and (placement == "own" or scope == matrix.BELOW)
            cases.append((f"{role.label}@{placement}", user, expected))
    admin = UserFactory(username=f"sysadmin-{next(_counter)}")
    grant(admin, Role.SYSTEM_ADMIN)
    cases.append(("系统管理员", admin, entry.sysadmin))
    cases.append(("anonymous", AnonymousUser(), False))

    wrong = {name: expected for name, user, expected in cases if probe(user, world) != expected}
    # name -> what the matrix says (the app said the opposite)
    assert wrong == {}
