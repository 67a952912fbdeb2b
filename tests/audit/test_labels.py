"""Audit pages show Chinese labels and local times, never raw codes (issue 9)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from gongkai.audit import labels
from gongkai.audit.models import AuditEvent
from gongkai.foi import services as foi_services
from gongkai.foi.enums import Action
from gongkai.orgs.demo import load_demo
from gongkai.orgs.enums import Role
from tests.factories import UserFactory, grant
from tests.foi.conftest import make_input

SOURCE = Path(__file__).resolve().parents[2] / "gongkai"
CODE = re.compile(r"""event=(f?)"([a-z0-9_.{}]+)\"""")


def _codes_in_source() -> tuple[set[str], set[str]]:
    literal, families = set(), set()
    for path in SOURCE.rglob("*.py"):
        for is_f, code in CODE.findall(path.read_text(encoding="utf-8")):
            if is_f:
                families.add(code.split("{", 1)[0])
            elif "." in code:
                literal.add(code)
    return literal, families


def test_every_event_code_written_by_the_code_base_has_a_chinese_label():
    literal, families = _codes_in_source()
    assert len(literal) > 50  # the scan found the calls
    assert sorted(c for c in literal if not labels.has_explicit_label(c)) == []
    assert sorted(families - set(labels.EVENT_FAMILIES)) == []


def test_family_codes_read_the_actions_enum_and_the_fallback_hides_the_code():
    assert labels.event_label("foi.accept") == "依申请公开：开始办理"
    assert labels.event_label("catalog.item.submit") == "政府信息：提交审查"
    assert labels.event_label("review.approved") == "审核：审核通过"
    assert labels.event_label("foi.something_new") == "依申请公开：其他操作"
    assert labels.event_label("zzz.unknown.code") == "其他操作"


@pytest.fixture
def _foi_key(settings):
    settings.GONGKAI_DATA_KEY = "00112233445566778899aabbccddeeff"
    from gongkai.foi.rules import ensure_rule_defaults

    ensure_rule_defaults()


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
    # given one event of every code the code base writes (families: every action of their enum)
    from django.utils.module_loading import import_string

    from gongkai.audit.services import audit_log

    literal, families = _codes_in_source()
    codes = set(literal)
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
