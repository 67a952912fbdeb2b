"""Property-based run of schemathesis over the whole API (issue 9).

Every operation of the OpenAPI document gets a bounded number of generated requests (valid
and invalid ones), anonymously and signed in as a system administrator (the API signs in
with the session; unsafe methods carry the CSRF token). Each answer must not be a server
error, must have a status the document declares for the operation, and must match the
declared content type and schema. Deterministic (``derandomize``) so that a failure repeats.
"""

import json

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
# The coverage phase (boundary values of every parameter, unbounded by max_examples) is left
# out to keep the run short; the examples and fuzzing phases send valid and invalid requests.
CONFIG = {"phases": {"coverage": {"enabled": False}}}
CSRF = "s" * 32  # a CSRF secret: sent as the cookie and as the header


def _schema():
    """The document as /api/v1/openapi.json serves it, run against the WSGI application."""
    from gongkai.api.api import api

    doc = json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))
    loaded = schemathesis.openapi.from_dict(doc, config=SchemathesisConfig.from_dict(CONFIG))
    loaded.app = get_wsgi_application()
    return loaded


schema = _schema()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request (Django's test
    client switches that off): keep the test's connection and transaction open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def staff_cookies(sysadmin, department):
    client = Client()
    client.force_login(sysadmin)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}


@schema.parametrize()
@EXAMPLES
def test_anonymous(case):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@EXAMPLES
def test_signed_in_as_staff(case, staff_cookies):
    case.call_and_validate(checks=CHECKS, cookies=staff_cookies, headers={"X-CSRFToken": CSRF})


def test_the_staff_session_reaches_the_operations(staff_cookies):
    # given: the same application, cookies and header as the run above
    from werkzeug.test import Client as WsgiClient

    client = WsgiClient(schema.app)
    for name, value in staff_cookies.items():
        client.set_cookie(name, value)
    # when
    me = client.get("/api/v1/orgs/me")
    refused = client.post("/api/v1/orgs/agencies", json={}, headers={"X-CSRFToken": CSRF})
    # then: signed in, and an unsafe method passes the CSRF check to reach validation
    assert me.status_code == 200
    assert me.json["username"] == "sysadmin"
    assert refused.status_code == 422
