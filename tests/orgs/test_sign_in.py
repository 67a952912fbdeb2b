import datetime as dt
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.audit.models import AuditEvent
from gongkai.core import clock
from gongkai.orgs import auth_services, services
from gongkai.orgs.models import SignInThrottle, User

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
    assert "用户名或密码不正确。" in response.content.decode()
    row = SignInThrottle.objects.get(username="unitadmin", address="127.0.0.1")
    assert (row.failures, row.blocked_until) == (1, None)


def _post_from(address: str):
    """A fresh client whose requests come from ``address``."""
    return Client(REMOTE_ADDR=address)


def test_repeated_failures_throttle_the_name_from_that_address_only(settings, unit_admin):
    assert settings.LOGIN_THROTTLE_THRESHOLD == 5
    stranger = _post_from("203.0.113.7")
    # when a stranger tries five wrong passwords for the account
    responses = [_sign_in(stranger, "unitadmin", f"wrong{i}") for i in range(5)]
    # then the fifth answer asks the stranger to wait
    assert "登录失败次数过多" not in responses[3].content.decode()
    assert "登录失败次数过多，请于" in responses[4].content.decode()
    # and even the right password is refused from the stranger's address while it waits
    assert "登录失败次数过多" in _sign_in(stranger, "unitadmin", PASSWORD).content.decode()
    assert AuditEvent.objects.filter(event="auth.throttled", target_id=str(unit_admin.pk)).count() == 1
    # but the account itself is not locked: its owner signs in from their own address
    unit_admin.refresh_from_db()
    assert unit_admin.locked_until is None
    owner = _post_from("198.51.100.2")
    assert _sign_in(owner, "unitadmin", PASSWORD).status_code == 302


def test_the_answers_do_not_tell_whether_a_name_exists(client, unit_admin):
    existing = [_sign_in(client, "unitadmin", f"wrong{i}").content.decode() for i in range(6)]
    unknown = [_sign_in(client, "nobody", f"wrong{i}").content.decode() for i in range(6)]

    def error_of(page: str) -> str:
        start = page.index('role="alert"')
        return page[start : page.index("</div>", start)]

    # then each answer reads the same for an existing and an unknown name
    assert [error_of(p) for p in existing] == [error_of(p) for p in unknown]
    assert "用户名或密码不正确。" in error_of(existing[0])
    assert "登录失败次数过多" in error_of(existing[5])


def test_back_off_doubles_with_each_further_failure_up_to_the_cap(settings):
    settings.LOGIN_THROTTLE_BACKOFF_SECONDS = 30
    settings.LOGIN_THROTTLE_BACKOFF_MAX_SECONDS = 3600
    waits = [auth_services.sign_in_backoff(n).total_seconds() for n in range(1, 14)]
    assert waits == [0, 0, 0, 0, 30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_the_wait_ends_and_a_further_failure_waits_twice_as_long(client, unit_admin):
    for i in range(5):
        _sign_in(client, "unitadmin", f"wrong{i}")
    first = auth_services.sign_in_throttled_until(username="unitadmin", address="127.0.0.1")
    assert first is not None
    # still waiting one second before the end
    with mock.patch("gongkai.core.clock.now", return_value=first - dt.timedelta(seconds=1)):
        assert "登录失败次数过多" in _sign_in(client, "unitadmin", PASSWORD).content.decode()
    # after the end, a further wrong password waits 60 s instead of 30 s
    with mock.patch("gongkai.core.clock.now", return_value=first + dt.timedelta(seconds=1)):
        _sign_in(client, "unitadmin", "wrong-again")
        second = auth_services.sign_in_throttled_until(username="unitadmin", address="127.0.0.1")
    assert second - (first + dt.timedelta(seconds=1)) == dt.timedelta(seconds=60)
    # and after that wait the right password works and clears the record
    with mock.patch("gongkai.core.clock.now", return_value=second + dt.timedelta(seconds=1)):
        assert _sign_in(client, "unitadmin", PASSWORD).status_code == 302
    assert not SignInThrottle.objects.filter(username="unitadmin").exists()


def test_name_variants_share_one_throttle(client, unit_admin):
    for name in ["unitadmin", "UnitAdmin", " UNITADMIN", "unitAdmin ", "unitadmin"]:
        _sign_in(client, name, "wrong")
    assert auth_services.sign_in_throttled_until(username="unitadmin", address="127.0.0.1") is not None


def test_unlock_by_admin_lifts_the_back_off(client, sysadmin, unit_admin):
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


def test_account_lock_is_told_only_after_the_right_password(client, unit_admin):
    # given an account locked by wrong second-factor codes
    User.objects.filter(pk=unit_admin.pk).update(locked_until=clock.now() + dt.timedelta(minutes=10))
    # a wrong password gets the ordinary answer
    assert "已被锁定" not in _sign_in(client, "unitadmin", "wrong").content.decode()
    # the right password learns of the lock and is not let in
    response = _sign_in(client, "unitadmin", PASSWORD)
    assert "该账户因多次输入错误的动态验证码已被锁定" in response.content.decode()
    assert client.get(reverse("backoffice:home")).status_code == 302


def test_lock_in_the_past_does_not_block(client, unit_admin):
    User.objects.filter(pk=unit_admin.pk).update(locked_until=clock.now() - dt.timedelta(seconds=1))
    assert _sign_in(client, "unitadmin", PASSWORD).status_code == 302


def test_success_clears_the_failures(client, unit_admin):
    for i in range(4):
        _sign_in(client, "unitadmin", f"wrong{i}")
    _sign_in(client, "unitadmin", PASSWORD)
    client.logout()
    for i in range(4):
        _sign_in(client, "unitadmin", f"wrong{i}")
    assert auth_services.sign_in_throttled_until(username="unitadmin", address="127.0.0.1") is None


def test_old_failures_are_forgotten(client, unit_admin):
    for i in range(4):
        _sign_in(client, "unitadmin", f"wrong{i}")
    with mock.patch("gongkai.core.clock.now", return_value=clock.now() + dt.timedelta(hours=25)):
        _sign_in(client, "unitadmin", "wrong")
    assert SignInThrottle.objects.get(username="unitadmin").failures == 1


def test_address_behind_trusted_proxies(settings, unit_admin):
    settings.TRUSTED_PROXY_HOPS = 1
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    _sign_in(client, "unitadmin", "wrong")
    assert SignInThrottle.objects.get(username="unitadmin").address == "203.0.113.9"


def test_unknown_username_is_a_plain_failure(client):
    response = _sign_in(client, "nobody", "whatever")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_wrong_second_factor_codes_lock_the_account(client, settings, sysadmin, unit_admin):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    services.user_update(actor=sysadmin, user=unit_admin, require_two_factor=True)
    device = TOTPDevice.objects.create(user=unit_admin, name="TOTP", confirmed=True)
    _sign_in(client, "unitadmin", PASSWORD)
    wrong = "000000" if _token(device) != "000000" else "111111"
    for _ in range(settings.LOGIN_LOCKOUT_THRESHOLD):
        response = client.post(reverse("orgs:otp_verify"), {"token": wrong})
    assert response.status_code == 302
    unit_admin.refresh_from_db()
    assert unit_admin.locked_until is not None
    assert AuditEvent.objects.filter(event="auth.locked", target_id=str(unit_admin.pk)).count() == 1


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
    # then the API answers in its JSON error shape, not with a redirect to a page
    assert response.status_code == 401
    assert response.json() == {
        "code": "second_factor_required",
        "message": "请先在浏览器中完成双因素身份验证。",
        "detail": {"url": reverse("orgs:otp_setup")},
    }


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


def test_periodic_purge_forgets_old_throttle_records(client, settings):
    from gongkai.orgs.tasks import purge_sign_in_throttles

    _sign_in(client, "made-up-1", "x")
    with mock.patch("gongkai.core.clock.now", return_value=clock.now() - dt.timedelta(hours=25)):
        _sign_in(client, "made-up-2", "x")
    # when the periodic job runs
    assert purge_sign_in_throttles() == 1
    # then only the recent record is kept
    assert list(SignInThrottle.objects.values_list("username", flat=True)) == ["made-up-1"]
    assert settings.PERIODIC_JOBS["sign-in-throttle-purge"]["task"] == "gongkai.orgs.tasks.purge_sign_in_throttles"
