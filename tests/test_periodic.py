import threading
import time

import pytest
from celery import current_app
from django.conf import settings
from django.core import mail

from gongkai.core import clock, periodic
from gongkai.notifications.enums import Channel, Status
from gongkai.notifications.models import Notification

from .factories import UserFactory


def test_every_periodic_job_names_a_registered_task():
    current_app.loader.import_default_modules()
    for name, job in settings.PERIODIC_JOBS.items():
        assert job["task"] in current_app.tasks, name


@pytest.mark.django_db
def test_each_periodic_job_runs_in_process():
    assert periodic.run_job("gongkai.rules.tasks.sweep_deadlines") == {"overdue": 0, "due_soon": 0}
    assert periodic.run_job("gongkai.notifications.tasks.dispatch_outbox") == {"sent": 0, "retried": 0, "failed": 0}


@pytest.mark.django_db(transaction=True)
def test_in_process_runner_sends_a_pending_mail(settings):
    # given an e-mail waiting in the outbox (the embedded default has no broker and no worker)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = UserFactory(username="periodic-mail", email="handler@example.gov.cn")
    row = Notification.objects.create(
        recipient=user, channel=Channel.EMAIL, subject="期限提醒", next_attempt_at=clock.now()
    )
    # when the in-process runner of `manage.py serve` is started
    stop = threading.Event()
    thread = threading.Thread(target=periodic.run_forever, args=(stop, 0.05))
    thread.start()
    try:
        for _ in range(300):  # up to 30 s for imports and the first pass
            row.refresh_from_db()
            if row.status == Status.SENT:
                break
            time.sleep(0.1)
    finally:
        stop.set()
        thread.join(10)
    # then its dispatch job sent the mail
    assert row.status == Status.SENT
    assert [m.to for m in mail.outbox] == [["handler@example.gov.cn"]]


def test_commands_on_an_unmigrated_database_say_what_to_do(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    for args in (["deadline", "--start", "2026-11-23", "--working-days", "20"], ["audit_verify"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *args], env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode != 0
        assert "请先运行 python manage.py migrate" in done.stderr
        assert "Traceback" not in done.stderr
