import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import InvalidTransition, NotFound, PermissionDenied
from gongkai.notifications.enums import Channel, Status
from gongkai.notifications.models import Notification
from gongkai.notifications.services import (
    notification_mark_all_read,
    notification_mark_read,
    notification_retry,
    notify,
    outbox_dispatch,
)
from tests.factories import UserFactory

FAILING = "tests.notifications.test_outbox.FailingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("邮件服务器拒绝连接")


@pytest.fixture
def recipient(db):
    return UserFactory(username="reader", full_name="收件人", email="reader@example.org")


def row_state(row):
    row = Notification.objects.get(pk=row.pk)
    return (row.status, row.attempts, row.next_attempt_at, row.last_error)


def test_in_app_notifications_are_delivered_at_once(recipient, frozen):
    [row] = notify(recipients=[recipient], subject="待审核", body="请审核", link="/office/", channels=[Channel.IN_APP])
    assert (row.status, row.sent_at, row.read_at, row.attempts) == (Status.SENT, frozen.at, None, 0)


def test_mail_is_sent_through_the_configured_backend(recipient, settings, frozen):
    settings.EMAIL_BACKEND = LOCMEM
    [in_app, email] = notify(recipients=[recipient], subject="待审核：年报", body="请审核", link="/office/reviews/1/")
    assert (in_app.channel, email.channel, email.status) == (Channel.IN_APP, Channel.EMAIL, Status.PENDING)
    assert mail.outbox == []
    # when
    assert outbox_dispatch() == {"sent": 1, "retried": 0, "failed": 0}
    # then
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.subject, message.to) == ("待审核：年报", ["reader@example.org"])
    assert message.body == "请审核\n\n/office/reviews/1/"
    assert row_state(email) == (Status.SENT, 1, None, "")
    assert Notification.objects.get(pk=email.pk).sent_at == frozen.at
    assert outbox_dispatch() == {"sent": 0, "retried": 0, "failed": 0}
    assert len(mail.outbox) == 1


def test_a_failing_mail_is_kept_retried_with_back_off_then_failed_then_requeued(recipient, settings, frozen, sysadmin):
    # given a mail server that refuses, at most 3 attempts, 60 s base back-off
    settings.EMAIL_BACKEND = FAILING
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    settings.NOTIFICATION_BACKOFF_SECONDS = 60
    [row] = notify(recipients=[recipient], subject="逾期提醒", channels=[Channel.EMAIL])
    start = frozen.at
    # first attempt fails: kept, with its error, retried after 60 s
    assert outbox_dispatch() == {"sent": 0, "retried": 1, "failed": 0}
    error = "ConnectionRefusedError: 邮件服务器拒绝连接"
    assert row_state(row) == (Status.PENDING, 1, start + dt.timedelta(seconds=60), error)
    # not due yet: nothing happens
    frozen.advance(seconds=59)
    assert outbox_dispatch() == {"sent": 0, "retried": 0, "failed": 0}
    assert row_state(row)[1] == 1
    # second attempt after the back-off; the next wait doubles
    frozen.advance(seconds=1)
    assert outbox_dispatch() == {"sent": 0, "retried": 1, "failed": 0}
    assert row_state(row) == (Status.PENDING, 2, frozen.at + dt.timedelta(seconds=120), error)
    # third attempt is the last: failed, no further attempt planned
    frozen.advance(seconds=120)
    assert outbox_dispatch() == {"sent": 0, "retried": 0, "failed": 1}
    assert row_state(row) == (Status.FAILED, 3, None, error)
    frozen.advance(days=1)
    assert outbox_dispatch() == {"sent": 0, "retried": 0, "failed": 0}
    # when the administrator retries once the server works again
    settings.EMAIL_BACKEND = LOCMEM
    notification_retry(actor=sysadmin, notification_id=row.pk)
    assert row_state(row)[:3] == (Status.PENDING, 0, frozen.at)
    event = AuditEvent.objects.get(event="notification.retried")
    assert event.data == {"old": {"status": "failed", "attempts": 3}, "new": {"status": "pending", "attempts": 0}}
    # then the mail goes out
    assert outbox_dispatch() == {"sent": 1, "retried": 0, "failed": 0}
    assert [m.subject for m in mail.outbox] == ["逾期提醒"]
    assert row_state(row) == (Status.SENT, 1, None, "")


@pytest.mark.parametrize("who", ["anonymous", "unit_admin", "recipient"])
def test_only_a_system_administrator_may_retry(recipient, settings, unit_admin, who):
    from django.contrib.auth.models import AnonymousUser

    settings.EMAIL_BACKEND = FAILING
    settings.NOTIFICATION_MAX_ATTEMPTS = 1
    [row] = notify(recipients=[recipient], subject="x", channels=[Channel.EMAIL])
    outbox_dispatch()
    before = row_state(row)
    actor = {"anonymous": AnonymousUser(), "unit_admin": unit_admin, "recipient": recipient}[who]
    with pytest.raises(PermissionDenied):
        notification_retry(actor=actor, notification_id=row.pk)
    assert row_state(row) == before
    assert before[0] == Status.FAILED


def test_sent_and_pending_mail_cannot_be_retried(recipient, settings, sysadmin):
    settings.EMAIL_BACKEND = LOCMEM
    [pending] = notify(recipients=[recipient], subject="a", channels=[Channel.EMAIL])
    with pytest.raises(InvalidTransition):
        notification_retry(actor=sysadmin, notification_id=pending.pk)
    outbox_dispatch()
    with pytest.raises(InvalidTransition):
        notification_retry(actor=sysadmin, notification_id=pending.pk)
    assert len(mail.outbox) == 1
    with pytest.raises(NotFound):
        notification_retry(actor=sysadmin, notification_id=999999)


def test_mail_to_someone_without_an_address_is_skipped_until_they_have_one(settings, sysadmin):
    settings.EMAIL_BACKEND = LOCMEM
    user = UserFactory(username="noemail", email="")
    [row] = notify(recipients=[user], subject="x", channels=[Channel.EMAIL])
    assert row_state(row)[0] == Status.SKIPPED
    assert Notification.objects.get(pk=row.pk).last_error == "接收人没有电子邮箱地址。"
    with pytest.raises(InvalidTransition) as excinfo:
        notification_retry(actor=sysadmin, notification_id=row.pk)
    assert excinfo.value.message == "接收人仍没有电子邮箱地址，无法发送。"
    user.email = "late@example.org"
    user.save()
    notification_retry(actor=sysadmin, notification_id=row.pk)
    assert outbox_dispatch()["sent"] == 1
    assert mail.outbox[0].to == ["late@example.org"]


def test_a_dedupe_key_prevents_duplicates(recipient):
    first = notify(recipients=[recipient], subject="逾期", dedupe_key="deadline:42:overdue")
    again = notify(recipients=[recipient, recipient], subject="逾期", dedupe_key="deadline:42:overdue")
    assert len(first) == 2
    assert again == []
    assert Notification.objects.filter(recipient=recipient).count() == 2


def test_marking_read(recipient, unit_admin, frozen):
    rows = notify(recipients=[recipient], subject="a", channels=[Channel.IN_APP])
    rows += notify(recipients=[recipient], subject="b", channels=[Channel.IN_APP])
    with pytest.raises(NotFound):
        notification_mark_read(actor=unit_admin, notification_id=rows[0].pk)
    assert Notification.objects.get(pk=rows[0].pk).read_at is None
    notification_mark_read(actor=recipient, notification_id=rows[0].pk)
    assert Notification.objects.get(pk=rows[0].pk).read_at == frozen.at
    assert notification_mark_all_read(actor=recipient) == 1
    assert notification_mark_all_read(actor=recipient) == 0
    assert Notification.objects.filter(recipient=recipient, read_at__isnull=True).count() == 0
