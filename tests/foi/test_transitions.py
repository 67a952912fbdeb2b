"""Every (status, action) pair: allowed ones move to the table's status through the real
services; the others are refused with InvalidTransition and change nothing."""

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import InvalidTransition
from gongkai.foi import services
from gongkai.foi.enums import CONCLUDED_STATUSES, OPEN_STATUSES, Action, ConsultationState, FeeBasis, Status
from gongkai.foi.models import Application, ApplicationEvent
from gongkai.foi.transitions import TRANSITIONS, actions_from

from .helpers import Driver

PAIRS = [(s, a) for s in Status.values for a in Action.values]
SYSTEM = {
    Action.ABANDON_SUPPLEMENT,
    Action.ABANDON_FEE,
    Action.END_CONSULTATION,
    Action.REVIEW_APPROVED,
    Action.REVIEW_RETURNED,
}


def params_for(action, app):
    return {
        Action.REQUEST_SUPPLEMENT: {"text": "请写明文件名称"},
        Action.SUPPLEMENT: {"text": "所需文件为2025年布局调整方案"},
        Action.CONSULT: {"parties": [{"party_kind": "agency", "party_name": "鄂托克前旗财政局"}]},
        Action.EXTEND: {"reason": "需要检索的档案较多"},
        Action.FEE_NOTICE: {"basis": FeeBasis.PER_PAGE, "units": 40},
        Action.DRAFT: {"decisions": {i.pk: {"reply_type": "disclose"} for i in app.items.all()}},
        Action.DELIVER: {"method": "post", "posted_on": services.clock.today()},
        Action.TRANSFER: {"to_name": "鄂托克前旗自然资源局"},
        Action.WITHDRAW: {"reason": "不再需要"},
    }.get(action, {})


@pytest.fixture
def driver(department, handler, head, reviewer, unit_admin, frozen):
    return Driver(agency=department, handler=handler, head=head, reviewer=reviewer, signer=unit_admin, frozen=frozen)


def test_table_is_consistent():
    # given / when / then: every status can be left or is final, and final statuses have no way out
    for status in OPEN_STATUSES:
        assert actions_from(status), status
    for status in CONCLUDED_STATUSES:
        if status == Status.SENT:
            assert actions_from(status) == [Action.DELIVER]
        else:
            assert actions_from(status) == [], status
    assert set(TRANSITIONS.values()) <= set(Status.values)


@pytest.mark.parametrize(("status", "action"), [p for p in PAIRS if p in TRANSITIONS])
def test_allowed_transition(driver, status, action):
    # given an application brought to the status through the real services
    app = driver.reach(status)
    actor = driver.head if action == Action.EXTEND else driver.handler
    system = action in SYSTEM
    if action in (Action.ABANDON_SUPPLEMENT, Action.ABANDON_FEE):
        driver.frozen.advance(days=60)
    if action == Action.END_CONSULTATION:
        app.consultations.update(state=ConsultationState.ANSWERED, closed_at=services.clock.now(), opinion="agree")
    # when
    moved = services.application_transition(
        actor=None if system else actor, application=app, action=action, system=system, inputs=params_for(action, app)
    )
    # then
    assert moved.status == TRANSITIONS[(status, action)]
    assert Application.objects.get(pk=app.pk).status == TRANSITIONS[(status, action)]
    assert ApplicationEvent.objects.filter(application=app, action=action).exists()
    assert AuditEvent.objects.filter(event=f"foi.{action}", target_id=str(app.pk)).exists()


@pytest.mark.parametrize(("status", "action"), [p for p in PAIRS if p not in TRANSITIONS])
def test_refused_transition_changes_nothing(driver, status, action):
    # given an application forced into the status
    app = driver.reach(Status.RECEIVED)
    Application.objects.filter(pk=app.pk).update(status=status)
    events = ApplicationEvent.objects.filter(application=app).count()
    audits = AuditEvent.objects.count()
    actor = driver.head if action == Action.EXTEND else driver.handler
    # when / then
    with pytest.raises(InvalidTransition) as exc:
        services.application_transition(actor=actor, application=app, action=action, inputs=params_for(action, app))
    assert Status(status).label in exc.value.message
    assert Application.objects.get(pk=app.pk).status == status
    assert ApplicationEvent.objects.filter(application=app).count() == events
    assert AuditEvent.objects.count() == audits
