"""Reads of public-opinion monitoring; visibility is decided here (see ``permissions.py``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from gongkai.core import clock
from gongkai.core.errors import NotFound
from gongkai.orgs import selectors as org_selectors

from . import permissions
from .models import (
    Event,
    EventAgency,
    EventLevelChange,
    EventPlan,
    IngestRun,
    MonitoringPlan,
    PlanMatch,
    Post,
    Source,
    UnitAlias,
)
from .nlp import normalise
from .pipeline.delta import NEGATIVE_AT
from .pipeline.matcher import run_plan
from .plans import CompiledPlan, parse

PREVIEW_SCAN_LIMIT = 200_000


def source_list_visible_to(user) -> QuerySet[Source]:
    scope = permissions.viewable_agency_ids(user)
    qs = Source.objects.select_related("agency")
    if scope is None:
        return qs
    return qs.filter(agency_id__in=scope)


def source_list_manageable_by(user) -> QuerySet[Source]:
    scope = permissions.monitored_agency_ids(user)
    qs = Source.objects.select_related("agency")
    if scope is None:
        return qs
    return qs.filter(agency_id__in=scope)


def source_get_visible(user, pk: int) -> Source:
    source = source_list_visible_to(user).filter(pk=pk).first()
    if source is None:
        raise NotFound("来源不存在或您无权查看。")
    return source


def plan_list_visible_to(user) -> QuerySet[MonitoringPlan]:
    scope = permissions.viewable_agency_ids(user)
    qs = MonitoringPlan.objects.select_related("agency")
    return qs if scope is None else qs.filter(agency_id__in=scope)


def plan_get_visible(user, pk: int) -> MonitoringPlan:
    plan = plan_list_visible_to(user).filter(pk=pk).first()
    if plan is None:
        raise NotFound("监测方案不存在或您无权查看。")
    return plan


def _event_scope(qs: QuerySet[Event], scope: set[int] | None) -> QuerySet[Event]:
    if scope is None:
        return qs
    concerns = EventAgency.objects.filter(event=OuterRef("pk"), agency_id__in=scope)
    caught = EventPlan.objects.filter(event=OuterRef("pk"), plan__agency_id__in=scope)
    return qs.filter(Q(Exists(concerns)) | Q(Exists(caught)))


def event_list_visible_to(
    user,
    *,
    level: str | None = None,
    status: str | None = None,
    agency_id: int | None = None,
    q: str | None = None,
    category: str | None = None,
) -> QuerySet[Event]:
    qs = _event_scope(Event.objects.all(), permissions.viewable_agency_ids(user))
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if agency_id:
        qs = qs.filter(Exists(EventAgency.objects.filter(event=OuterRef("pk"), agency_id=agency_id)))
    if q:
        qs = qs.filter(title__icontains=q.strip())
    return qs.order_by("-last_seen_at", "-id")


def event_get_visible(user, pk: int) -> Event:
    event = _event_scope(Event.objects.filter(pk=pk), permissions.viewable_agency_ids(user)).first()
    if event is None:
        raise NotFound("事件不存在或您无权查看。")
    return event


def event_level_history(event: Event) -> QuerySet[EventLevelChange]:
    return event.level_changes.select_related("actor").order_by("changed_at", "id")


def event_top_posts(event: Event) -> list[Post]:
    ids = [int(pid) for pid, _score in (event.top_post_ids or [])]
    by_id = Post.objects.select_related("source").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def post_list_visible_to(
    user,
    *,
    source_id: int | None = None,
    kind: str | None = None,
    event_id: int | None = None,
    plan_id: int | None = None,
    category: str | None = None,
    negative: bool = False,
    hide_duplicates: bool = False,
    q: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[Post]:
    scope = permissions.viewable_agency_ids(user)
    qs = Post.objects.select_related("source", "event")
    if scope is not None:
        visible_events = _event_scope(Event.objects.all(), scope).values("pk")
        matched = PlanMatch.objects.filter(post=OuterRef("pk"), plan__agency_id__in=scope)
        qs = qs.filter(Q(source__agency_id__in=scope) | Q(event_id__in=visible_events) | Q(Exists(matched)))
    if source_id:
        qs = qs.filter(source_id=source_id)
    if kind:
        qs = qs.filter(kind=kind)
    if event_id:
        qs = qs.filter(event_id=event_id)
    if plan_id:
        qs = qs.filter(Exists(PlanMatch.objects.filter(post=OuterRef("pk"), plan_id=plan_id)))
    if category:
        qs = qs.filter(category=category)
    if negative:
        qs = qs.filter(negativity__gte=NEGATIVE_AT)
    if hide_duplicates:
        qs = qs.filter(duplicate_of__isnull=True)
    if q and q.strip():
        qs = qs.filter(Q(text_norm__contains=normalise(q)) | Q(title__icontains=q.strip()))
    if since:
        qs = qs.filter(published_at__gte=since)
    if until:
        qs = qs.filter(published_at__lt=until)
    return qs.order_by("-published_at", "-id")


def post_get_visible(user, pk: int) -> Post:
    post = post_list_visible_to(user).filter(pk=pk).first()
    if post is None:
        raise NotFound("信息不存在或您无权查看。")
    return post


def run_list_visible_to(user) -> QuerySet[IngestRun]:
    scope = permissions.viewable_agency_ids(user)
    qs = IngestRun.objects.select_related("source", "actor")
    return qs if scope is None else qs.filter(source__agency_id__in=scope)


def alias_list_visible_to(user) -> QuerySet[UnitAlias]:
    scope = permissions.viewable_agency_ids(user)
    qs = UnitAlias.objects.select_related("agency", "region")
    if scope is None:
        return qs
    return qs.filter(Q(agency_id__in=scope) | Q(region__agencies__in=scope)).distinct()


@dataclass
class Preview:
    plan: CompiledPlan
    since: dt.datetime
    until: dt.datetime
    scanned: int = 0
    matched: int = 0
    posts: list[Post] = field(default_factory=list)
    truncated: bool = False


def plan_preview(user, expression: str, *, hours: int = 24, limit: int = 50, now: dt.datetime | None = None) -> Preview:
    """What the (draft) expression would have caught among the stored posts of the last ``hours``
    that the user may see: the number scanned, the number caught and the newest ``limit`` of them.
    Raises ``PlanSyntaxError`` (Chinese message) for a bad expression."""
    compiled = parse(expression)
    until = now or clock.now()
    since = until - dt.timedelta(hours=hours)
    scope = permissions.viewable_agency_ids(user)
    qs = Post.objects.filter(
        Q(published_at__gte=since, published_at__lt=until)
        | Q(published_at__isnull=True, ingested_at__gte=since, ingested_at__lt=until)
    )
    if scope is not None:
        qs = qs.filter(Q(source__agency_id__in=scope) | Q(source__agency__isnull=True))
    rows = list(qs.order_by("-published_at", "-id").values_list("id", "text_norm")[: PREVIEW_SCAN_LIMIT + 1])
    preview = Preview(plan=compiled, since=since, until=until)
    if len(rows) > PREVIEW_SCAN_LIMIT:
        rows = rows[:PREVIEW_SCAN_LIMIT]
        preview.truncated = True
    preview.scanned = len(rows)
    hits = [pid for (pid, _t), ok in zip(rows, run_plan(compiled, [t for _p, t in rows]), strict=True) if ok]
    preview.matched = len(hits)
    by_id = Post.objects.select_related("source").in_bulk(hits[:limit])
    preview.posts = [by_id[i] for i in hits[:limit] if i in by_id]
    return preview


def plan_get(pk: int) -> MonitoringPlan | None:
    """One monitoring plan by primary key, not scoped (the caller decides whether the user may use it)."""
    return MonitoringPlan.objects.filter(pk=pk).first()


def agency_list_monitored_by(user) -> QuerySet:
    """Active agencies in the user's monitoring scope (all for the platform-wide roles), by region code and name."""
    qs = org_selectors.agency_list_active(order_by=("region__code", "name"))
    scope = permissions.monitored_agency_ids(user)
    return qs if scope is None else qs.filter(pk__in=scope)
