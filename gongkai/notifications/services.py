"""Writing to the outbox and sending what is due."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from gongkai.core import clock
from gongkai.core.errors import InvalidTransition, NotFound
from gongkai.notifications.events import NotificationsEvent

from .enums import Channel, Status
from .models import ExternalMessage, Notification

# Operational settings (not statutory numbers): how often and how late to retry.
# The defaults; ``settings.NOTIFICATION_MAX_ATTEMPTS`` / ``NOTIFICATION_BACKOFF_SECONDS``
# override them and are read at send time (so a settings change needs no restart).
MAX_ATTEMPTS = 5
BASE_BACKOFF_SECONDS = 60


def max_attempts() -> int:
    return int(getattr(settings, "NOTIFICATION_MAX_ATTEMPTS", MAX_ATTEMPTS))


def backoff_seconds() -> int:
    return int(getattr(settings, "NOTIFICATION_BACKOFF_SECONDS", BASE_BACKOFF_SECONDS))


def notify(
    *,
    recipients: Iterable,
    subject: str,
    body: str = "",
    link: str = "",
    event: str = "",
    channels: Iterable[str] = (Channel.IN_APP, Channel.EMAIL),
    dedupe_key: str | None = None,
) -> list[Notification]:
    """Queue a notification for each recipient and channel; returns the rows created.

    With a ``dedupe_key``, a recipient already notified under that key on a channel is
    skipped, so a periodic job can call this every run. E-mails are sent after commit.
    """
    now = clock.now()
    users = {u.pk: u for u in recipients if u is not None}
    channels = list(channels)
    with transaction.atomic():
        done: set[tuple[int, str]] = set()
        if dedupe_key and users:
            done = set(
                Notification.objects.filter(
                    recipient_id__in=list(users), channel__in=channels, dedupe_key=dedupe_key
                ).values_list("recipient_id", "channel")
            )
        rows: list[Notification] = []
        for user in users.values():
            for channel in channels:
                if (user.pk, channel) in done:
                    continue
                row = Notification(
                    recipient=user,
                    channel=channel,
                    event=event,
                    subject=subject[:200],
                    body=body,
                    link=link,
                    dedupe_key=dedupe_key,
                )
                if channel == Channel.IN_APP:
                    row.status, row.sent_at = Status.SENT, now
                elif not user.email:
                    row.status, row.last_error = Status.SKIPPED, "接收人没有电子邮箱地址。"
                else:
                    row.next_attempt_at = now
                rows.append(row)
        created: list[Notification] = []
        if rows:
            try:
                with transaction.atomic():
                    created = Notification.objects.bulk_create(rows)
            except IntegrityError:  # a concurrent run queued some of the same keys first: row by row
                for row in rows:
                    row.pk = None
                    try:
                        with transaction.atomic():
                            row.save()
                    except IntegrityError:
                        continue
                    created.append(row)
        if any(r.channel == Channel.EMAIL and r.status == Status.PENDING for r in created):
            transaction.on_commit(_queue_dispatch)
    return created


# --- Messages to people without an account (applicants): e-mail and SMS ----------------------

# kind -> fn(ref_id: str, channel: str) -> (address, masked address); "" when there is none.
_RESOLVERS: dict[str, Callable[[str, str], tuple[str, str]]] = {}


def register_address_resolver(kind: str, fn: Callable[[str, str], tuple[str, str]]) -> None:
    """An app that owns contacts (kept encrypted) tells the outbox how to find the address for
    ``"<kind>:<id>"`` at send time, so the outbox never stores an address in clear."""
    _RESOLVERS[kind] = fn


def _resolve(address_ref: str, channel: str) -> tuple[str, str]:
    kind, _sep, ref_id = address_ref.partition(":")
    fn = _RESOLVERS.get(kind)
    if fn is None:
        return "", ""
    return fn(ref_id, channel)


def notify_external(
    *,
    address_ref: str,
    subject: str,
    body: str,
    event: str = "",
    channels: Iterable[str] = (Channel.EMAIL, Channel.SMS),
    dedupe_key: str | None = None,
    body_after_send: str = "",
) -> list[ExternalMessage]:
    """Queue a message to the contact behind ``address_ref`` on each channel it has an address
    for (a channel without one is recorded as skipped). Sent after commit, like e-mails to staff."""
    now = clock.now()
    created: list[ExternalMessage] = []
    with transaction.atomic():
        for channel in channels:
            if channel not in (Channel.EMAIL, Channel.SMS):
                continue
            if (
                dedupe_key
                and ExternalMessage.objects.filter(
                    address_ref=address_ref, channel=channel, dedupe_key=dedupe_key
                ).exists()
            ):
                continue
            address, masked = _resolve(address_ref, channel)
            row = ExternalMessage(
                channel=channel,
                address_ref=address_ref[:100],
                address_masked=masked[:200],
                event=event,
                subject=subject[:200],
                body=body,
                body_after_send=body_after_send,
                dedupe_key=dedupe_key,
            )
            if not address:
                row.status, row.last_error = Status.SKIPPED, "没有该渠道的联系方式。"
                row.body = body_after_send or body
                row.body_after_send = ""
            else:
                row.next_attempt_at = now
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:  # queued concurrently under the same key
                continue
            created.append(row)
        if any(r.status == Status.PENDING for r in created):
            transaction.on_commit(_queue_dispatch)
    return created


def _send_external(row: ExternalMessage) -> None:
    from .sms import send_sms

    address, _masked = _resolve(row.address_ref, row.channel)
    if not address:
        raise LookupError("接收方没有该渠道的联系方式。")
    if row.channel == Channel.EMAIL:
        send_mail(subject=row.subject, message=row.body, from_email=None, recipient_list=[address])
    else:
        send_sms(address, row.body)


def _attempt(row, send: Callable[[], None]) -> str:
    """One delivery attempt of an outbox row (staff e-mail or external message): count it, and on a
    transport error keep the row for a retry with back-off until ``max_attempts``. Returns
    ``"sent"``, ``"retried"`` or ``"failed"``; the caller saves the row."""
    row.attempts += 1
    try:
        send()
    except Exception as exc:  # any transport error: keep the row, record why, retry later
        row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if row.attempts >= max_attempts():
            row.status, row.next_attempt_at = Status.FAILED, None
            return "failed"
        row.next_attempt_at = clock.now() + _backoff(row.attempts)
        return "retried"
    row.status, row.sent_at, row.next_attempt_at, row.last_error = Status.SENT, clock.now(), None, ""
    return "sent"


_ATTEMPT_FIELDS = ["attempts", "status", "sent_at", "next_attempt_at", "last_error"]


def _dispatch_external(now: dt.datetime, limit: int, counts: Counter) -> None:
    with transaction.atomic():
        due = list(
            ExternalMessage.objects.select_for_update(skip_locked=True)
            .filter(status=Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")[:limit]
        )
        for row in due:
            outcome = _attempt(row, lambda row=row: _send_external(row))
            counts[outcome] += 1
            if outcome != "retried" and row.body_after_send:
                row.body, row.body_after_send = row.body_after_send, ""
            row.save(update_fields=[*_ATTEMPT_FIELDS, "body", "body_after_send"])


def _queue_dispatch() -> None:
    from .tasks import dispatch_outbox

    dispatch_outbox.delay()


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=backoff_seconds() * (2 ** max(attempts - 1, 0)))


def outbox_dispatch(*, limit: int = 100) -> dict[str, int]:
    """Send the pending e-mails (to staff) and the e-mails and SMS to people without an account
    that are due. Safe to run from several workers at once."""
    counts: Counter = Counter()
    now = clock.now()
    with transaction.atomic():
        due = list(
            # of=("self",): lock the outbox rows only, not the recipients' user rows
            # (sign-ins update those while mail is being sent).
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(channel=Channel.EMAIL, status=Status.PENDING, next_attempt_at__lte=now)
            .select_related("recipient")
            .order_by("next_attempt_at", "id")[:limit]
        )
        for row in due:
            counts[
                _attempt(
                    row,
                    lambda row=row: send_mail(
                        subject=row.subject,
                        message=row.body + (f"\n\n{row.link}" if row.link else ""),
                        from_email=None,
                        recipient_list=[row.recipient.email],
                    ),
                )
            ] += 1
            row.save(update_fields=_ATTEMPT_FIELDS)
    _dispatch_external(now, limit, counts)
    return {"sent": counts["sent"], "retried": counts["retried"], "failed": counts["failed"]}


def notification_mark_read(*, actor, notification_id: int) -> Notification:
    row = Notification.objects.filter(pk=notification_id, recipient=actor, channel=Channel.IN_APP).first()
    if row is None:
        raise NotFound("未找到该通知。")
    if row.read_at is None:
        row.read_at = clock.now()
        row.save(update_fields=["read_at"])
    return row


def notification_mark_all_read(*, actor) -> int:
    """Mark all of the actor's unread in-app notifications read; returns how many."""
    if not getattr(actor, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=actor, channel=Channel.IN_APP, read_at__isnull=True).update(
        read_at=clock.now()
    )


def notification_retry(*, actor, notification_id: int) -> Notification:
    """Put a failed e-mail back in the queue (system administrator).

    Only a failed e-mail, or one skipped for want of an address whose recipient has one
    now, can be retried: re-queueing a sent or pending one would send it twice.
    """
    from gongkai.audit.services import audit_log
    from gongkai.orgs.permissions import require_system_admin

    require_system_admin(actor)
    with transaction.atomic():
        row = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, channel=Channel.EMAIL)
            .first()
        )
        if row is None:
            raise NotFound("未找到该通知。")
        if row.status not in (Status.FAILED, Status.SKIPPED):
            raise InvalidTransition("只能重新发送发送失败或未发送的邮件。", detail={"status": row.status})
        if not row.recipient.email:
            raise InvalidTransition("接收人仍没有电子邮箱地址，无法发送。", detail={"status": row.status})
        old = {"status": row.status, "attempts": row.attempts}
        row.status, row.attempts, row.next_attempt_at = Status.PENDING, 0, clock.now()
        row.save(update_fields=["status", "attempts", "next_attempt_at"])
        audit_log(
            actor=actor,
            event=NotificationsEvent.RETRIED,
            target=row,
            data={"old": old, "new": {"status": row.status, "attempts": row.attempts}},
        )
        transaction.on_commit(_queue_dispatch)
    return row


def external_message_retry(*, actor, message: ExternalMessage) -> ExternalMessage:
    """Put a failed (or skipped, if the contact now has an address) message to a person without
    an account back in the queue. The owning app checks who may ask (e.g. the case handler)."""
    from gongkai.audit.services import audit_log

    with transaction.atomic():
        row = ExternalMessage.objects.select_for_update().filter(pk=message.pk).first()
        if row is None:
            raise NotFound("未找到该消息。")
        if row.status not in (Status.FAILED, Status.SKIPPED):
            raise InvalidTransition("只能重新发送发送失败或未发送的消息。", detail={"status": row.status})
        address, masked = _resolve(row.address_ref, row.channel)
        if not address:
            raise InvalidTransition("接收方仍没有该渠道的联系方式，无法发送。", detail={"status": row.status})
        old = {"status": row.status, "attempts": row.attempts}
        row.status, row.attempts, row.next_attempt_at, row.address_masked = Status.PENDING, 0, clock.now(), masked
        row.save(update_fields=["status", "attempts", "next_attempt_at", "address_masked"])
        audit_log(
            actor=actor,
            event=NotificationsEvent.RETRIED,
            target=row,
            data={"old": old, "new": {"status": row.status, "attempts": row.attempts}},
        )
        transaction.on_commit(_queue_dispatch)
    return row
