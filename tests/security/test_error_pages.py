"""Chinese error pages: 400, 403 (and CSRF), 404, 414, 500."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_404_is_chinese(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page and '<html lang="zh-hans">' in page


def test_500_is_chinese_standalone_and_reads_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = defaults.server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统暂时无法处理您的请求" in page
    assert "Server Error" not in page


@pytest.mark.urls("tests.security.urls_broken")
def test_a_failing_view_answers_the_chinese_500(client):
    client.raise_request_exception = False
    response = client.get("/broken/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert "系统暂时无法处理您的请求" in response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_400_and_403_templates_are_chinese():
    request = RequestFactory().get("/")
    assert "请求有误" in defaults.bad_request(request, Exception()).content.decode()
    assert "无权访问" in defaults.permission_denied(request, Exception()).content.decode()


def test_disallowed_host_answers_the_chinese_400():
    response = Client(HTTP_HOST="evil.example").get("/")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


def test_csrf_refusal_is_chinese(unit_admin):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("orgs:login"), {"username": "unitadmin", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面已过期，请重新提交" in page
    assert "CSRF verification failed" not in page


def test_over_long_address_gets_the_chinese_414(client, settings):
    # when the request target is longer than the limit
    response = client.get("/search", {"q": "政" * settings.MAX_URI_LENGTH}, HTTP_ACCEPT_LANGUAGE="en")
    # then the answer is a Chinese 414 page with the usual policy
    assert response.status_code == 414
    assert "网址过长" in response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    # also under the back office, before any sign-in
    assert client.get("/office/" + "a" * settings.MAX_URI_LENGTH).status_code == 414
    # and a target within the limit is served as usual
    assert client.get("/search", {"q": "政务"}).status_code == 200


def test_over_long_api_address_gets_the_json_error_declared_in_the_document(client, settings):
    # when an API request target is longer than the limit
    response = client.get("/api/v1/catalog/search", {"q": "政" * settings.MAX_URI_LENGTH})
    # then the answer is the API's error shape with its code, in Chinese
    assert response.status_code == 414
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"code": "uri_too_long", "message": "请求地址过长。", "detail": None}
    # and every operation of the OpenAPI document declares that answer
    from gongkai.api.api import api

    operations = [op for path in api.get_openapi_schema()["paths"].values() for op in path.values()]
    assert operations and all(414 in op["responses"] for op in operations)
