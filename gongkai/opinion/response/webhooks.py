"""The webhook for the government's messaging system: a new orange/red warning is POSTed as JSON.

Deliveries are an outbox like the notification outbox: one row per endpoint and warning
(dedupe key ``warning:<event>:<level>``), sent after commit and by the periodic job
``opinion-webhook-dispatch``, retried with back-off (``settings.NOTIFICATION_MAX_ATTEMPTS`` /
``NOTIFICATION_BACKOFF_SECONDS``, the same operational settings as e-mail) and listed in the back
office with their errors; a system administrator can put a failed one back in the queue.

The request: ``POST <url>`` with ``Content-Type: application/json; charset=utf-8``,
``X-Gongkai-Event: opinion.warning``, ``X-Gongkai-Delivery: <id>`` and, when the endpoint has a
secret, ``X-Gongkai-Signature: sha256=<hex HMAC-SHA256 of the body>``. A 2xx answer is success.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import urllib.error
import urllib.request
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.audit.services import audit_log
from gongkai.core import clock, links
from gongkai.core.errors import InvalidTransition, NotFound, ValidationFailed
from gongkai.notifications.services import backoff_seconds, max_attempts
from gongkai.opinion.enums import LEVEL_MEANING, LEVEL_SHORT
from gongkai.opinion.events import OpinionEvent
from gongkai.opinion.response_models import WebhookDelivery, WebhookEndpoint
from gongkai.orgs.permissions import require_system_admin

from .enums import DeliveryStatus
from .routing import event_agencies, event_regions, jurisdiction_of
from .tasks import dispatch_webhooks

TIMEOUT_SECONDS = 5


def warning_payload(event) -> dict[str, Any]:
    return {
        "type": "opinion.warning",
        "event_id": event.pk,
        "title": event.title,
        "level": event.level,
        "level_label": f"{LEVEL_SHORT.get(event.level, event.level)}预警（{LEVEL_MEANING.get(event.level, '')}）",
        "reason": event.level_reason,
        "warned_at": (event.warned_at or event.level_changed_at or clock.now()).isoformat(),
        "regions": [r.name for r in event_regions(event)],
        "agencies": [a.name for a in event_agencies(event)],
        "path": links.url("opinion.event.response", event.pk),
    }


def endpoints_for(event):
    """Active endpoints for the event: those of every region, and those whose region contains one of
    the event's places or units (an endpoint of a township's messaging system gets only its own warnings)."""

    active = WebhookEndpoint.objects.filter(is_active=True).order_by("pk")
    if not active.filter(region__isnull=False).exists():
        return active  # no scoped endpoint: every active one (often none) without reading the event's places
    starts = [*event_regions(event), *(a.region for a in event_agencies(event) if a.region_id), jurisdiction_of(event)]
    ancestors: set[int] = set()
    for region in starts:
        depth = 0
        while region is not None and depth < 10 and region.pk not in ancestors:
            ancestors.add(region.pk)
            region, depth = region.parent, depth + 1
    return WebhookEndpoint.objects.filter(Q(region__isnull=True) | Q(region_id__in=ancestors), is_active=True).order_by(
        "pk"
    )


def webhook_enqueue_warning(*, event) -> list[WebhookDelivery]:
    """Queue the warning for every active endpoint whose region covers the event (once per event and level)."""
    key = f"warning:{event.pk}:{event.level}"
    endpoints = list(endpoints_for(event))
    if not endpoints:
        return []
    payload = warning_payload(event)
    created = []
    with transaction.atomic():
        for endpoint in endpoints:
            if WebhookDelivery.objects.filter(endpoint=endpoint, dedupe_key=key).exists():
                continue
            try:
                with transaction.atomic():
                    created.append(
                        WebhookDelivery.objects.create(
                            endpoint=endpoint,
                            event_type="opinion.warning",
                            payload=payload,
                            dedupe_key=key,
                            next_attempt_at=clock.now(),
                        )
                    )
            except IntegrityError:  # a concurrent run queued it first
                continue
        if created:
            transaction.on_commit(_dispatch_soon)
    return created


def _dispatch_soon() -> None:
    try:
        dispatch_webhooks.delay()
    except Exception:  # no broker reachable: the periodic job sends it
        pass


def _send(delivery: WebhookDelivery) -> int:
    body = json.dumps(delivery.payload, ensure_ascii=False).encode("utf-8")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-Gongkai-Event": delivery.event_type,
        "X-Gongkai-Delivery": str(delivery.pk),
        "User-Agent": "Gongkai-Webhook/1",
    }
    if delivery.endpoint.secret:
        digest = hmac.new(delivery.endpoint.secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
        headers["X-Gongkai-Signature"] = f"sha256={digest}"
    request = urllib.request.Request(delivery.endpoint.url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
        return answer.status


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=backoff_seconds() * (2 ** max(attempts - 1, 0)))


def webhook_dispatch(*, limit: int = 50) -> dict[str, int]:
    """Send the deliveries that are due. Each is claimed in its own short transaction."""
    sent = failed = retried = 0
    now = clock.now()
    ids = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        # Claim the row in a short transaction (a lease of one back-off step), send outside any
        # transaction (a slow endpoint must not hold the database), then record the answer.
        with transaction.atomic():
            row = (
                WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("endpoint")
                .filter(pk=pk, status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
                .first()
            )
            if row is None:
                continue
            row.attempts += 1
            row.next_attempt_at = clock.now() + _backoff(1)
            row.save(update_fields=["attempts", "next_attempt_at"])
        try:
            code = _send(row)
        except urllib.error.HTTPError as exc:
            code, error = exc.code, f"HTTP {exc.code}"
        except Exception as exc:  # connection refused, timeout, bad URL: keep the row, retry later
            code, error = None, f"{type(exc).__name__}: {exc}"
        else:
            error = "" if 200 <= code < 300 else f"HTTP {code}"
        row.response_code = code
        if not error:
            row.status, row.sent_at, row.next_attempt_at, row.last_error = DeliveryStatus.SENT, clock.now(), None, ""
            sent += 1
        else:
            row.last_error = error[:2000]
            if row.attempts >= max_attempts():
                row.status, row.next_attempt_at = DeliveryStatus.FAILED, None
                failed += 1
            else:
                row.next_attempt_at = clock.now() + _backoff(row.attempts)
                retried += 1
        row.save(update_fields=["status", "sent_at", "next_attempt_at", "last_error", "response_code"])
    return {"sent": sent, "retried": retried, "failed": failed}


def webhook_retry(*, actor, delivery_id: int) -> WebhookDelivery:
    """Put a failed delivery back in the queue (system administrator)."""
    require_system_admin(actor)
    with transaction.atomic():
        row = WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if row is None:
            raise NotFound("未找到该推送记录。")
        if row.status != DeliveryStatus.FAILED:
            raise InvalidTransition("只能重新推送发送失败的记录。")
        old = {"status": row.status, "attempts": row.attempts}
        row.status, row.attempts, row.next_attempt_at = DeliveryStatus.PENDING, 0, clock.now()
        row.save(update_fields=["status", "attempts", "next_attempt_at"])
        audit_log(
            actor=actor,
            event=OpinionEvent.WEBHOOK_RETRIED,
            target=row,
            data={"old": old, "new": {"status": row.status}},
        )
        transaction.on_commit(_dispatch_soon)
    return row


def webhook_endpoint_save(
    *,
    actor,
    name: str,
    url: str,
    secret: str = "",
    is_active: bool = True,
    region=None,
    endpoint: WebhookEndpoint | None = None,
) -> WebhookEndpoint:
    require_system_admin(actor)
    name = (name or "").strip()
    url = (url or "").strip()
    if not name or len(name) > 100:
        raise ValidationFailed("请填写名称（不超过 100 个字）。")
    if not (url.startswith("http://") or url.startswith("https://")) or len(url) > 500 or any(c.isspace() for c in url):
        raise ValidationFailed("推送地址应为 http:// 或 https:// 开头的网址。")
    with transaction.atomic():
        if endpoint is None:
            endpoint = WebhookEndpoint.objects.create(
                name=name, url=url, secret=(secret or "").strip(), is_active=is_active, region=region
            )
            audit_log(
                actor=actor,
                event=OpinionEvent.WEBHOOK_CREATED,
                target=endpoint,
                data={"new": {"name": name, "url": url, "region": getattr(region, "pk", None)}},
            )
        else:
            old = {
                "name": endpoint.name,
                "url": endpoint.url,
                "is_active": endpoint.is_active,
                "region": endpoint.region_id,
            }
            endpoint.name, endpoint.url, endpoint.is_active, endpoint.region = name, url, is_active, region
            if secret:
                endpoint.secret = secret.strip()
            endpoint.save()
            audit_log(
                actor=actor,
                event=OpinionEvent.WEBHOOK_UPDATED,
                target=endpoint,
                data={
                    "old": old,
                    "new": {"name": name, "url": url, "is_active": is_active, "region": getattr(region, "pk", None)},
                },
            )
    return endpoint


def local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else "—"
