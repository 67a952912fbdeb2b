"""Sign-in lockout and second-factor enrolment."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.core import clock

from .models import User


def sign_in_locked_until(*, username: str) -> dt.datetime | None:
    """When the account is locked, the time the lock ends; otherwise None."""
    user = User.objects.filter(username=username).only("locked_until").first()
    if user and user.locked_until and user.locked_until > clock.now():
        return user.locked_until
    return None


@transaction.atomic
def sign_in_record_failure(*, username: str, reason: str = "password") -> dt.datetime | None:
    """Count a failed attempt; lock the account after the threshold. Returns the lock end if locked now."""
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        return None
    user.failed_sign_ins += 1
    locked_until = None
    if user.failed_sign_ins >= settings.LOGIN_LOCKOUT_THRESHOLD:
        locked_until = clock.now() + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        user.locked_until = locked_until
        user.failed_sign_ins = 0
        audit_log(actor=None, event="auth.locked", target=user, data={"reason": reason, "until": locked_until})
    user.save(update_fields=["failed_sign_ins", "locked_until"])
    return locked_until


@transaction.atomic
def sign_in_record_success(*, user: User) -> None:
    if user.failed_sign_ins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_sign_ins=0, locked_until=None)
    audit_log(actor=user, event="auth.signed_in", target=user)


@transaction.atomic
def user_unlock(*, actor, user: User) -> None:
    from .permissions import require_system_admin

    require_system_admin(actor)
    User.objects.filter(pk=user.pk).update(failed_sign_ins=0, locked_until=None)
    audit_log(actor=actor, event="auth.unlocked", target=user)


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
    audit_log(actor=user, event="auth.totp_enrolled", target=user)
    return True
