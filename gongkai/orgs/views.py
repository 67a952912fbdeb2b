from __future__ import annotations

import base64
import io

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from gongkai.core.http import client_address

from . import auth_services


def _hh_mm(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


class SignInForm(AuthenticationForm):
    """Password sign-in, throttled per (user name, client address).

    Every refusal before the password is known to be right reads the same whether or not the
    name exists; the account lock set by wrong second-factor codes shows only after it.
    """

    error_messages = {
        "invalid_login": _("用户名或密码不正确。"),
        "inactive": _("该账户已停用。"),
        "throttled": _("登录失败次数过多，请于 %(until)s 之后再试。"),
        "locked": _("该账户因多次输入错误的动态验证码已被锁定，请于 %(until)s 之后再试，或联系系统管理员解锁。"),
    }

    def _address(self) -> str:
        return client_address(self.request) if self.request is not None else "unknown"

    def clean(self):
        username = self.cleaned_data.get("username")
        if username:
            until = auth_services.sign_in_throttled_until(username=username, address=self._address())
            if until:
                raise forms.ValidationError(
                    self.error_messages["throttled"], code="throttled", params={"until": _hh_mm(until)}
                )
        try:
            return super().clean()
        except forms.ValidationError as error:
            if username and getattr(error, "code", None) == "invalid_login":
                until = auth_services.sign_in_record_failure(username=username, address=self._address())
                if until:
                    raise forms.ValidationError(
                        self.error_messages["throttled"], code="throttled", params={"until": _hh_mm(until)}
                    ) from None
            raise

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        until = auth_services.account_locked_until(user=user)
        if until:
            raise forms.ValidationError(self.error_messages["locked"], code="locked", params={"until": _hh_mm(until)})


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "orgs/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        auth_services.sign_in_record_success(user=form.get_user(), address=client_address(self.request))
        return response


class TokenForm(forms.Form):
    token = forms.RegexField(
        label="动态验证码",
        regex=r"^\d{6}$",
        error_messages={"invalid": "请输入 6 位数字验证码。", "required": "请输入验证码。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _safe_next(request, default: str | None = None) -> str:
    default = default or resolve_url(settings.LOGIN_REDIRECT_URL)  # the back office's home
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _qr_svg(uri: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def otp_setup(request):
    """Enrol a TOTP authenticator: show the key and QR code, confirm with a first code."""
    from django_otp import login as otp_login

    device = auth_services.totp_device_for_enrolment(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if auth_services.totp_confirm(user=request.user, device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, "双因素认证已启用。")
            return redirect(_safe_next(request))
        auth_services.second_factor_record_failure(user=request.user)
        form.add_error("token", "验证码不正确或已过期，请重试。")
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "orgs/otp_setup.html",
        {"form": form, "secret": secret, "qr": _qr_svg(device.config_url), "next": _safe_next(request)},
    )


@login_required
def otp_verify(request):
    """Ask for the current code of an enrolled authenticator."""
    from django_otp import devices_for_user
    from django_otp import login as otp_login

    devices = list(devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect(f"/account/otp/setup/?next={_safe_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_safe_next(request))
        until = auth_services.second_factor_record_failure(user=request.user)
        if until:
            from django.contrib.auth import logout

            logout(request)
            messages.error(request, "验证码多次错误，账户已被暂时锁定。")
            return redirect("orgs:login")
        form.add_error("token", "验证码不正确或已过期，请重试。")
    return render(request, "orgs/otp_verify.html", {"form": form, "next": _safe_next(request)})
