"""The periodic sweep: newly overdue and due-soon deadlines are notified once (idempotent)."""

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.notifications.models import Notification
from gongkai.rules import services
from gongkai.rules.tasks import sweep_deadlines

from .conftest import local

pytestmark = pytest.mark.django_db


def test_overdue_deadline_is_notified_and_audited_once(handler, department):
    # given a deadline due 2026-12-21 (end of day), with a handler
    d = services.deadline_start(
        actor=None, agency=department, handler=handler, rule_key="foi.answer_period", start=local(2026, 11, 23)
    )
    # when the sweep runs after it is due
    first = services.deadline_sweep(now=local(2026, 12, 22, 9))
    second = services.deadline_sweep(now=local(2026, 12, 22, 9, 5))
    # then the first run notified and audited it; the second did nothing
    assert first == {"overdue": 1, "due_soon": 0}
    assert second == {"overdue": 0, "due_soon": 0}
    d.refresh_from_db()
    assert d.overdue_notified_at == local(2026, 12, 22, 9)
    notices = Notification.objects.filter(event="deadline.overdue")
    assert sorted(notices.values_list("recipient__username", "channel")) == [
        ("handler", "email"),
        ("handler", "in_app"),
    ]
    assert notices.get(channel="in_app").subject == "期限已逾期：依申请公开答复期限"
    assert notices.get(channel="in_app").dedupe_key == f"deadline:{d.pk}:overdue:{d.due_at.isoformat()}"
    event = AuditEvent.objects.get(event="deadline.overdue")
    assert event.target_id == str(d.pk) and event.data["notified"] == ["handler"]


def test_without_a_handler_the_unit_admins_are_told(unit_admin, department):
    services.deadline_start(actor=None, agency=department, rule_key="foi.answer_period", start=local(2026, 11, 23))
    services.deadline_sweep(now=local(2026, 12, 22, 9))
    assert Notification.objects.filter(event="deadline.overdue", recipient=unit_admin, channel="in_app").count() == 1


def test_paused_and_closed_deadlines_are_never_overdue(handler):
    a = services.deadline_start(actor=None, handler=handler, rule_key="foi.answer_period", start=local(2026, 11, 23))
    b = services.deadline_start(actor=None, handler=handler, rule_key="foi.answer_period", start=local(2026, 11, 23))
    services.deadline_pause(actor=None, deadline=a, reason="征求第三方意见", at=local(2026, 12, 1))
    services.deadline_close(actor=None, deadline=b, at=local(2026, 12, 1))
    assert services.deadline_sweep(now=local(2027, 1, 30)) == {"overdue": 0, "due_soon": 0}
    assert not Notification.objects.exists()


def test_due_soon_reminder_once(handler):
    d = services.deadline_start(actor=None, handler=handler, rule_key="foi.answer_period", start=local(2026, 11, 23))
    assert services.deadline_sweep(now=local(2026, 12, 16, 9)) == {"overdue": 0, "due_soon": 0}
    assert services.deadline_sweep(now=local(2026, 12, 17, 9)) == {"overdue": 0, "due_soon": 1}
    assert services.deadline_sweep(now=local(2026, 12, 18, 9)) == {"overdue": 0, "due_soon": 0}
    notice = Notification.objects.get(event="deadline.due_soon", channel="in_app")
    assert notice.subject == "期限即将到期：依申请公开答复期限"
    assert "2026-12-21" in notice.body
    d.refresh_from_db()
    assert d.due_soon_notified_at == local(2026, 12, 17, 9)


def test_recomputed_later_due_makes_it_overdue_again_later(sysadmin, handler):
    # given an overdue, notified deadline
    d = services.deadline_start(actor=None, handler=handler, rule_key="foi.answer_period", start=local(2026, 11, 23))
    services.deadline_sweep(now=local(2026, 12, 22, 1))
    # when an extension moves the due date into the future (the clock reads "now" as after 12-22)
    from unittest import mock

    with mock.patch("gongkai.core.clock.now", return_value=local(2026, 12, 22, 2)):
        d = services.deadline_extend(actor=None, deadline=d, reason="延长", amount=5)
    assert d.overdue_notified_at is None
    # then it is notified again when the new due time passes
    assert services.deadline_sweep(now=local(2026, 12, 29, 1)) == {"overdue": 1, "due_soon": 0}
    assert Notification.objects.filter(event="deadline.overdue", channel="in_app").count() == 2


def test_the_celery_task_runs_the_sweep(handler):
    services.deadline_start(
        actor=None, handler=handler, rule_key="opinion.response_ordinary", start=local(2020, 1, 2, 9)
    )
    result = sweep_deadlines.apply().get()
    assert result == {"overdue": 1, "due_soon": 0}
    assert sweep_deadlines.name == "gongkai.rules.tasks.sweep_deadlines"


def test_the_in_process_periodic_runner_finds_the_sweep():
    from django.conf import settings

    from gongkai.core.periodic import run_job

    assert settings.PERIODIC_JOBS["deadline-sweep"]["task"] == "gongkai.rules.tasks.sweep_deadlines"
    assert run_job("gongkai.rules.tasks.sweep_deadlines") == {"overdue": 0, "due_soon": 0}
