"""The warning webhook: POST JSON to a local HTTP server on 127.0.0.1, retried on failure, visible, retryable."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.opinion.enums import WarningLevel
from gongkai.opinion.response import services, webhooks
from gongkai.opinion.response.enums import DeliveryStatus
from gongkai.opinion.response_models import WebhookDelivery, WebhookEndpoint
from gongkai.orgs.enums import Role
from tests.factories import UserFactory, grant

from . import test_response_support as support
from .test_response_support import make_event

world = support.world
pytestmark = pytest.mark.django_db


class Receiver:
    """A tiny HTTP server on 127.0.0.1 answering with the given status codes in turn."""

    def __init__(self, codes):
        self.codes = list(codes)
        self.requests = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                outer.requests.append({"headers": dict(self.headers), "body": self.rfile.read(length)})
                code = outer.codes.pop(0) if outer.codes else 200
                self.send_response(code)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def admin(db):
    user = UserFactory(username="hook-admin")
    grant(user, Role.SYSTEM_ADMIN)
    return user


def warn(world):
    event = make_event(title="甲镇山体滑坡", level=WarningLevel.RED, regions=[world.town_a_region])
    services.event_warning_received(event_id=event.pk)
    return event


def test_warning_is_posted_as_signed_json(world, admin, django_capture_on_commit_callbacks):
    with Receiver([200]) as rx:
        webhooks.webhook_endpoint_save(actor=admin, name="政务消息", url=rx.url, secret="s3cret")
        with django_capture_on_commit_callbacks(execute=True):
            event = warn(world)
        # then one POST, JSON, signed, with the warning
        assert len(rx.requests) == 1
        req = rx.requests[0]
        body = json.loads(req["body"].decode("utf-8"))
        assert body["type"] == "opinion.warning" and body["event_id"] == event.pk
        assert (
            body["title"] == "甲镇山体滑坡"
            and body["level"] == "red"
            and body["level_label"] == "红色预警（重大突发事件）"
        )
        assert body["regions"] == ["甲镇"]
        assert req["headers"]["Content-Type"] == "application/json; charset=utf-8"
        expected = hmac.new(b"s3cret", req["body"], hashlib.sha256).hexdigest()
        assert req["headers"]["X-Gongkai-Signature"] == f"sha256={expected}"
    d = WebhookDelivery.objects.get()
    assert (d.status, d.attempts, d.response_code) == (DeliveryStatus.SENT, 1, 200)


def test_same_warning_is_posted_once(world, admin):
    WebhookEndpoint.objects.create(name="x", url="http://127.0.0.1:9/none")
    event = make_event(level=WarningLevel.RED, regions=[world.town_a_region])
    with mock.patch("gongkai.opinion.response.webhooks._dispatch_soon"):
        services.event_warning_received(event_id=event.pk)
        services.event_warning_received(event_id=event.pk)
    assert WebhookDelivery.objects.count() == 1


def test_endpoint_of_a_region_gets_only_that_region_s_warnings(client, world, admin):
    everything = webhooks.webhook_endpoint_save(actor=admin, name="县政务消息", url="http://127.0.0.1:9/all")
    town_a = webhooks.webhook_endpoint_save(
        actor=admin, name="甲镇消息", url="http://127.0.0.1:9/a", region=world.town_a_region
    )
    county = webhooks.webhook_endpoint_save(
        actor=admin, name="县消息", url="http://127.0.0.1:9/county", region=world.county
    )
    town_b = webhooks.webhook_endpoint_save(
        actor=admin, name="乙镇消息", url="http://127.0.0.1:9/b", region=world.town_b_region
    )
    event = make_event(level=WarningLevel.RED, regions=[world.town_a_region])
    with mock.patch("gongkai.opinion.response.webhooks._dispatch_soon"):
        services.event_warning_received(event_id=event.pk)
    assert set(WebhookDelivery.objects.values_list("endpoint_id", flat=True)) == {everything.pk, town_a.pk, county.pk}
    assert town_b.pk not in set(WebhookDelivery.objects.values_list("endpoint_id", flat=True))
    # the page shows the scope and toggling keeps it
    client.force_login(admin)
    assert "乙镇" in client.get("/office/opinion/response/webhooks/").content.decode()
    assert client.post(f"/office/opinion/response/webhooks/{town_b.pk}/toggle/").status_code == 302
    town_b.refresh_from_db()
    assert (town_b.is_active, town_b.region) == (False, world.town_b_region)


def test_failure_is_retried_with_back_off_then_succeeds(world, admin, settings):
    settings.NOTIFICATION_BACKOFF_SECONDS = 0
    with Receiver([500, 503, 200]) as rx:
        WebhookEndpoint.objects.create(name="政务消息", url=rx.url)
        with mock.patch("gongkai.opinion.response.webhooks._dispatch_soon"):
            warn(world)
        first = webhooks.webhook_dispatch()
        d = WebhookDelivery.objects.get()
        assert first == {"sent": 0, "retried": 1, "failed": 0}
        assert (d.status, d.attempts, d.last_error, d.response_code) == ("pending", 1, "HTTP 500", 500)
        assert webhooks.webhook_dispatch() == {"sent": 0, "retried": 1, "failed": 0}
        assert webhooks.webhook_dispatch() == {"sent": 1, "retried": 0, "failed": 0}
        assert len(rx.requests) == 3
    d.refresh_from_db()
    assert (d.status, d.attempts, d.last_error) == (DeliveryStatus.SENT, 3, "")


def test_back_off_waits_before_the_next_attempt(world, admin, settings):
    settings.NOTIFICATION_BACKOFF_SECONDS = 60
    WebhookEndpoint.objects.create(name="down", url="http://127.0.0.1:9/none")  # nothing listens on port 9
    with mock.patch("gongkai.opinion.response.webhooks._dispatch_soon"):
        warn(world)
    assert webhooks.webhook_dispatch() == {"sent": 0, "retried": 1, "failed": 0}
    assert webhooks.webhook_dispatch() == {"sent": 0, "retried": 0, "failed": 0}  # not due yet
    d = WebhookDelivery.objects.get()
    assert d.attempts == 1 and "Error" in d.last_error


def test_gives_up_after_the_maximum_and_an_admin_can_retry(world, admin, settings):
    settings.NOTIFICATION_BACKOFF_SECONDS = 0
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    with Receiver([500, 500, 200]) as rx:
        WebhookEndpoint.objects.create(name="政务消息", url=rx.url)
        with mock.patch("gongkai.opinion.response.webhooks._dispatch_soon"):
            warn(world)
        webhooks.webhook_dispatch()
        assert webhooks.webhook_dispatch() == {"sent": 0, "retried": 0, "failed": 1}
        d = WebhookDelivery.objects.get()
        assert d.status == DeliveryStatus.FAILED
        # a system administrator puts it back; others may not
        for user in (world.monitor, AnonymousUser()):
            with pytest.raises(PermissionDenied):
                webhooks.webhook_retry(actor=user, delivery_id=d.pk)
        with mock.patch("gongkai.opinion.response.webhooks._dispatch_soon"):
            webhooks.webhook_retry(actor=admin, delivery_id=d.pk)
        with pytest.raises(InvalidTransition):
            webhooks.webhook_retry(actor=admin, delivery_id=d.pk)
        assert webhooks.webhook_dispatch()["sent"] == 1
    d.refresh_from_db()
    assert d.status == DeliveryStatus.SENT


def test_endpoint_is_configured_by_the_system_administrator_only(world, admin):
    with pytest.raises(PermissionDenied):
        webhooks.webhook_endpoint_save(actor=world.office_admin, name="x", url="http://127.0.0.1/")
    with pytest.raises(ValidationFailed):
        webhooks.webhook_endpoint_save(actor=admin, name="x", url="ftp://127.0.0.1/")
    assert not WebhookEndpoint.objects.exists()


def test_deliveries_are_listed_for_the_administrator(world, admin, client):
    WebhookEndpoint.objects.create(name="政务消息", url="http://127.0.0.1:9/none")
    with mock.patch("gongkai.opinion.response.webhooks._dispatch_soon"):
        warn(world)
    client.force_login(admin)
    page = client.get("/office/opinion/response/webhooks/").content.decode()
    assert "政务消息" in page and "甲镇山体滑坡" in page and "待发送" in page
    client.force_login(world.office_admin)
    assert client.get("/office/opinion/response/webhooks/").status_code == 403
