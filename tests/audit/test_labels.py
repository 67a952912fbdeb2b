"""Audit pages show Chinese labels and local times, never raw codes (issue 9)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from gongkai.audit import labels
from gongkai.audit.models import AuditEvent
from gongkai.catalog.enums import ItemAction
from gongkai.catalog.events import CatalogEvent
from gongkai.foi import services as foi_services
from gongkai.foi.enums import Action
from gongkai.foi.events import FoiEvent
from gongkai.opinion.enums import EventAction
from gongkai.opinion.events import OpinionEvent
from gongkai.opinion.response.enums import AssignmentAction, ResponseAction
from gongkai.orgs.demo import load_demo
from gongkai.orgs.enums import Role
from gongkai.rules.enums import DeadlineAction
from gongkai.rules.events import RulesEvent
from gongkai.workflow.enums import ReviewEvent
from gongkai.workflow.events import WorkflowEvent
from tests.factories import UserFactory, grant
from tests.foi.conftest import make_input

SOURCE = Path(__file__).resolve().parents[2] / "gongkai"
CODE = re.compile(r"""event=(f?)"([a-z0-9_.{}]+)\"""")
MEMBER = re.compile(r"\b([A-Z][A-Za-z]*Event)\.([A-Z][A-Z0-9_]*)\b")
# Modules whose codes have not moved to their app's enum yet (none left).
LITERALS_ALLOWED: tuple[str, ...] = ()


def _sources():
    for path in SOURCE.rglob("*.py"):
        if "migrations" not in path.parts:
            yield path, path.read_text(encoding="utf-8")


def _codes_in_source() -> tuple[set[str], set[str]]:
    """String-literal codes at ``event=`` and the prefixes of f-string codes."""
    literal, families = set(), set()
    for _path, text in _sources():
        for is_f, code in CODE.findall(text):
            if is_f:
                families.add(code.split("{", 1)[0])
            elif "." in code:
                literal.add(code)
    return literal, families


def _enums() -> dict[str, type]:
    return {enum.__name__: enum for enum in labels.registered_enums()}


# The action families: (enum, its lookup, the action enum, subject of the label).
FAMILIES = [
    (FoiEvent, FoiEvent.action, Action, "依申请公开"),
    (CatalogEvent, CatalogEvent.item_action, ItemAction, "政府信息"),
    (OpinionEvent, OpinionEvent.event_action, EventAction, "舆情事件"),
    (OpinionEvent, OpinionEvent.assignment_action, AssignmentAction, "舆情交办"),
    (OpinionEvent, OpinionEvent.response_action, ResponseAction, "舆情回应"),
    (RulesEvent, RulesEvent.deadline_action, DeadlineAction, "期限"),
    (WorkflowEvent, WorkflowEvent.review_event, ReviewEvent, "审核"),
]


def test_every_app_registers_one_enum_of_its_codes_with_chinese_labels():
    enums = _enums()
    assert {
        "CatalogEvent",
        "FoiEvent",
        "OpinionEvent",
        "OrgsEvent",
        "RulesEvent",
        "WorkflowEvent",
        "NotificationsEvent",
        "AuditLogEvent",
    } <= set(enums)
    seen: dict[str, str] = {}
    for name, enum in enums.items():
        for member in enum:
            assert member.value not in seen, f"{member.value} declared by {seen.get(member.value)} and {name}"
            seen[member.value] = name
            label = str(member.label)
            assert re.search(r"[\u4e00-\u9fff]", label) and "." not in label, (member, label)
            assert labels.event_label(member.value) == label
            assert labels.has_explicit_label(member.value)
            assert labels.event_label(member.value.split(".", 1)[0] + ".zzz_unknown") != "其他操作"  # area known
    # no code is labelled twice: the moved ones left the old table
    assert sorted(set(seen) & set(labels.EVENT_LABELS)) == []


def test_no_string_literal_codes_outside_the_modules_still_to_move():
    offenders = []
    for path, text in _sources():
        rel = path.relative_to(SOURCE).as_posix()
        if rel.startswith(LITERALS_ALLOWED):
            continue
        offenders += [f"{rel}: {code}" for _f, code in CODE.findall(text) if "." in code]
    assert offenders == []


def test_every_member_named_in_the_code_exists():
    enums = _enums()
    missing = []
    for path, text in _sources():
        for cls, member in MEMBER.findall(text):
            if cls in enums and member not in enums[cls].__members__:
                missing.append(f"{path.relative_to(SOURCE)}: {cls}.{member}")
    assert missing == []


@pytest.mark.parametrize(("enum", "lookup", "actions", "subject"), FAMILIES)
def test_every_action_has_its_event_member(enum, lookup, actions, subject):
    for action in actions:
        member = lookup(action)
        assert isinstance(member, enum)
        assert str(member.label) == f"{subject}：{action.label}"
    with pytest.raises(ValueError):
        lookup("no_such_action")


def test_every_event_code_written_by_the_code_base_has_a_chinese_label():
    literal, families = _codes_in_source()
    assert len(labels.registered_codes()) > 100  # the apps registered their enums
    assert sorted(c for c in literal if not labels.has_explicit_label(c)) == []
    assert sorted(families - set(labels.EVENT_FAMILIES)) == []


def test_family_codes_read_the_actions_enum_and_the_fallback_hides_the_code():
    assert labels.event_label("foi.accept") == "依申请公开：开始办理"
    assert labels.event_label("catalog.item.submit") == "政府信息：提交审查"
    assert labels.event_label("review.approved") == "审核：审核通过"
    assert labels.event_label("catalog.category.deactivated") == "停用信息分类"
    assert labels.event_label("foi.something_new") == "依申请公开：其他操作"
    assert labels.event_label("orgs.something_new") == "组织与人员：其他操作"
    assert labels.event_label("zzz.unknown.code") == "其他操作"


def test_a_code_registered_twice_with_another_label_is_refused():
    from django.core.exceptions import ImproperlyConfigured
    from django.db import models

    class Clash(models.TextChoices):
        ITEM_CREATED = CatalogEvent.ITEM_CREATED.value, "另一个名称"

    with pytest.raises(ImproperlyConfigured):
        labels.register_events(Clash)
    assert labels.event_label(CatalogEvent.ITEM_CREATED) == "新建政府信息"


@pytest.fixture
def _foi_key(settings):
    settings.GONGKAI_DATA_KEY = "00112233445566778899aabbccddeeff"
    from tests.rule_defaults import ensure_rule_defaults

    ensure_rule_defaults("foi")


def _text(html: str) -> str:
    """What a person reads: the page without tags, attributes and scripts."""
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_audit_pages_answer_once_an_online_application_exists(client, sysadmin, department, _foi_key):
    # given an online application (its audit row names a reverse relation: ``items``)
    foi_services.application_submit_online(agency=department, data=make_input())
    client.force_login(sysadmin)
    # when / then
    assert client.get(reverse("backoffice:audit_list")).status_code == 200
    for row in AuditEvent.objects.all():
        assert client.get(reverse("backoffice:audit_detail", args=[row.pk])).status_code == 200


def test_no_raw_code_state_or_utc_time_reaches_the_audit_pages(client, sysadmin, department, _foi_key):
    # given the events of the demo, an online application, its acceptance and a review submitted
    load_demo()
    handler = UserFactory(username="handler")
    grant(handler, Role.SUB_USER, department)
    app, _code = foi_services.application_submit_online(agency=department, data=make_input())
    foi_services.application_transition(actor=handler, application=app, action=Action.ACCEPT)
    client.force_login(sysadmin)
    rows = list(AuditEvent.objects.all())
    codes = {r.event for r in rows}
    target_types = {r.target_type for r in rows if r.target_type}
    assert {"foi.registered", "foi.accept", "deadline.started"} <= codes
    # when
    pages = [_text(client.get(reverse("backoffice:audit_list")).content.decode())]
    pages += [_text(client.get(reverse("backoffice:audit_detail", args=[r.pk])).content.decode()) for r in rows]
    # then
    for text in pages:
        for code in codes | target_types:
            assert code not in text
        assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text), "an ISO time reached the page"
        assert "+00:00" not in text
    assert "登记申请" in pages[0]
    assert "依申请公开：开始办理" in pages[0]
    assert "办理中" in pages[0]  # the new status, by its label


def test_states_in_the_data_show_their_chinese_labels(client, sysadmin, department, _foi_key, unit_admin):
    # given a status change recorded with raw enum values and a UTC time
    from gongkai.audit.services import audit_log
    from gongkai.foi.models import Application

    app, _code = foi_services.application_submit_online(agency=department, data=make_input())
    row = audit_log(
        actor=unit_admin,
        event="foi.accept",
        target=app,
        data={"old": {"status": "received"}, "new": {"status": "in_progress"}, "at": "2026-03-02T01:30:00+00:00"},
    )
    client.force_login(sysadmin)
    # when
    text = _text(client.get(reverse("backoffice:audit_detail", args=[row.pk])).content.decode())
    # then: labels from the model's choices, local (UTC+8) time
    status = Application._meta.get_field("status")
    choices = dict(status.flatchoices)
    assert str(choices["received"]) in text
    assert "2026-03-02 09:30:00" in text
    assert "依申请公开：开始办理" in text


def test_no_code_the_code_base_writes_reaches_the_list_page(client, sysadmin):
    # given one event of every code the code base writes (the apps' enums; literals and families
    # not yet moved: every action of their enum)
    from django.utils.module_loading import import_string

    from gongkai.audit.services import audit_log

    literal, families = _codes_in_source()
    codes = set(literal) | labels.registered_codes()
    for prefix in families:
        _subject, path = labels.EVENT_FAMILIES[prefix]
        codes |= {prefix + value for value in import_string(path).values}
    for code in sorted(codes):
        audit_log(actor=None, event=code, data={"old": {"status": "x"}, "new": {"status": "y"}})
    client.force_login(sysadmin)
    # when every page of the list is read
    texts, page = [], 1
    while True:
        response = client.get(reverse("backoffice:audit_list"), {"page": page})
        texts.append(_text(response.content.decode()))
        if f"page={page + 1}" not in response.content.decode():
            break
        page += 1
    # then no code appears, and every event shows a label
    text = "\n".join(texts)
    assert len(texts) * 50 >= len(codes)
    assert sorted(code for code in codes if code in text) == []
    assert "其他操作" not in text


def test_the_public_copy_keys_written_on_publication_have_chinese_names():
    # the keys of the public copy's metadata that publication writes into the audit data
    import inspect

    from gongkai.audit.labels import data_key_label
    from gongkai.catalog.services import publication

    keys = set(re.findall(r'"(\w+_(?:label|code))":', inspect.getsource(publication)))
    assert keys and all(data_key_label(key) != key for key in keys)
