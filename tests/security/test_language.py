"""The product speaks zh-Hans whatever the browser asks; only a user's own choice switches it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_public_page_ignores_an_english_browser(client):
    response = client.get("/", **ENGLISH_BROWSER)
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()
    assert response["Content-Language"] == "zh-hans"
    assert "Accept-Language" not in response.get("Vary", "")


def test_back_office_page_ignores_an_english_browser(client, unit_admin):
    client.force_login(unit_admin)
    response = client.get(reverse("backoffice:home"), **ENGLISH_BROWSER)
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()


def test_form_errors_stay_chinese_for_an_english_browser(client, unit_admin):
    client.force_login(unit_admin)
    # when an English browser sends a back-office form empty
    response = client.post("/office/orgs/people/new/", {"username": ""}, **ENGLISH_BROWSER)
    page = response.content.decode()
    # then Django's built-in field errors are Chinese
    assert response.status_code == 200
    assert 'id="id_username_error"><li>这个字段是必填项。' in page
    assert "This field is required" not in page
    assert '<html lang="zh-hans">' in page


def test_public_form_errors_stay_chinese_for_an_english_browser(client):
    response = client.post(reverse("portal:foi_apply"), {}, **ENGLISH_BROWSER)
    page = response.content.decode()
    assert response.status_code == 422
    assert "请选择受理机关。" in page
    assert '<html lang="zh-hans">' in page


def test_a_language_the_user_chose_is_honoured(client):
    # when the user picks English with Django's set_language
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    # then later pages follow that choice
    assert '<html lang="en">' in client.get("/").content.decode()
    # and choosing Chinese again switches back, whatever the browser says
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert '<html lang="zh-hans">' in client.get("/", **ENGLISH_BROWSER).content.decode()


def test_an_unknown_language_cookie_falls_back_to_chinese(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx-bogus"
    assert '<html lang="zh-hans">' in client.get("/", **ENGLISH_BROWSER).content.decode()
