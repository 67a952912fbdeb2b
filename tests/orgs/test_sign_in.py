import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.audit.models import AuditEvent
from gongkai.core import clock
from gongkai.orgs import auth_services, services
from gongkai.orgs.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Passw0rd!gk"  # tests/factories.py


def _sign_in(client, username, password):
    return client.post(reverse("orgs:login"), {"username": username, "password": password})


def _token(device: TOTPDevice) -> str:
    """The current code of a TOTP device, computed from its key as an authenticator app would."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


# --- password and lockout ---------------------------------------------------------------------


def test_correct_password_signs_in(client, unit_admin):
    response = _sign_in(client, "unitadmin", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:home")
    assert client.get(reverse("backoffice:home")).status_code == 200
    assert AuditEvent.objects.filter(event="auth.signed_in", target_id=str(unit_admin.pk)).count() == 1


def test_wrong_password_is_refused_in_chinese(client, unit_admin):
    response = _sign_in(client, "unitadmin", "wrong")
    assert response.status_code == 200
    assert "用户名或密码不正确。多次失败后账户将被暂时锁定。" in response.content.decode()
    unit_admin.refresh_from_db()
    assert unit_admin.failed_sign_ins == 1


def test_five_wrong_passwords_lock_the_account(client, settings, unit_admin):
    assert settings.LOGIN_LOCKOUT_THRESHOLD == 5
    # when
    responses = [_sign_in(client, "unitadmin", f"wrong{i}") for i in range(5)]
    # then the fifth answer says the account is locked
    assert "已被锁定" not in responses[3].content.decode()
    assert "该账户因多次登录失败已被锁定" in responses[4].content.decode()
    unit_admin.refresh_from_db()
    assert unit_admin.locked_until is not None
    assert unit_admin.locked_until - clock.now() <= dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    assert AuditEvent.objects.filter(event="auth.locked", target_id=str(unit_admin.pk)).count() == 1
    # and even the right password is refused while locked
    response = _sign_in(client, "unitadmin", PASSWORD)
    assert response.status_code == 200
    assert "该账户因多次登录失败已被锁定" in response.content.decode()
    assert client.get(reverse("backoffice:home")).status_code == 302


def test_unlock_by_admin_lets_the_right_password_in(client, sysadmin, unit_admin):
    for i in range(5):
        _sign_in(client, "unitadmin", f"wrong{i}")
    # when
    auth_services.user_unlock(actor=sysadmin, user=unit_admin)
    # then
    response = _sign_in(client, "unitadmin", PASSWORD)
    assert response.status_code == 302
    unit_admin.refresh_from_db()
    assert (unit_admin.locked_until, unit_admin.failed_sign_ins) == (None, 0)


def test_unlock_is_for_system_admins_only(unit_admin, sub_user):
    from gongkai.core.errors import PermissionDenied

    until = clock.now() + dt.timedelta(minutes=5)
    User.objects.filter(pk=sub_user.pk).update(locked_until=until)
    with pytest.raises(PermissionDenied):
        auth_services.user_unlock(actor=unit_admin, user=sub_user)
    sub_user.refresh_from_db()
    assert sub_user.locked_until == until


def test_lock_expires_after_the_configured_minutes(client, settings, unit_admin):
    for i in range(5):
        _sign_in(client, "unitadmin", f"wrong{i}")
    later = clock.now() + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=1)
    # still locked one minute before the end
    with mock.patch("gongkai.core.clock.now", return_value=later - dt.timedelta(minutes=1)):
        assert "已被锁定" in _sign_in(client, "unitadmin", PASSWORD).content.decode()
    # when the clock passes the lock's end
    with mock.patch("gongkai.core.clock.now", return_value=later):
        response = _sign_in(client, "unitadmin", PASSWORD)
    # then the right password works again
    assert response.status_code == 302


def test_lock_in_the_past_does_not_block(client, unit_admin):
    User.objects.filter(pk=unit_admin.pk).update(locked_until=clock.now() - dt.timedelta(seconds=1))
    assert _sign_in(client, "unitadmin", PASSWORD).status_code == 302


def test_success_resets_the_failure_count(client, unit_admin):
    for i in range(4):
        _sign_in(client, "unitadmin", f"wrong{i}")
    _sign_in(client, "unitadmin", PASSWORD)
    unit_admin.refresh_from_db()
    assert unit_admin.failed_sign_ins == 0
    client.logout()
    for i in range(4):
        _sign_in(client, "unitadmin", f"wrong{i}")
    unit_admin.refresh_from_db()
    assert unit_admin.locked_until is None


def test_unknown_username_is_a_plain_failure(client):
    response = _sign_in(client, "nobody", "whatever")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_deactivated_account_cannot_sign_in(client, sysadmin, sub_user):
    services.user_deactivate(actor=sysadmin, user=sub_user)
    response = _sign_in(client, "subuser", PASSWORD)
    assert response.status_code == 200
    assert client.get(reverse("backoffice:home")).status_code == 302


# --- TOTP enrolment and the middleware --------------------------------------------------------


def test_totp_enrolment_with_a_real_token(client, settings, unit_admin):
    # django-otp throttles a device for a moment after a wrong code; this test retries at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client.force_login(unit_admin)
    # when the setup page is opened, a device is prepared and its key shown
    page = client.get(reverse("orgs:otp_setup"))
    device = TOTPDevice.objects.get(user=unit_admin)
    assert page.status_code == 200
    assert device.confirmed is False
    import base64

    assert base64.b32encode(device.bin_key).decode() in page.content.decode()
    # a wrong code is refused
    wrong = client.post(reverse("orgs:otp_setup"), {"token": "000000" if _token(device) != "000000" else "111111"})
    assert "验证码不正确或已过期，请重试。" in wrong.content.decode()
    # when the authenticator's current code is entered
    response = client.post(reverse("orgs:otp_setup"), {"token": _token(device), "next": "/office/"})
    # then the device is confirmed and the session verified
    assert response.status_code == 302
    assert response["Location"] == "/office/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert AuditEvent.objects.filter(event="auth.totp_enrolled", target_id=str(unit_admin.pk)).count() == 1


def test_user_who_must_use_two_factor_is_sent_to_setup_then_let_in(client, sysadmin, unit_admin):
    services.user_update(actor=sysadmin, user=unit_admin, require_two_factor=True)
    _sign_in(client, "unitadmin", PASSWORD)
    # when they open the back office without a device
    response = client.get("/office/orgs/agencies/")
    # then they are sent to enrol
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('orgs:otp_setup')}?next=/office/orgs/agencies/"
    client.get(reverse("orgs:otp_setup"))
    device = TOTPDevice.objects.get(user=unit_admin)
    client.post(reverse("orgs:otp_setup"), {"token": _token(device), "next": "/office/orgs/agencies/"})
    # and after enrolment the back office opens
    assert client.get("/office/orgs/agencies/").status_code == 200


def test_enrolled_user_must_verify_in_a_new_session(client, sysadmin, unit_admin):
    services.user_update(actor=sysadmin, user=unit_admin, require_two_factor=True)
    device = TOTPDevice.objects.create(user=unit_admin, name="TOTP", confirmed=True)
    _sign_in(client, "unitadmin", PASSWORD)
    response = client.get("/office/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('orgs:otp_verify')}?next=/office/"
    # a malformed code is refused
    bad = client.post(reverse("orgs:otp_verify"), {"token": "12345"})
    assert "请输入 6 位数字验证码。" in bad.content.decode()
    # when the right code is entered
    response = client.post(reverse("orgs:otp_verify"), {"token": _token(device), "next": "/office/"})
    assert response.status_code == 302
    assert client.get("/office/").status_code == 200


def test_api_is_protected_by_the_second_factor_too(client, sysadmin, unit_admin):
    services.user_update(actor=sysadmin, user=unit_admin, require_two_factor=True)
    client.force_login(unit_admin)
    response = client.get("/api/v1/orgs/me")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("orgs:otp_setup"))


def test_security_policy_switch_requires_two_factor_for_all_staff(client, sysadmin, sub_user):
    client.force_login(sub_user)
    assert client.get("/office/").status_code == 200
    # when the administrator requires a second factor for everybody
    services.security_policy_update(actor=sysadmin, require_two_factor_for_staff=True)
    # then a staff member without a device is sent to enrol
    response = client.get("/office/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('orgs:otp_setup')}?next=/office/"
    # and switching it off lets them in again
    services.security_policy_update(actor=sysadmin, require_two_factor_for_staff=False)
    assert client.get("/office/").status_code == 200


def test_user_reset_two_factor_removes_devices(unit_admin, sub_user):
    TOTPDevice.objects.create(user=sub_user, name="TOTP", confirmed=True)
    assert services.user_reset_two_factor(actor=unit_admin, user=sub_user) == 1
    assert not TOTPDevice.objects.filter(user=sub_user).exists()
