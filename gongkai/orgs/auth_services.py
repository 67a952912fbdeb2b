"""Sign-in throttle, second-factor lockout and second-factor enrolment.

Password failures are throttled per (user name, client address) with exponential back-off:
the answer is the same whether or not the name exists, and a stranger's failures delay only
the stranger, never the account's owner at another address. Wrong second-factor codes come
from someone who knew the password: those lock the account itself (``locked_until``), and
that lock is only revealed after the right password.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.orgs.events import OrgsEvent

from .models import SignInThrottle, User

# Failures older than this no longer count towards the back-off.
THROTTLE_MEMORY = dt.timedelta(hours=24)


def _throttle_name(username: str) -> str:
    return (username or "").strip().casefold()[:150]


def _throttle_address(address: str) -> str:
    return (address or "unknown")[:64]


def sign_in_backoff(failures: int) -> dt.timedelta:
    """How long a (name, address) pair waits after its ``failures``-th failure in a row."""
    over = failures - settings.LOGIN_THROTTLE_THRESHOLD
    if over < 0:
        return dt.timedelta(0)
    seconds = settings.LOGIN_THROTTLE_BACKOFF_SECONDS * 2 ** min(over, 30)
    return dt.timedelta(seconds=min(seconds, settings.LOGIN_THROTTLE_BACKOFF_MAX_SECONDS))


def sign_in_throttled_until(*, username: str, address: str) -> dt.datetime | None:
    """When this name may next be tried from this address, if that is in the future."""
    row = (
        SignInThrottle.objects.filter(username=_throttle_name(username), address=_throttle_address(address))
        .only("blocked_until")
        .first()
    )
    if row and row.blocked_until and row.blocked_until > clock.now():
        return row.blocked_until
    return None


@transaction.atomic
def sign_in_record_failure(*, username: str, address: str) -> dt.datetime | None:
    """Count a failed password sign-in of a name from an address. Returns the end of the
    back-off it now has to wait, or None while it is under the threshold."""
    now = clock.now()
    row, _ = SignInThrottle.objects.select_for_update().get_or_create(
        username=_throttle_name(username), address=_throttle_address(address)
    )
    if row.last_failure_at and now - row.last_failure_at > THROTTLE_MEMORY:
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    wait = sign_in_backoff(row.failures)
    row.blocked_until = now + wait if wait else None
    row.save(update_fields=["failures", "last_failure_at", "blocked_until"])
    if row.blocked_until and row.failures == settings.LOGIN_THROTTLE_THRESHOLD:
        # Once per run of failures: the audit trail shows the attempt without flooding.
        audit_log(
            actor=None,
            event=OrgsEvent.AUTH_THROTTLED,
            target=User.objects.filter(username=username).first(),
            data={"username": row.username, "address": row.address, "until": row.blocked_until},
        )
    return row.blocked_until


@transaction.atomic
def sign_in_record_success(*, user: User, address: str = "") -> None:
    SignInThrottle.objects.filter(username=_throttle_name(user.username), address=_throttle_address(address)).delete()
    if user.failed_sign_ins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_sign_ins=0, locked_until=None)
    audit_log(actor=user, event=OrgsEvent.AUTH_SIGNED_IN, target=user)


def account_locked_until(*, user: User) -> dt.datetime | None:
    """The end of the account lock set by wrong second-factor codes, if it is in the future."""
    if user.locked_until and user.locked_until > clock.now():
        return user.locked_until
    return None


@transaction.atomic
def second_factor_record_failure(*, user: User) -> dt.datetime | None:
    """Count a wrong second-factor code; lock the account after the threshold. Returns the lock
    end if it is locked now. The password was right, so this cannot be triggered by a stranger."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.failed_sign_ins += 1
    locked_until = None
    if user.failed_sign_ins >= settings.LOGIN_LOCKOUT_THRESHOLD:
        locked_until = clock.now() + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        user.locked_until = locked_until
        user.failed_sign_ins = 0
        audit_log(actor=None, event=OrgsEvent.AUTH_LOCKED, target=user, data={"reason": "totp", "until": locked_until})
    user.save(update_fields=["failed_sign_ins", "locked_until"])
    return locked_until


@transaction.atomic
def user_unlock(*, actor, user: User) -> None:
    """Lift the account lock and every sign-in back-off of the user's name."""
    from .permissions import require_system_admin

    require_system_admin(actor)
    User.objects.filter(pk=user.pk).update(failed_sign_ins=0, locked_until=None)
    SignInThrottle.objects.filter(username=_throttle_name(user.username)).delete()
    audit_log(actor=actor, event=OrgsEvent.AUTH_UNLOCKED, target=user)


def totp_device_for_enrolment(*, user: User):
    """The user's unconfirmed TOTP device, created if needed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, user: User, device, token: str) -> bool:
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # One confirmed device per user: older ones are replaced.
    type(device).objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    audit_log(actor=user, event=OrgsEvent.AUTH_TOTP_ENROLLED, target=user)
    return True


def sign_in_throttle_purge() -> int:
    """Forget throttle records whose last failure is older than the back-off memory (a periodic
    job: failed attempts with made-up names must not grow the table for ever)."""
    deleted, _ = SignInThrottle.objects.filter(last_failure_at__lt=clock.now() - THROTTLE_MEMORY).delete()
    return deleted
