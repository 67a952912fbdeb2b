"""Content-Security-Policy, HSTS and the HTTPS redirect, no-store on personal data, local API docs."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _csp(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/", "/catalog/", "/apply/", "/account/login/", "/api/v1/docs", "/nowhere/"])
def test_every_answer_has_a_policy_without_inline_script(client, url):
    response = client.get(url)
    policy = _csp(response)
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["default-src"] == "default-src 'self'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_back_office_pages_have_the_policy(client, unit_admin):
    client.force_login(unit_admin)
    assert _csp(client.get(reverse("backoffice:home")))["script-src"] == "script-src 'self'"


def test_api_docs_load_only_local_assets(client, unit_admin):
    client.force_login(unit_admin)
    response = client.get("/api/v1/docs")
    page = response.content.decode()
    assert response.status_code == 200
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert all(a.startswith("/static/") for a in assets), assets
    assert "cdn" not in page.lower()
    # and the files are there to serve
    for name in ["ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"]:
        assert finders.find(name), name
    # the only script without src is Swagger's settings, a JSON data block the browser does not run
    for tag in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page):
        assert 'type="application/json"' in tag


def test_personal_pages_are_not_stored(client, unit_admin):
    for url in ["/apply/", "/apply/status/", reverse("orgs:login")]:
        assert "no-store" in client.get(url)["Cache-Control"], url
    client.force_login(unit_admin)
    for url in [reverse("backoffice:home"), "/api/v1/orgs/me", "/"]:
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_public_catalogue_stays_cacheable_for_visitors(client):
    for url in ["/", "/catalog/", "/guide/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", ""), url


def test_anonymous_writes_are_not_stored(client):
    response = client.post("/api/v1/foi/applications", {}, content_type="application/json")
    assert "no-store" in response["Cache-Control"]


def test_https_redirects_and_sends_hsts(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()  # built after the settings: SecurityMiddleware reads them when it starts
    # a plain-HTTP request is sent to HTTPS
    response = client.get("/catalog/?q=1")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/catalog/?q=1"
    # health probes from the load balancer stay on plain HTTP
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    assert Client().get("/healthz").status_code == 200
    # an HTTPS request (behind the proxy) carries HSTS
    response = client.get("/catalog/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000"


def _settings_values(env: dict[str, str], *names: str) -> list[str]:
    code = "from django.conf import settings; " + "; ".join(f"print(repr(settings.{n}))" for n in names)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_https_switch_turns_on_redirect_hsts_and_secure_cookies():
    on = _settings_values(
        {"HTTPS": "1"}, "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "SECURE_REDIRECT_EXEMPT"
    )
    assert on == ["True", "31536000", "True", "['^healthz$',", "'^api/v1/health$']"]
    off = _settings_values({"HTTPS": "0"}, "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS")
    assert off == ["False", "0"]
