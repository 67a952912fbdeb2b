"""Public-opinion monitoring (政务舆情监测).

- ``POST /opinion/ingest`` — the JSON batch API of a source: authenticated by the source's token
  (``Authorization: Bearer <token>`` or ``X-Source-Token: <token>``), no session. Up to
  ``OPINION_API_MAX_RECORDS`` records (fields in ``gongkai/opinion/ingest/records.py``); idempotent on
  (source, id); a malformed record is rejected with its index and reason while the others go in.
  Answers the counts. ``source`` in the body, when given, must be the token's source (403 otherwise).
  A wrong or missing token is 401. With ``OPINION_INGEST_QUEUE`` set, the checked batch is queued
  for a worker (202).
- Staff (signed in, scoped to their units): ``GET /opinion/events``, ``GET /opinion/events/{id}``
  (statistics, level and reason, level history), ``POST /opinion/events/{id}/level`` (raise or
  lower with a reason; monitors of the event's units).

Errors as ``{"code", "message", "detail"}``: ``not_authenticated`` (401), ``permission_denied``
(403), ``validation_failed`` (422), ``not_found`` (404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from ninja import Router, Schema
from ninja import Status as HttpStatus

from gongkai.core.errors import ValidationFailed
from gongkai.opinion import selectors, services
from gongkai.opinion.enums import WarningLevel

router = Router(tags=["政务舆情"])


class ErrorOut(Schema):
    code: str
    message: str
    detail: Any = None


class IngestIn(Schema):
    source: int | str | None = None
    records: list[Any]


class RejectedOut(Schema):
    index: int
    reason: str
    id: str | None = None


class IngestOut(Schema):
    run: int | None = None
    queued: bool = False
    received: int
    created: int
    existing: int
    rejected: list[RejectedOut]
    events_created: int
    warnings_raised: int


def _token(request) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("X-Source-Token") or None


@router.post(
    "/ingest",
    auth=None,
    response={200: IngestOut, 202: IngestOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="推送舆情信息（按来源令牌认证）",
)
def ingest(request, payload: IngestIn):
    if getattr(settings, "OPINION_INGEST_QUEUE", False):
        from gongkai.opinion.ingest.records import parse_records
        from gongkai.opinion.tasks import ingest_batch

        source = services.source_authenticate(_token(request))
        if payload.source not in (None, "") and str(payload.source) != str(source.pk):
            from gongkai.core.errors import PermissionDenied

            raise PermissionDenied("该令牌不能为其他来源写入数据。")
        limit = int(getattr(settings, "OPINION_API_MAX_RECORDS", 5000))
        if not payload.records or len(payload.records) > limit:
            raise ValidationFailed(f"一次应提交 1–{limit} 条记录。")
        good, bad = parse_records(payload.records)
        ingest_batch.delay(source.pk, [payload.records[i] for i, _r in good])
        return HttpStatus(
            202,
            {
                "queued": True,
                "received": len(payload.records),
                "created": 0,
                "existing": 0,
                "rejected": [b.as_dict() for b in bad],
                "events_created": 0,
                "warnings_raised": 0,
            },
        )
    outcome = services.ingest_api_batch(token=_token(request), payload=payload.records, source_ref=payload.source)
    return {
        "run": outcome.run.pk,
        "received": outcome.received,
        "created": outcome.created,
        "existing": outcome.existing,
        "rejected": [r.as_dict() for r in outcome.rejected],
        "events_created": outcome.events_created,
        "warnings_raised": len(outcome.raised),
    }


class EventOut(Schema):
    id: int
    title: str
    status: str
    level: str
    level_label: str
    level_reason: str
    first_seen_at: dt.datetime
    last_seen_at: dt.datetime
    volume: int
    growth_rate: float
    platforms: dict
    negative_count: int
    neutral_count: int
    positive_count: int
    category: str
    rumour: float
    keywords: list
    warned_at: dt.datetime | None = None
    agencies: list[str]


class LevelChangeOut(Schema):
    from_level: str
    to_level: str
    kind: str
    reason: str
    actor: str | None = None
    changed_at: dt.datetime


class EventDetailOut(EventOut):
    auto_level: str
    auto_reason: str
    manual_level: str
    sensitive_terms: list
    media_count: int
    rumour_evidence: list
    history: list[LevelChangeOut]


def _event(e) -> dict:
    return {
        "id": e.pk,
        "title": e.title,
        "status": e.status,
        "level": e.level,
        "level_label": e.get_level_display(),
        "level_reason": e.level_reason,
        "first_seen_at": e.first_seen_at,
        "last_seen_at": e.last_seen_at,
        "volume": e.volume,
        "growth_rate": e.growth_rate,
        "platforms": e.platforms,
        "negative_count": e.negative_count,
        "neutral_count": e.neutral_count,
        "positive_count": e.positive_count,
        "category": e.category,
        "rumour": e.rumour,
        "keywords": e.keywords,
        "warned_at": e.warned_at,
        "agencies": [a.name for a in e.agencies.all()],
    }


@router.get("/events", response=list[EventOut], summary="舆情事件列表（本单位可见范围）")
def event_list(request, level: str | None = None, status: str | None = None, q: str | None = None, limit: int = 50):
    qs = selectors.event_list_visible_to(request.user, level=level, status=status, q=q).prefetch_related("agencies")
    return [_event(e) for e in qs[: max(1, min(limit, 200))]]


@router.get("/events/{event_id}", response={200: EventDetailOut, 404: ErrorOut}, summary="舆情事件详情")
def event_detail(request, event_id: int):
    e = selectors.event_get_visible(request.user, event_id)
    data = _event(e)
    data.update(
        auto_level=e.auto_level,
        auto_reason=e.auto_reason,
        manual_level=e.manual_level,
        sensitive_terms=e.sensitive_terms,
        media_count=e.media_count,
        rumour_evidence=e.rumour_evidence,
        history=[
            {
                "from_level": h.from_level,
                "to_level": h.to_level,
                "kind": h.kind,
                "reason": h.reason,
                "actor": h.actor.get_username() if h.actor else None,
                "changed_at": h.changed_at,
            }
            for h in selectors.event_level_history(e)
        ],
    )
    return data


class LevelIn(Schema):
    level: str
    reason: str


@router.post(
    "/events/{event_id}/level",
    response={200: EventOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="人工调整预警级别",
)
def event_level(request, event_id: int, payload: LevelIn):
    e = selectors.event_get_visible(request.user, event_id)
    if payload.level not in WarningLevel.values:
        raise ValidationFailed("请选择预警级别（blue、yellow、orange、red）。")
    e = services.event_set_level(actor=request.user, event=e, level=payload.level, reason=payload.reason)
    return _event(e)
