"""One spec per action (foi/actions.py): every action has one, the case page, its template and the
API read them, and the service takes the typed inputs."""

import json
from pathlib import Path

import pytest

from gongkai.core.errors import ValidationFailed
from gongkai.foi import actions, services
from gongkai.foi.enums import Action, Status
from gongkai.foi.models import Application
from gongkai.foi.transitions import TRANSITIONS

from .conftest import register

TEMPLATES = Path(__file__).resolve().parents[2] / "gongkai" / "backoffice" / "templates" / "backoffice" / "foi"


def test_every_action_has_one_spec_with_the_tables_states():
    assert actions.registry.missing(Action.values) == []
    for action in Action:
        spec = actions.registry.get(action)
        assert spec.label == action.label
        assert spec.allowed_from == {s for (s, a) in TRANSITIONS if a == action}
    # who may: the matrix rows; the review's own actions are nobody's by hand
    assert actions.registry.get(Action.EXTEND).permission == ("foi.application", "approve")
    assert actions.registry.get(Action.ACCEPT).permission == ("foi.application", "handle")
    assert actions.registry.get(Action.REVIEW_APPROVED).permission is None


def test_the_action_template_writes_no_statutory_number():
    text = (TEMPLATES / "_action.html").read_text(encoding="utf-8")
    assert "工作日" not in text and "accept" not in text


def test_the_service_takes_the_typed_inputs(department, handler, frozen):
    app, _ = register(handler, department)
    typed = actions.RequestSupplementInput(text="请写明所需文件的年份")
    moved = services.application_transition(app, Action.REQUEST_SUPPLEMENT, actor=handler, inputs=typed)
    assert moved.status == Status.SUPPLEMENT_REQUESTED
    assert moved.supplement_request_text == "请写明所需文件的年份"


def test_bad_inputs_are_refused_before_anything_changes(department, handler, frozen):
    app, _ = register(handler, department)
    with pytest.raises(ValidationFailed, match="未知的输入项：colour"):
        services.application_transition(app, Action.ACCEPT, actor=handler, inputs={"colour": "red"})
    with pytest.raises(ValidationFailed, match="请填写需要补正的事项"):
        services.application_transition(app, Action.REQUEST_SUPPLEMENT, actor=handler, inputs={"text": "  "})
    assert Application.objects.get(pk=app.pk).status == Status.RECEIVED


def test_case_page_shows_the_specs_with_the_supplement_period_from_its_rule(client, department, handler, frozen):
    app, _ = register(handler, department)
    client.force_login(handler)
    page = client.get(f"/office/foi/{app.pk}/").content.decode()
    for spec in actions.available(app, handler):
        assert f"/office/foi/{app.pk}/act/{spec.name}/" in page
        assert spec.heading in page
    # the 补正 notice period is the rule record's value (foi.supplement_notice_period), with its date
    assert "7 个工作日内（至 2026-03-11）" in page
    assert "/act/extend/" not in page  # the handler may not approve an extension


def test_the_page_refuses_a_bad_id_in_chinese(client, department, handler, frozen):
    app, _ = register(handler, department)
    client.force_login(handler)
    response = client.post(f"/office/foi/{app.pk}/act/accept/", {"handler": "abc"})
    assert response.status_code == 422
    assert "请选择有效的经办人。" in response.content.decode()
    assert Application.objects.get(pk=app.pk).status == Status.RECEIVED


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_api_lists_and_takes_the_actions_of_the_specs(client, department, handler, outsider, frozen):
    app, _ = register(handler, department)
    client.force_login(handler)
    detail = client.get(f"/api/v1/foi/applications/{app.pk}").json()
    names = [a["name"] for a in detail["actions"]]
    assert names == [s.name for s in actions.available(app, handler)]
    supplement = next(a for a in detail["actions"] if a["name"] == Action.REQUEST_SUPPLEMENT)
    assert supplement["fields"] == [{"name": "text", "label": "需要补正的事项"}]
    # refused: unknown action, a bad input, a state the table does not allow
    r = _post(client, f"/api/v1/foi/applications/{app.pk}/actions/nope", {})
    assert r.status_code == 404, r.content.decode()
    bad = _post(client, f"/api/v1/foi/applications/{app.pk}/actions/request_supplement", {"text": ""})
    assert bad.status_code == 422 and bad.json()["message"] == "请填写需要补正的事项。"
    assert _post(client, f"/api/v1/foi/applications/{app.pk}/actions/send", {}).status_code == 409
    # taken
    done = _post(client, f"/api/v1/foi/applications/{app.pk}/actions/request_supplement", {"text": "请写明年份"})
    assert done.status_code == 200 and done.json()["status"] == Status.SUPPLEMENT_REQUESTED
    # another unit's staff do not see the application at all
    client.force_login(outsider)
    assert _post(client, f"/api/v1/foi/applications/{app.pk}/actions/supplement", {"text": "x"}).status_code == 404
