"""The typed action registry (gongkai.workflow.actions): specs bound to a transition table,
typed inputs with Chinese messages, and the actions a user may take now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.utils import timezone

from gongkai.core import clock
from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.workflow.actions import ActionRegistry, ActionSpec, NoInput, field, parse_inputs
from tests.clock import FrozenClock

TABLE = {
    ("draft", "submit"): "submitted",
    ("submitted", "approve"): "approved",
    ("submitted", "return"): "draft",
    ("draft", "note"): "draft",
    ("submitted", "note"): "submitted",
}


@dataclass(frozen=True)
class ReturnInput:
    reason: str = field(label="退回理由", required=True, max_length=10)
    met_on: dt.date | None = field(label="会商日期", not_future=True)
    copies: int | None = field(label="份数")
    urgent: bool = field(label="加急", default=False)
    parties: list = field(label="征求对象", default_factory=list)


def _registry(**specs) -> ActionRegistry:
    reg = ActionRegistry(TABLE)
    reg.register(ActionSpec(name="submit", label="提交", permission=("catalog.item", "create")))
    reg.register(ActionSpec(name="approve", label="批准", permission=("catalog.item", "withdraw")))
    reg.register(
        ActionSpec(name="return", label="退回", permission=("catalog.item", "create"), inputs=ReturnInput, danger=True)
    )
    reg.register(ActionSpec(name="note", label="备注", permission=None, offered=False))
    return reg


def test_states_come_from_the_transition_table():
    reg = _registry()
    assert reg.get("note").allowed_from == {"draft", "submitted"}
    assert reg.get("return").leads_to == {"submitted": "draft"}
    assert reg.get("submit").allowed_from == {"draft"}


def test_an_action_outside_the_table_or_registered_twice_is_refused():
    reg = _registry()
    with pytest.raises(ValueError, match="not in the transition table"):
        reg.register(ActionSpec(name="publish", label="发布", permission=None))
    with pytest.raises(ValueError, match="twice"):
        reg.register(ActionSpec(name="submit", label="提交", permission=None))


def test_unknown_action_is_not_found_in_chinese():
    with pytest.raises(NotFound) as exc:
        _registry().get("nope")
    assert exc.value.message == "未知的操作。"


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(clock, "now", FrozenClock(timezone.make_aware(dt.datetime(2026, 3, 10, 10, 0))))


def test_inputs_are_parsed_into_the_typed_value(frozen):
    value = _registry().parse(
        "return", {"reason": "  材料不全，请补充完整后再提交  ", "met_on": "2026-03-09", "copies": "3", "urgent": "on"}
    )
    assert isinstance(value, ReturnInput)
    assert value.reason == "材料不全，请补充完整"  # stripped, cut to max_length
    assert value.met_on == dt.date(2026, 3, 9)
    assert value.copies == 3
    assert value.urgent is True
    assert value.parties == []


def test_an_instance_passes_unchanged_and_no_input_actions_take_nothing():
    reg = _registry()
    given = ReturnInput(reason="x")
    assert reg.parse("return", given) is given
    assert isinstance(reg.parse("submit", None), NoInput)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请填写退回理由。"),
        ({"reason": "   "}, "请填写退回理由。"),
        ({"reason": "x", "met_on": "10/03/2026"}, "会商日期格式应为 YYYY-MM-DD。"),
        ({"reason": "x", "met_on": "2026-03-11"}, "会商日期不能晚于今天。"),
        ({"reason": "x", "copies": "三"}, "份数应为整数。"),
        ({"reason": "x", "colour": "red"}, "未知的输入项：colour。"),
    ],
)
def test_bad_inputs_get_a_chinese_message(frozen, data, message):
    with pytest.raises(ValidationFailed) as exc:
        parse_inputs(ReturnInput, data)
    assert exc.value.message == message


def test_optional_text_left_out_reads_empty():
    @dataclass(frozen=True)
    class Note:
        text: str = field(label="说明")

    assert parse_inputs(Note, {}).text == ""


@pytest.mark.django_db
def test_available_follows_state_permission_and_history(unit_admin, outsider, department):
    reg = _registry()
    draft = SimpleNamespace(status="draft", agency_id=department.pk)
    submitted = SimpleNamespace(status="submitted", agency_id=department.pk)
    # the unit administrator may create and withdraw catalogue items of the unit (matrix)
    assert [s.name for s in reg.available(draft, unit_admin)] == ["submit"]
    assert [s.name for s in reg.available(submitted, unit_admin)] == ["approve", "return"]
    # another unit's administrator, and nobody signed in, may do nothing here
    assert reg.available(submitted, outsider) == []
    assert reg.available(submitted, SimpleNamespace(is_authenticated=False)) == []
    # an action nobody takes by hand is never offered nor allowed
    assert reg.may(unit_admin, "note", draft) is False


@pytest.mark.django_db
def test_when_hides_what_the_history_no_longer_allows(unit_admin, department):
    reg = ActionRegistry(TABLE)
    reg.register(
        ActionSpec(name="submit", label="提交", permission=("catalog.item", "create"), when=lambda o: not o.sent_once)
    )
    assert reg.available(SimpleNamespace(status="draft", agency_id=department.pk, sent_once=False), unit_admin)
    assert not reg.available(SimpleNamespace(status="draft", agency_id=department.pk, sent_once=True), unit_admin)


def test_help_text_is_built_from_the_object():
    spec = ActionSpec(name="x", label="告知补正", permission=None, help=lambda o: f"{o.days} 个工作日内")
    assert spec.help_text(SimpleNamespace(days=7)) == "7 个工作日内"
    assert ActionSpec(name="y", label="提交", permission=None).help_text(None) == ""
    assert spec.heading == "告知补正" and spec.button == "确定"


@pytest.mark.django_db
def test_require_raises_the_specs_message(outsider, department):
    from gongkai.core.errors import PermissionDenied

    reg = ActionRegistry(TABLE)
    reg.register(
        ActionSpec(name="submit", label="提交", permission=("catalog.item", "create"), denied="只有本单位可以提交。")
    )
    reg.register(ActionSpec(name="approve", label="批准", permission=("catalog.item", "withdraw")))
    obj = SimpleNamespace(status="draft", agency_id=department.pk)
    with pytest.raises(PermissionDenied, match="只有本单位可以提交。"):
        reg.require(outsider, "submit", obj)
    with pytest.raises(PermissionDenied, match="您无权执行“批准”。"):
        reg.require(outsider, "approve", obj)


@pytest.mark.django_db
def test_allows_adds_a_rule_about_the_person_to_the_matrix(unit_admin, department):
    reg = ActionRegistry(TABLE)
    reg.register(
        ActionSpec(
            name="submit",
            label="提交",
            permission=("catalog.item", "create"),
            allows=lambda user, obj: obj.created_by == user.username,
        )
    )
    mine = SimpleNamespace(status="draft", agency_id=department.pk, created_by="unitadmin")
    theirs = SimpleNamespace(status="draft", agency_id=department.pk, created_by="someone")
    assert reg.may(unit_admin, "submit", mine) and not reg.may(unit_admin, "submit", theirs)


@pytest.mark.django_db
def test_an_object_of_several_agencies_is_allowed_at_any_of_them(unit_admin, department, other_department):
    reg = ActionRegistry(TABLE, agency_of=lambda obj: obj.agency_ids)
    reg.register(ActionSpec(name="submit", label="提交", permission=("catalog.item", "create")))
    assert reg.may(
        unit_admin, "submit", SimpleNamespace(status="draft", agency_ids={other_department.pk, department.pk})
    )
    assert not reg.may(unit_admin, "submit", SimpleNamespace(status="draft", agency_ids={other_department.pk}))
    assert not reg.may(unit_admin, "submit", SimpleNamespace(status="draft", agency_ids=set()))
