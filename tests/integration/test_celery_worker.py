"""A real Celery worker on a real broker (Redis on 127.0.0.1:6379) runs Gongkai's periodic tasks."""

from pathlib import Path

import pytest

from gongkai.core import clock
from gongkai.notifications.enums import Channel, Status
from gongkai.notifications.models import Notification

from ..factories import UserFactory
from .celery_worker import BROKER_URL, broker_available, running_worker

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not broker_available(), reason=f"no message broker at {BROKER_URL}: start Redis to run this test"
    ),
]


@pytest.mark.django_db(transaction=True)
def test_worker_sends_queued_email_from_the_outbox(tmp_path: Path):
    # given an e-mail waiting in the outbox, committed to the test database
    user = UserFactory(username="celery-mail", email="handler@example.gov.cn")
    row = Notification.objects.create(
        recipient=user, channel=Channel.EMAIL, subject="期限提醒", body="测试正文", next_attempt_at=clock.now()
    )
    mail_dir = tmp_path / "mail"

    # when a worker process takes the dispatch task from the broker and runs it
    env = {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(mail_dir)}
    with running_worker(env) as (queue, client):
        result = client.send_task("gongkai.notifications.tasks.dispatch_outbox", queue=queue).get(timeout=60)

    # then it sent the mail and recorded that in the shared database
    assert result == {"sent": 1, "retried": 0, "failed": 0}
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert row.attempts == 1
    written = list(mail_dir.iterdir())
    assert len(written) == 1
    assert "handler@example.gov.cn" in written[0].read_text()


@pytest.mark.django_db(transaction=True)
def test_worker_runs_the_deadline_sweep(department, unit_admin):
    # given a clock of 20 working days that started long ago (the answer period of 条例 art. 33)
    import datetime as dt

    from gongkai.rules.services import deadline_start

    deadline = deadline_start(
        actor=None,
        agency=department,
        rule_key="foi.answer_period",
        start=dt.date(2026, 1, 5),
        handler=unit_admin,
        title="依申请公开 测试件",
    )
    assert deadline.due_date == dt.date(2026, 2, 2)

    # when a worker takes the periodic sweep from the broker, twice (the sweep is idempotent)
    with running_worker() as (queue, client):
        first = client.send_task("gongkai.rules.tasks.sweep_deadlines", queue=queue).get(timeout=60)
        second = client.send_task("gongkai.rules.tasks.sweep_deadlines", queue=queue).get(timeout=60)

    # then the first run marked it overdue and told the handler; the second found nothing new
    assert first["overdue"] == 1
    assert second["overdue"] == 0
    deadline.refresh_from_db()
    assert deadline.overdue_notified_at is not None
    in_app = Notification.objects.filter(recipient=unit_admin, channel=Channel.IN_APP)
    assert in_app.count() == 1
    assert "逾期" in in_app.get().subject
