"""Writing audit events. Call ``audit_log`` inside the transaction of the change."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import connection, models, transaction

from gongkai.core import clock

from .chain import GENESIS, compute_hash
from .models import AuditEvent

# Any constant works; it names the lock that serialises appends on PostgreSQL.
_PG_LOCK_KEY = 0x61756469  # "audi"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)}
    return value


def _target_agency_id(target: Any) -> int | None:
    for attr in ("audit_agency_id", "agency_id"):
        value = getattr(target, attr, None)
        if isinstance(value, int):
            return value
    return None


def audit_log(
    *,
    actor: Any,
    event: str,
    target: Any = None,
    data: dict[str, Any] | None = None,
    agency_id: int | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction.

    ``data`` conventionally holds ``{"old": {...}, "new": {...}}`` for changes.
    ``agency_id`` scopes who may read the event; by default it is the target's agency.
    """
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return audit_log(actor=actor, event=event, target=target, data=data, agency_id=agency_id)

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    # SQLite: transactions are IMMEDIATE (settings), so writers are already serialised.

    last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    target_type = ""
    target_id = ""
    target_repr = ""
    if isinstance(target, models.Model):
        target_type = target._meta.label_lower
        target_id = str(target.pk)
        target_repr = str(target)[:300]
    elif target is not None:
        target_repr = str(target)[:300]
    row = AuditEvent(
        seq=(last["seq"] + 1) if last else 1,
        occurred_at=clock.now(),
        actor=actor_obj,
        actor_repr=(actor_obj.get_username() if actor_obj else (str(actor) if actor else "system"))[:200],
        event=event,
        target_type=target_type,
        target_id=target_id,
        target_repr=target_repr,
        agency_id=agency_id if agency_id is not None else _target_agency_id(target),
        data=_jsonable(data or {}),
        prev_hash=last["hash"] if last else GENESIS,
    )
    row.hash = compute_hash(row)
    row.save(force_insert=True)
    return row


def changes(instance: models.Model, fields: list[str], new_values: dict[str, Any]) -> dict[str, Any]:
    """``{"old": {...}, "new": {...}}`` for the fields whose values differ."""
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for name in fields:
        if name not in new_values:
            continue
        before = getattr(instance, name)
        after = new_values[name]
        if before != after:
            old[name] = before
            new[name] = after
    return {"old": _jsonable(old), "new": _jsonable(new)}
