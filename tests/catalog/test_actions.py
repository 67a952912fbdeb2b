"""The item moves as action specs (catalog/actions.py): the states from the table, who may from the
matrix and the edit rule; the item page's buttons come from them."""

import pytest
from django.urls import reverse

from gongkai.catalog import actions
from gongkai.catalog.enums import ItemAction, ItemStatus
from gongkai.catalog.transitions import EDITABLE, TRANSITIONS
from gongkai.core.errors import NotFound

from ..factories import UserFactory, grant


def test_every_move_of_the_table_has_one_spec():
    assert actions.registry.missing(ItemAction.values) == [ItemAction.DISCLOSE]  # an audit code, no move
    for spec in actions.registry:
        assert spec.allowed_from == {s for (s, a) in TRANSITIONS if a == spec.name}
    # the review's moves are nobody's by hand
    assert {s.name for s in actions.registry if s.offered} == {
        ItemAction.SUBMIT,
        ItemAction.RESUBMIT,
        ItemAction.CORRECT,
        ItemAction.WITHDRAW,
    }
    submittable = {s for (s, a) in TRANSITIONS if a in ("submit", "resubmit") and s in EDITABLE}
    assert actions.submittable_statuses() == submittable


def test_an_action_without_a_spec_cannot_move_an_item(db):
    from gongkai.catalog.services import item_transition

    with pytest.raises(NotFound):
        item_transition(actor=None, item=None, action=ItemAction.DISCLOSE)


def test_who_may_start_a_move(author, unit_admin, section_head, department, draft_item):
    other = UserFactory(username="other-sub")
    grant(other, "sub_user", department)
    # a sub-user submits only what they entered (permissions.can_edit), the unit's editors any
    assert actions.available_names(draft_item, author) == [ItemAction.SUBMIT]
    assert actions.available_names(draft_item, other) == []
    assert actions.available_names(draft_item, unit_admin) == [ItemAction.SUBMIT]
    draft_item.status = ItemStatus.PUBLISHED
    assert actions.available_names(draft_item, unit_admin) == [ItemAction.CORRECT, ItemAction.WITHDRAW]
    assert actions.available_names(draft_item, author) == []


@pytest.fixture
def draft_item(author, department, item_fields):
    from gongkai.catalog import services

    return services.item_create(actor=author, agency=department, **item_fields)


def test_the_pages_read_the_proactive_period_from_its_rule_record(client, unit_admin):
    from gongkai.rules.selectors import rule_value

    period = rule_value("disclosure.proactive_period")
    client.force_login(unit_admin)
    for name in ("catalog_self_check", "catalog_disclosure_clocks"):
        page = client.get(reverse(f"backoffice:{name}"))
        assert f"变更之日起{period.value}个工作日内" in page.content.decode()
