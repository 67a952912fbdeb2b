"""Writes of public-opinion monitoring: sources and their tokens, plans, aliases, ingest, event levels.

Every function is keyword-only, takes the acting user (``actor``; ``None`` for the ingest API and
jobs, which act as the source), checks permissions (``permissions.py``), runs in one transaction and
writes the audit event in it. Ingest itself (``ingest_records``) is in ``pipeline.batch``; this module
wraps it with the record checks, the chunking and the ``IngestRun`` row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from gongkai.audit.services import audit_log, changes
from gongkai.core import clock
from gongkai.core.errors import Conflict, DomainError, InvalidTransition, NotFound, ValidationFailed
from gongkai.notifications.services import notify
from gongkai.opinion.events import OpinionEvent
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.enums import Role
from gongkai.orgs.models import Agency, Region, RoleAssignment

from . import actions as event_actions
from . import permissions, plans, signals
from .enums import (
    LEVEL_MEANING,
    LEVEL_ORDER,
    LEVEL_SHORT,
    RAISED_LEVELS,
    EventAction,
    LevelChangeKind,
    PostKind,
    SourceKind,
    WarningLevel,
)
from .ingest import files
from .ingest.records import Rejected, parse_records
from .models import Event, EventAgency, EventLevelChange, EventPlan, IngestRun, MonitoringPlan, Source, UnitAlias
from .pipeline import matcher
from .pipeline.batch import process_batch
from .pipeline.results import BatchResult, Warnings

log = logging.getLogger(__name__)

TOKEN_PREFIX = "gko_"


class Unauthenticated(DomainError):
    code = "unauthenticated"
    http_status = 401
    default_message = "来源令牌无效。"


def batch_size() -> int:
    return int(getattr(settings, "OPINION_BATCH_SIZE", 2000))


# --- Sources ---------------------------------------------------------------------------------------

SOURCE_FIELDS = [
    "name",
    "kind",
    "description",
    "is_active",
    "track_all",
    "default_post_kind",
    "feed_url",
    "poll_minutes",
]


def _clean_source(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    out = dict(data)
    if "name" in out:
        out["name"] = (out["name"] or "").strip()
        if not out["name"]:
            errors["name"] = "请填写来源名称。"
        elif len(out["name"]) > 100:
            errors["name"] = "来源名称不超过 100 个字。"
    if "kind" in out and out["kind"] not in SourceKind.values:
        errors["kind"] = "请选择来源类型。"
    if "default_post_kind" in out and out["default_post_kind"] not in PostKind.values:
        errors["default_post_kind"] = "请选择默认内容类型。"
    if "feed_url" in out:
        out["feed_url"] = (out["feed_url"] or "").strip()
        if out["feed_url"] and not out["feed_url"].lower().startswith(("http://", "https://")):
            errors["feed_url"] = "订阅地址应以 http:// 或 https:// 开头。"
    if "poll_minutes" in out:
        try:
            out["poll_minutes"] = int(out["poll_minutes"])
        except (TypeError, ValueError):
            errors["poll_minutes"] = "抓取间隔应为整数（分钟）。"
        else:
            if not 5 <= out["poll_minutes"] <= 1440:
                errors["poll_minutes"] = "抓取间隔应在 5 到 1440 分钟之间。"
    if errors:
        raise ValidationFailed("；".join(errors.values()), detail=errors)
    return out


def source_create(
    *,
    actor,
    agency: Agency | None,
    name: str,
    kind: str,
    description: str = "",
    is_active: bool = True,
    track_all: bool = False,
    default_post_kind: str = PostKind.POST,
    feed_url: str = "",
    poll_minutes: int = 30,
) -> Source:
    if agency is None:
        org_permissions.require_system_admin(actor)
    else:
        permissions.require_manage_unit(actor, agency.pk)
    data = _clean_source(
        {
            "name": name,
            "kind": kind,
            "description": description or "",
            "is_active": bool(is_active),
            "track_all": bool(track_all),
            "default_post_kind": default_post_kind,
            "feed_url": feed_url,
            "poll_minutes": poll_minutes,
        }
    )
    with transaction.atomic():
        if Source.objects.filter(agency=agency, name=data["name"]).exists():
            raise Conflict(f"本单位已有名为“{data['name']}”的来源。")
        source = Source.objects.create(agency=agency, **data)
        audit_log(actor=actor, event=OpinionEvent.SOURCE_CREATED, target=source, data={"new": data})
    return source


def source_update(*, actor, source: Source, **fields: Any) -> Source:
    permissions.require_manage_unit(actor, source.agency_id)
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise ValidationFailed(f"不能修改的字段：{'、'.join(sorted(unknown))}。")
    data = _clean_source(fields)
    with transaction.atomic():
        locked = Source.objects.select_for_update().get(pk=source.pk)
        if (
            "name" in data
            and Source.objects.filter(agency=locked.agency, name=data["name"]).exclude(pk=locked.pk).exists()
        ):
            raise Conflict(f"本单位已有名为“{data['name']}”的来源。")
        diff = changes(locked, list(data), data)
        for key, value in data.items():
            setattr(locked, key, value)
        locked.save()
        audit_log(actor=actor, event=OpinionEvent.SOURCE_UPDATED, target=locked, data=diff)
    return locked


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def source_issue_token(*, actor, source: Source) -> tuple[Source, str]:
    """A new API token for the source (the old one stops working). The token is returned once."""
    permissions.require_manage_unit(actor, source.agency_id)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        locked = Source.objects.select_for_update().get(pk=source.pk)
        replaced = bool(locked.token_hash)
        locked.token_hash = _token_hash(token)
        locked.token_hint = token[:10]
        locked.token_issued_at = clock.now()
        locked.save(update_fields=["token_hash", "token_hint", "token_issued_at", "updated_at"])
        audit_log(
            actor=actor,
            event=OpinionEvent.SOURCE_TOKEN_ISSUED,
            target=locked,
            data={"hint": locked.token_hint, "replaced": replaced},
        )
    return locked, token


def source_revoke_token(*, actor, source: Source) -> Source:
    permissions.require_manage_unit(actor, source.agency_id)
    with transaction.atomic():
        locked = Source.objects.select_for_update().get(pk=source.pk)
        if not locked.token_hash:
            raise InvalidTransition("该来源没有有效的接口令牌。")
        hint = locked.token_hint
        locked.token_hash = None
        locked.token_hint = ""
        locked.token_issued_at = None
        locked.save(update_fields=["token_hash", "token_hint", "token_issued_at", "updated_at"])
        audit_log(actor=actor, event=OpinionEvent.SOURCE_TOKEN_REVOKED, target=locked, data={"hint": hint})
    return locked


def source_authenticate(token: str | None) -> Source:
    """The active source whose token this is; ``Unauthenticated`` (401) otherwise."""
    if not token or not isinstance(token, str) or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        raise Unauthenticated("缺少或无效的来源令牌。")
    source = Source.objects.filter(token_hash=_token_hash(token)).first()
    if source is None:
        raise Unauthenticated("来源令牌无效。")
    if not source.is_active:
        raise Unauthenticated("该来源已停用。")
    return source


# --- Ingest ------------------------------------------------------------------------------------------


@dataclass
class IngestOutcome:
    run: IngestRun
    received: int = 0
    created: int = 0
    existing: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    events_created: int = 0
    raised: list[int] = field(default_factory=list)


def ingest_records(
    *,
    source: Source,
    rows: list[Any],
    channel: str,
    positions: list[int] | None = None,
    actor=None,
    filename: str = "",
    pre_rejected: list[Rejected] | None = None,
    now: dt.datetime | None = None,
) -> IngestOutcome:
    """Check the rows, store and analyse the good ones in batches, record the run.

    ``rows`` are raw mappings; ``positions`` their line numbers (files), else their index is their
    position. Idempotent on (source, external id). Each batch is its own transaction: if one fails,
    the batches before it stay stored and a replay completes the rest.
    """
    started = now or clock.now()
    good, rejected = parse_records(rows)
    if positions is not None:
        good = [(positions[i], rec) for i, rec in good]
        for r in rejected:
            r.index = positions[r.index]
    rejected = list(pre_rejected or []) + rejected
    outcome = IngestOutcome(run=None, received=len(rows) + len(pre_rejected or []), rejected=rejected)  # type: ignore[arg-type]
    size = batch_size()
    records = [rec for _pos, rec in good]
    for start in range(0, len(records), size):
        result: BatchResult = process_batch(source, records[start : start + size], now=now)
        outcome.created += result.created
        outcome.existing += result.existing
        outcome.events_created += result.events_created
        outcome.raised.extend(result.raised)
        if result.warnings:
            transaction.on_commit(lambda w=result.warnings: run_warning_hooks(w))
    rejected.sort(key=lambda r: r.index)
    with transaction.atomic():
        outcome.run = IngestRun.objects.create(
            source=source,
            channel=channel,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            filename=filename[:255],
            started_at=started,
            finished_at=clock.now(),
            received=outcome.received,
            created=outcome.created,
            duplicates=outcome.existing,
            rejected=len(rejected),
            errors=[r.as_dict("line" if channel == "file" else "index") for r in rejected[:200]],
        )
        if channel == "file":
            audit_log(
                actor=actor,
                event=OpinionEvent.IMPORT_FILE,
                target=source,
                data={
                    "filename": filename,
                    "received": outcome.received,
                    "created": outcome.created,
                    "existing": outcome.existing,
                    "rejected": len(rejected),
                },
            )
    return outcome


def ingest_api_batch(*, token: str | None, payload: Any, source_ref: Any = None) -> IngestOutcome:
    """The JSON batch API: authenticate the source by its token, check and store the records."""
    source = source_authenticate(token)
    if source_ref not in (None, "") and str(source_ref) != str(source.pk):
        raise org_permissions.PermissionDenied("该令牌不能为其他来源写入数据。")
    limit = int(getattr(settings, "OPINION_API_MAX_RECORDS", 5000))
    if not isinstance(payload, list):
        raise ValidationFailed("records 应为记录数组。")
    if not payload:
        raise ValidationFailed("records 不能为空。")
    if len(payload) > limit:
        raise ValidationFailed(f"一次最多提交 {limit} 条记录（本次 {len(payload)} 条）。", detail={"limit": limit})
    return ingest_records(source=source, rows=list(payload), channel="api")


def ingest_file(
    *, actor, source: Source, data: bytes, filename: str, column_map: dict[str, str] | None = None
) -> IngestOutcome:
    """File import (CSV, XLSX, JSON lines) into a source the actor manages."""

    permissions.require_manage_unit(actor, source.agency_id, "只有来源所属单位的舆情监测人员可以导入数据。")
    parsed = files.read_file(data, filename, column_map=column_map or source.column_map or None)
    outcome = ingest_records(
        source=source,
        rows=parsed.rows,
        positions=parsed.lines,
        channel="file",
        actor=actor,
        filename=filename,
        pre_rejected=parsed.rejected,
    )
    if column_map and column_map != source.column_map:
        Source.objects.filter(pk=source.pk).update(column_map=column_map)
    return outcome


# --- Plans -----------------------------------------------------------------------------------------------


def _clean_plan(name: str | None, expression: str | None) -> tuple[str | None, plans.CompiledPlan | None]:
    clean_name = None
    if name is not None:
        clean_name = name.strip()
        if not clean_name:
            raise ValidationFailed("请填写方案名称。", detail={"name": "请填写方案名称。"})
        if len(clean_name) > 100:
            raise ValidationFailed("方案名称不超过 100 个字。", detail={"name": "方案名称不超过 100 个字。"})
    compiled = plans.parse(expression) if expression is not None else None
    return clean_name, compiled


def plan_create(
    *, actor, agency: Agency, name: str, expression: str, description: str = "", is_active: bool = True
) -> MonitoringPlan:
    permissions.require_manage_unit(actor, agency.pk)
    clean_name, compiled = _clean_plan(name, expression)
    with transaction.atomic():
        if MonitoringPlan.objects.filter(agency=agency, name=clean_name).exists():
            raise Conflict(f"本单位已有名为“{clean_name}”的监测方案。")
        plan = MonitoringPlan.objects.create(
            agency=agency,
            name=clean_name,
            expression=expression.strip(),
            compiled=compiled.as_json(),
            description=(description or "").strip(),
            is_active=bool(is_active),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_log(
            actor=actor,
            event=OpinionEvent.PLAN_CREATED,
            target=plan,
            data={"new": {"name": plan.name, "expression": plan.expression, "is_active": plan.is_active}},
        )
        transaction.on_commit(matcher.invalidate)
    return plan


def plan_update(
    *,
    actor,
    plan: MonitoringPlan,
    name: str | None = None,
    expression: str | None = None,
    description: str | None = None,
    is_active: bool | None = None,
) -> MonitoringPlan:
    permissions.require_manage_unit(actor, plan.agency_id)
    clean_name, compiled = _clean_plan(name, expression)
    with transaction.atomic():
        locked = MonitoringPlan.objects.select_for_update().get(pk=plan.pk)
        new: dict[str, Any] = {}
        if clean_name is not None:
            if (
                MonitoringPlan.objects.filter(agency_id=locked.agency_id, name=clean_name)
                .exclude(pk=locked.pk)
                .exists()
            ):
                raise Conflict(f"本单位已有名为“{clean_name}”的监测方案。")
            new["name"] = clean_name
        if compiled is not None:
            new["expression"] = expression.strip()
            new["compiled"] = compiled.as_json()
        if description is not None:
            new["description"] = description.strip()
        if is_active is not None:
            new["is_active"] = bool(is_active)
        diff = changes(locked, ["name", "expression", "description", "is_active"], new)
        for key, value in new.items():
            setattr(locked, key, value)
        locked.save()
        audit_log(actor=actor, event=OpinionEvent.PLAN_UPDATED, target=locked, data=diff)
        transaction.on_commit(matcher.invalidate)
    return locked


def plan_delete(*, actor, plan: MonitoringPlan) -> None:
    """Delete a plan that never caught anything; a plan with matches is deactivated instead."""
    permissions.require_manage_unit(actor, plan.agency_id)
    with transaction.atomic():
        locked = MonitoringPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.matches.exists() or EventPlan.objects.filter(plan=locked).exists():
            raise InvalidTransition("该方案已命中过信息，不能删除，请改为停用。")
        audit_log(actor=actor, event=OpinionEvent.PLAN_DELETED, target=locked, data={"old": {"name": locked.name}})
        locked.delete()
        transaction.on_commit(matcher.invalidate)


# --- Aliases ------------------------------------------------------------------------------------------------


def alias_create(*, actor, alias: str, agency: Agency | None = None, region: Region | None = None) -> UnitAlias:
    """Another name of an agency (managed by its monitors) or a region (by monitors of a unit in it)."""
    if (agency is None) == (region is None):
        raise ValidationFailed("别名应对应一个单位或一个区划。")
    text = (alias or "").strip()
    if not 2 <= len(text) <= 50:
        raise ValidationFailed("别名应为 2–50 个字。")
    if agency is not None:
        permissions.require_manage_unit(actor, agency.pk)
    else:
        scope = permissions.monitored_agency_ids(actor)
        allowed = scope is None or Agency.objects.filter(pk__in=scope, region=region).exists()
        org_permissions.require(allowed, "只有该区划内单位的舆情监测人员或系统管理员可以添加区划别名。")
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = UnitAlias.objects.create(alias=text, agency=agency, region=region)
        except IntegrityError:
            raise Conflict(f"别名“{text}”已存在。") from None
        audit_log(
            actor=actor,
            event=OpinionEvent.ALIAS_CREATED,
            target=row,
            data={"new": {"alias": text, "agency": agency, "region": region}},
            agency_id=agency.pk if agency else None,
        )
    return row


def alias_delete(*, actor, alias: UnitAlias) -> None:
    if alias.agency_id:
        permissions.require_manage_unit(actor, alias.agency_id)
    else:
        scope = permissions.monitored_agency_ids(actor)
        allowed = scope is None or Agency.objects.filter(pk__in=scope, region_id=alias.region_id).exists()
        org_permissions.require(allowed, "只有该区划内单位的舆情监测人员或系统管理员可以删除区划别名。")
    with transaction.atomic():
        audit_log(actor=actor, event=OpinionEvent.ALIAS_DELETED, target=alias, data={"old": {"alias": alias.alias}})
        alias.delete()


# --- Events ---------------------------------------------------------------------------------------------------


def _level_label(level: str) -> str:
    return f"{LEVEL_SHORT[level]}（{LEVEL_MEANING[level]}）"


def event_set_level(*, actor, event: Event, level: str, reason: str) -> Event:
    """A person raises or lowers an event's warning level, with a reason (audited).

    The manual level holds until the automatic judgement rises above the level it had at this moment
    (see ``pipeline.figures.decide_level``). Reaching orange/red the first time sends the warning hook.
    """
    if level not in WarningLevel.values:
        raise ValidationFailed("请选择预警级别。", detail={"level": "请选择预警级别。"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("请填写调整理由。", detail={"reason": "请填写调整理由。"})
    if len(reason) > 500:
        raise ValidationFailed("调整理由不超过 500 个字。", detail={"reason": "调整理由不超过 500 个字。"})
    now = clock.now()
    with transaction.atomic():
        locked = Event.objects.select_for_update().filter(pk=event.pk).first()
        if locked is None:
            raise NotFound("事件不存在。")
        org_permissions.require(
            permissions.can_change_level(actor, locked),
            "只有事件涉及单位的舆情监测人员或系统管理员可以调整预警级别。",
        )
        old = locked.level
        if level == old:
            raise ValidationFailed("新级别与当前级别相同。", detail={"level": "新级别与当前级别相同。"})
        direction = "上调" if LEVEL_ORDER[level] > LEVEL_ORDER[old] else "下调"
        locked.manual_level = level
        locked.manual_base_level = locked.auto_level
        locked.level = level
        locked.level_reason = f"{_level_label(level)}，人工{direction}：{reason}"
        locked.level_changed_at = now
        first_warning = level in RAISED_LEVELS and locked.warned_at is None
        if first_warning:
            locked.warned_at = now
        locked.save(
            update_fields=[
                "manual_level",
                "manual_base_level",
                "level",
                "level_reason",
                "level_changed_at",
                "warned_at",
                "updated_at",
            ]
        )
        EventLevelChange.objects.create(
            event=locked,
            from_level=old,
            to_level=level,
            kind=LevelChangeKind.MANUAL,
            reason=reason,
            actor=actor,
            changed_at=now,
        )
        audit_log(
            actor=actor,
            event=OpinionEvent.EVENT_LEVEL_CHANGED,
            target=locked,
            data={"old": {"level": old}, "new": {"level": level}, "reason": reason},
        )
        event_id, text = locked.pk, locked.level_reason

        def after() -> None:
            signals.level_changed.send_robust(
                sender=Event,
                event_id=event_id,
                old_level=old,
                new_level=level,
                reason=text,
                kind=LevelChangeKind.MANUAL,
                actor=actor,
            )
            if first_warning:
                notify_warning(event_id=event_id, level=level, reason=text)
                signals.warning_raised.send_robust(
                    sender=Event, event_id=event_id, level=level, reason=text, raised_at=now
                )

        transaction.on_commit(after)
    return locked


def event_transition(*, actor, event: Event, action: str, reason: str = "") -> Event:
    """Move an event by ``action``: its spec (``actions.py``) gives the states, who may and the label."""
    if action not in event_actions.registry:
        raise ValidationFailed("未知的操作。")
    spec = event_actions.registry.get(action)
    reason = event_actions.registry.parse(action, {"reason": reason}).reason
    if action in (EventAction.CLOSE, EventAction.DISMISS) and not reason:
        raise ValidationFailed("请填写理由。", detail={"reason": "请填写理由。"})
    with transaction.atomic():
        locked = Event.objects.select_for_update().filter(pk=event.pk).first()
        if locked is None:
            raise NotFound("事件不存在。")
        event_actions.registry.require(actor, spec, locked)
        new_status = spec.leads_to.get(locked.status)
        if new_status is None:
            raise InvalidTransition(f"事件当前为“{locked.get_status_display()}”，不能“{spec.label}”。")
        old = locked.status
        locked.status = new_status
        locked.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=actor,
            event=OpinionEvent.event_action(action),
            target=locked,
            data={"old": {"status": old}, "new": {"status": new_status}, "reason": reason},
        )
    return locked


def monitor_recipients(event_id: int) -> list:
    """Opinion monitors of the event's units (and of the units above them, whose role covers them)."""
    agency_ids = set(EventAgency.objects.filter(event_id=event_id).values_list("agency_id", flat=True))
    agency_ids |= set(EventPlan.objects.filter(event_id=event_id).values_list("plan__agency_id", flat=True))
    chain: set[int] = set()
    for agency in Agency.objects.filter(pk__in=agency_ids).select_related("parent"):
        chain.update(a.pk for a in agency.ancestors())
    rows = RoleAssignment.objects.filter(role=Role.OPINION_MONITOR, agency_id__in=chain, user__is_active=True)
    return list({ra.user_id: ra.user for ra in rows.select_related("user")}.values())


def run_warning_hooks(warnings: Warnings) -> None:
    """After a batch's commit: ``signals.level_changed`` for its automatic level changes, then for
    each event raised to orange/red the monitors' notice and ``signals.warning_raised``. A failing
    notice or receiver is logged; the warning stays recorded."""
    for eid, old, new, reason in warnings.changes:
        for _receiver, response in signals.level_changed.send_robust(
            sender=Event,
            event_id=eid,
            old_level=old,
            new_level=new,
            reason=reason,
            kind=LevelChangeKind.AUTO,
            actor=None,
        ):
            if isinstance(response, Exception):
                log.error("level_changed receiver failed for event %s: %r", eid, response)
    for eid, level, reason in warnings.raised:
        try:
            notify_warning(event_id=eid, level=level, reason=reason)
        except Exception:  # the warning stays recorded; the notice is retried by nobody, so log it loudly
            log.exception("notifying the monitors of event %s failed", eid)
        for _receiver, response in signals.warning_raised.send_robust(
            sender=Event, event_id=eid, level=level, reason=reason, raised_at=warnings.at
        ):
            if isinstance(response, Exception):
                log.error("warning_raised receiver failed for event %s: %r", eid, response)


def notify_warning(*, event_id: int, level: str, reason: str) -> int:
    """Tell the monitors of the event's units that it reached orange/red (once per event)."""

    event = Event.objects.filter(pk=event_id).only("id", "title").first()
    if event is None:
        return 0
    rows = notify(
        recipients=monitor_recipients(event_id),
        subject=f"【{LEVEL_SHORT[level]}预警】{event.title}"[:200],
        body=reason,
        link=event.get_absolute_url(),
        event=OpinionEvent.WARNING_RAISED,
        dedupe_key=f"opinion-warning-{event_id}",
    )
    return len(rows)
