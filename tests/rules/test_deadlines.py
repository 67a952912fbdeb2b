"""Deadlines: rule-driven start, hour clocks, pauses, extensions with caps, transitions, permissions, explanation."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.rules import selectors, services
from gongkai.rules.enums import DeadlineAction, DeadlineState, DeadlineStatus
from gongkai.rules.errors import DeadlineRuleMissing, RuleMissing
from gongkai.rules.models import Deadline
from gongkai.rules.transitions import DEADLINE_TRANSITIONS
from gongkai.rules.workdays import add_working_days

from .conftest import local

D = dt.date
pytestmark = pytest.mark.django_db


def _foi(start, **kw):
    return services.deadline_start(actor=None, rule_key="foi.answer_period", start=start, **kw)


def test_clock_started_on_2019_05_14_uses_15_days_and_the_2007_citation():
    d = _foi(local(2019, 5, 14, 9))
    assert d.amount == 15
    assert d.citation == "《政府信息公开条例》（2007年，国务院令第492号）第二十四条"
    assert d.due_date == add_working_days(D(2019, 5, 14), 15).due == D(2019, 6, 4)


def test_clock_started_on_2019_05_15_uses_20_days_and_article_33():
    d = _foi(local(2019, 5, 15, 9))
    assert d.amount == 20
    assert d.citation == "《政府信息公开条例》（2019年修订，国务院令第711号）第三十三条"
    assert d.due_date == D(2019, 6, 13)  # 端午 2019-06-07 skipped
    assert d.due_at == local(2019, 6, 13, 23, 59).replace(second=59)


def test_spec_example_as_a_deadline_with_explanation(department, handler):
    # when
    d = _foi(local(2026, 11, 23, 15, 30), agency=department, handler=handler)
    # then
    assert d.due_date == D(2026, 12, 21)
    assert d.provisional is False
    assert d.jurisdiction == department.region
    assert d.status == DeadlineStatus.OPEN
    text = d.explain()
    assert "依据：依申请公开答复期限（《政府信息公开条例》（2019年修订，国务院令第711号）第三十三条）" in text
    assert "起算：2026-11-23（《民法典》第二百零一条" in text
    assert "跳过的日期：2026-11-28 周六；2026-11-29 周日" in text
    assert "到期：2026-12-21（当日 23:59:59 前）" in text
    assert AuditEvent.objects.filter(event="deadline.started", target_id=str(d.pk)).count() == 1


def test_hour_clock_uses_the_local_rule(xiangyun, township):
    start = local(2026, 3, 2, 10)
    xy = services.deadline_start(actor=None, rule_key="opinion.response_ordinary", jurisdiction=township, start=start)
    nat = services.deadline_start(actor=None, rule_key="opinion.response_ordinary", start=start)
    old = services.deadline_start(
        actor=None, rule_key="opinion.response_ordinary", jurisdiction=xiangyun, start=local(2019, 3, 2, 10)
    )
    assert (xy.amount, xy.due_at, xy.citation) == (36, local(2026, 3, 3, 22), "祥政办通〔2019〕54号 六(十四)")
    assert (nat.amount, nat.due_at) == (48, local(2026, 3, 4, 10))
    assert old.amount == 48
    assert xy.unit == "hours" and xy.provisional is False


def test_missing_rule_is_a_typed_error_and_writes_nothing():
    before = Deadline.objects.count()
    with pytest.raises(DeadlineRuleMissing) as exc:
        services.deadline_start(actor=None, rule_key="foi.supplement_notice_period", start=local(2018, 1, 1))
    assert isinstance(exc.value, RuleMissing)
    assert "2018-01-01" in exc.value.message
    assert Deadline.objects.count() == before


def test_working_day_pause_moves_the_due_date_by_the_paused_working_days():
    # given 2026-11-23 + 20 → 12-21
    d = _foi(local(2026, 11, 23))
    # when paused Mon 11-30 10:00 (counts) until Fri 12-04 16:00 (does not count)
    d = services.deadline_pause(actor=None, deadline=d, reason="征求第三方意见", at=local(2026, 11, 30, 10))
    assert d.status == DeadlineStatus.PAUSED
    assert d.due_at is None
    assert d.explanation["remaining_working_days"] == 15  # 11-24..11-30 counted
    assert selectors.deadline_state(d) == DeadlineState.PAUSED
    d = services.deadline_resume(actor=None, deadline=d, at=local(2026, 12, 4, 16))
    # then 12-01..12-04 (4 working days) are not counted
    assert d.status == DeadlineStatus.OPEN
    assert d.due_date == D(2026, 12, 25)
    assert "暂停：2026-11-30 10:00 至 2026-12-04 16:00（征求第三方意见），不计入 4 个工作日" in d.explain()
    assert [e.event for e in AuditEvent.objects.filter(target_id=str(d.pk)).order_by("seq")] == [
        "deadline.started",
        "deadline.pause",
        "deadline.resume",
    ]


def test_hour_pause_adds_the_paused_duration():
    d = services.deadline_start(actor=None, rule_key="opinion.response_ordinary", start=local(2026, 3, 2, 10))
    services.deadline_pause(actor=None, deadline=d, reason="等待上级批复", at=local(2026, 3, 2, 12))
    d = services.deadline_resume(actor=None, deadline=d, at=local(2026, 3, 2, 15, 30))
    assert d.due_at == local(2026, 3, 4, 13, 30)


def test_extension_up_to_the_rule_cap_once(unit_admin, department):
    d = _foi(local(2026, 11, 23), agency=department)
    # more than the cap is refused
    with pytest.raises(ValidationFailed) as exc:
        services.deadline_extend(actor=unit_admin, deadline=d, reason="信息量大", amount=21)
    assert "不得超过 20 个工作日" in exc.value.message
    # without an amount: what the cap allows (20)
    d = services.deadline_extend(actor=unit_admin, deadline=d, reason="信息量大", approved_by=unit_admin)
    assert d.total_amount == 40
    assert d.due_date == add_working_days(D(2026, 11, 23), 40).due == D(2027, 1, 19)
    assert d.provisional is True  # runs into 2027, whose schedule is not entered yet
    assert "延长：20 个工作日（信息量大）" in d.explain()
    assert "暂定：2027年尚无国务院办公厅公布的正式放假安排" in d.explain()
    # a second extension exceeds the one allowed
    with pytest.raises(Conflict) as exc:
        services.deadline_extend(actor=unit_admin, deadline=d, reason="再次延长", amount=1)
    assert exc.value.code == "extension_limit"
    assert d.extensions.count() == 1


def test_free_standing_deadline_without_rule_allows_several_extensions():
    d = services.deadline_start(actor=None, start=D(2026, 11, 23), unit="working_days", amount=5)
    services.deadline_extend(actor=None, deadline=d, reason="一", amount=2)
    d = services.deadline_extend(actor=None, deadline=d, reason="二", amount=3)
    assert d.total_amount == 10
    assert d.due_date == D(2026, 12, 7)
    with pytest.raises(ValidationFailed):
        services.deadline_start(actor=None, start=D(2026, 11, 23), unit="working_days")


@pytest.mark.parametrize("status", list(DeadlineStatus.values))
@pytest.mark.parametrize("action", list(DeadlineAction.values))
def test_every_status_action_pair(status, action):
    d = _foi(local(2026, 11, 23))
    if status == DeadlineStatus.PAUSED:
        d = services.deadline_pause(actor=None, deadline=d, reason="暂停", at=local(2026, 11, 25))
    elif status == DeadlineStatus.CLOSED:
        d = services.deadline_close(actor=None, deadline=d)
    expected = DEADLINE_TRANSITIONS.get((status, action))
    kwargs = {"reason": "原因", "amount": 1} if action == DeadlineAction.EXTEND else {}
    if action == DeadlineAction.PAUSE:
        kwargs = {"reason": "原因", "at": local(2026, 11, 26)}
    if action == DeadlineAction.RESUME:
        kwargs = {"at": local(2026, 11, 27)}
    if expected is None:
        with pytest.raises(InvalidTransition):
            services.deadline_transition(actor=None, deadline=d, action=action, **kwargs)
        d.refresh_from_db()
        assert d.status == status
    else:
        d = services.deadline_transition(actor=None, deadline=d, action=action, **kwargs)
        assert d.status == expected


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_wrong_actor_cannot_change_a_units_deadline(who, request, department):
    actor = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    d = _foi(local(2026, 11, 23), agency=department)
    with pytest.raises(PermissionDenied):
        services.deadline_pause(actor=actor, deadline=d, reason="x")
    with pytest.raises(PermissionDenied):
        services.deadline_start(actor=actor, agency=department, rule_key="foi.answer_period", start=local(2026, 11, 23))
    d.refresh_from_db()
    assert d.status == DeadlineStatus.OPEN and d.pauses.count() == 0
    assert Deadline.objects.count() == 1


def test_right_unit_can_change_its_deadline(unit_admin, department):
    d = _foi(local(2026, 11, 23), agency=department)
    d = services.deadline_close(actor=unit_admin, deadline=d, at=local(2026, 12, 1, 9))
    assert d.status == DeadlineStatus.CLOSED
    assert d.closed_at == local(2026, 12, 1, 9)
    assert selectors.deadline_state(d) == DeadlineState.CLOSED


def test_pause_before_start_or_without_reason_is_refused():
    d = _foi(local(2026, 11, 23, 9))
    with pytest.raises(ValidationFailed):
        services.deadline_pause(actor=None, deadline=d, reason="x", at=local(2026, 11, 22))
    with pytest.raises(ValidationFailed):
        services.deadline_pause(actor=None, deadline=d, reason=" ")
    assert d.pauses.count() == 0


def test_attached_to_a_case_and_found_again(department):
    d = services.deadline_start(
        actor=None, target=department, agency=department, rule_key="foi.answer_period", start=local(2026, 11, 23)
    )
    assert list(selectors.deadlines_for(department)) == [d]
    assert d.target == department


def test_derived_states(department):
    d = _foi(local(2026, 11, 23), agency=department)
    assert selectors.deadline_state(d, now=local(2026, 12, 1)) == DeadlineState.ON_TRACK
    # 12-17, 12-18, 12-21 are the last three working days
    assert selectors.deadline_state(d, now=local(2026, 12, 16, 12)) == DeadlineState.ON_TRACK
    assert selectors.deadline_state(d, now=local(2026, 12, 17, 8)) == DeadlineState.DUE_SOON
    assert selectors.deadline_state(d, now=local(2026, 12, 22, 0, 1)) == DeadlineState.OVERDUE
    assert list(selectors.deadline_list_overdue(local(2026, 12, 22))) == [d]
    h = services.deadline_start(actor=None, rule_key="opinion.response_ordinary", start=local(2026, 3, 2, 10))
    assert selectors.deadline_state(h, now=local(2026, 3, 3, 21, 59)) == DeadlineState.ON_TRACK
    assert selectors.deadline_state(h, now=local(2026, 3, 3, 22)) == DeadlineState.DUE_SOON  # 12 h = 25% of 48 left
