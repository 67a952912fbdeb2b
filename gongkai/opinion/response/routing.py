"""Who answers an event (SPEC R5.4), computed from the event's units and the routing rules.

The principle is the seeds' 属地管理、分级负责、谁主管谁负责 (祥政办通〔2019〕54号 一; 铜政办发〔2016〕71号
三(一); 国办发〔2016〕61号 二):

1. **Several townships** → the higher competent department is the first responsible unit (lead);
   the townships co-operate (co-handlers). The competent department is the first matching
   ``RoutingRule`` of kind ``competent`` (by category / keywords), else the one department the
   event concerns, else the government office leads and designates (祥 一(二)).
2. **One township** → that township's government leads (属地管理, 祥 一(一)); departments the
   event concerns co-operate.
3. **Departments only** → each answers by its duties (co-handlers); one leads: a department a
   competent rule names (among those concerned first), else the first concerned (祥 一(三)
   "必要时可确定牵头部门"; the coordinators may change it).
4. **No unit recognised** → the government office leads.

Coordinators in every case: the ``coordinator`` rules of the jurisdiction, else the jurisdiction's
government office and government (where the news office sits) — 祥 一(二)(三) "县政府办公室会同宣传部门
做好组织协调工作".

The routing rules are data (``RoutingRule``): which department is competent for which kind of
matter and who coordinates, per region, dated by their citation; the algorithm above only
applies them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from gongkai.opinion.response_models import RoutingRule
from gongkai.orgs.enums import AgencyKind, RegionLevel
from gongkai.orgs.models import Agency, Region

from .enums import AssignmentRole, RoutingRuleKind

CITE_SINGLE = "国办发〔2016〕61号；祥政办通〔2019〕54号 一(一)；铜政办发〔2016〕71号 三(一)"
CITE_MULTI_TOWNSHIP = "国办发〔2016〕61号；祥政办通〔2019〕54号 一(二)；铜政办发〔2016〕71号 三(一)"
CITE_DEPARTMENTS = "国办发〔2016〕61号；祥政办通〔2019〕54号 一(三)"
CITE_COORDINATION = "国办发〔2016〕61号；祥政办通〔2019〕54号 一(二)(三)"

DEPARTMENT_KINDS = (AgencyKind.DEPARTMENT, AgencyKind.AFFILIATED, AgencyKind.DEVZONE, AgencyKind.OTHER)


@dataclass
class PlannedAssignment:
    agency: Agency
    role: str
    reason: str


@dataclass
class RoutingPlan:
    jurisdiction: Region | None
    assignments: list[PlannedAssignment] = field(default_factory=list)
    summary: str = ""

    @property
    def lead(self) -> Agency | None:
        return next((a.agency for a in self.assignments if a.role == AssignmentRole.LEAD), None)

    def add(self, agency: Agency, role: str, reason: str) -> None:
        for existing in self.assignments:
            if existing.agency.pk == agency.pk:
                return  # the first role given to a unit stands (lead before co-handler before coordinator)
        self.assignments.append(PlannedAssignment(agency, role, reason))


def _label(agency: Agency) -> str:
    return agency.short_name or agency.name


_memo: ContextVar[dict | None] = ContextVar("opinion_routing_memo", default=None)


@contextmanager
def memoised() -> Iterator[None]:
    """Within the block, an event's places, units and jurisdiction are read once (the warning hook
    asks for them from routing, clocks, recipients and the webhook; they do not change meanwhile)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _once(kind: str, event, compute: Callable[[], Any]) -> Any:
    memo = _memo.get()
    if memo is None or event.pk is None:
        return compute()
    key = (kind, event.pk)
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def event_regions(event) -> list[Region]:
    return _once(
        "regions",
        event,
        lambda: list(Region.objects.filter(pk__in=event.eventregion_set.values("region_id")).select_related("parent")),
    )


def event_agencies(event) -> list[Agency]:
    def compute() -> list[Agency]:
        ids = list(event.eventagency_set.order_by("id").values_list("agency_id", flat=True))
        by_id = {a.pk: a for a in Agency.objects.filter(pk__in=ids, is_active=True).select_related("region")}
        return [by_id[i] for i in ids if i in by_id]

    return _once("agencies", event, compute)


def jurisdiction_of(event, agencies: list[Agency] | None = None, regions: list[Region] | None = None) -> Region | None:
    """The county (else city, else province) the event belongs to."""
    if agencies is None and regions is None:
        return _once("jurisdiction", event, lambda: _jurisdiction(event_agencies(event), event_regions(event)))
    agencies = event_agencies(event) if agencies is None else agencies
    regions = event_regions(event) if regions is None else regions
    return _jurisdiction(agencies, regions)


def _jurisdiction(agencies: list[Agency], regions: list[Region]) -> Region | None:
    chains = [r.ancestors() for r in regions] + [a.region.ancestors() for a in agencies]
    for level in (RegionLevel.COUNTY, RegionLevel.CITY, RegionLevel.PROVINCE):
        for chain in chains:
            for region in chain:
                if region.level == level:
                    return region
    return None


def jurisdiction_governments(event) -> list[Agency]:
    """The governments (and government offices) of the event's jurisdiction."""
    region = jurisdiction_of(event)
    if region is None:
        return []
    return list(
        Agency.objects.filter(
            region=region, kind__in=(AgencyKind.GOVERNMENT, AgencyKind.GENERAL_OFFICE), is_active=True
        )
    )


def _township_government(region: Region) -> Agency | None:
    return (
        Agency.objects.filter(region=region, kind=AgencyKind.TOWNSHIP, is_active=True).order_by("id").first()
        or Agency.objects.filter(region=region, kind=AgencyKind.GOVERNMENT, is_active=True).order_by("id").first()
    )


def _rules(kind: str, jurisdiction: Region | None):
    if jurisdiction is None:
        return []
    chain = jurisdiction.ancestors()
    depth = {r.pk: i for i, r in enumerate(chain)}  # 0 = the jurisdiction itself (most specific)
    rules = list(
        RoutingRule.objects.filter(
            kind=kind, is_active=True, region_id__in=depth, agency__is_active=True
        ).select_related("agency", "agency__region")
    )
    rules.sort(key=lambda r: (depth[r.region_id], r.priority, r.pk))
    return rules


def _matches(rule, event) -> bool:
    if rule.category and rule.category != (event.category or ""):
        return False
    words = [w for w in (rule.keywords or []) if isinstance(w, str) and w.strip()]
    if not words:
        return True
    haystack = (event.title or "") + " " + " ".join(str(k) for k in (event.keywords or []))
    return any(w.strip() in haystack for w in words)


def competent_rules(event, jurisdiction: Region | None) -> list:
    return [r for r in _rules(RoutingRuleKind.COMPETENT, jurisdiction) if _matches(r, event)]


def coordinators(event, jurisdiction: Region | None) -> list[tuple[Agency, str]]:
    rules = [r for r in _rules(RoutingRuleKind.COORDINATOR, jurisdiction) if _matches(r, event)]
    if rules:
        return [(r.agency, f"组织协调（交办规则：{r.citation}）") for r in rules]
    if jurisdiction is None:
        return []
    found = list(
        Agency.objects.filter(
            region=jurisdiction, kind__in=(AgencyKind.GENERAL_OFFICE, AgencyKind.GOVERNMENT), is_active=True
        ).order_by(
            # the government office first, then the government (where the news office sits)
            "-kind",
            "id",
        )
    )
    found.sort(key=lambda a: 0 if a.kind == AgencyKind.GENERAL_OFFICE else 1)
    return [(a, f"组织协调（政府办公室会同宣传部门，{CITE_COORDINATION}）") for a in found]


def plan_for(event) -> RoutingPlan:
    agencies = event_agencies(event)
    regions = event_regions(event)
    jurisdiction = jurisdiction_of(event, agencies, regions)
    plan = RoutingPlan(jurisdiction=jurisdiction)
    townships = _townships_of(agencies, regions)
    departments = [a for a in agencies if a.kind in DEPARTMENT_KINDS]
    coord = coordinators(event, jurisdiction)
    fallback_lead = coord[0][0] if coord else None

    if len(townships) > 1:
        _plan_several_townships(plan, event, townships, departments, fallback_lead)
    elif len(townships) == 1:
        plan.add(
            townships[0], AssignmentRole.LEAD, f"涉及单一乡镇：属地管理，由{_label(townships[0])}回应（{CITE_SINGLE}）"
        )
        for d in departments:
            plan.add(d, AssignmentRole.CO_HANDLER, f"涉及部门按职责分工配合回应（{CITE_DEPARTMENTS}）")
        plan.summary = "涉及单一乡镇"
    elif departments:
        _plan_departments(plan, event, departments)
    elif fallback_lead is not None:
        plan.add(
            fallback_lead,
            AssignmentRole.LEAD,
            f"未识别到涉事乡镇或部门：由组织协调单位牵头回应并指定责任单位（{CITE_COORDINATION}）",
        )
        plan.summary = "未识别到涉事单位"

    for agency, reason in coord:
        plan.add(agency, AssignmentRole.COORDINATOR, reason)
    return plan


def _townships_of(agencies: list[Agency], regions: list[Region]) -> list[Agency]:
    """The township governments concerned: of the township regions named, then the townships named."""
    townships: list[Agency] = []
    for region in regions:
        if region.level == RegionLevel.TOWNSHIP:
            gov = _township_government(region)
            if gov is not None and gov.pk not in {t.pk for t in townships}:
                townships.append(gov)
    for agency in agencies:
        if agency.kind == AgencyKind.TOWNSHIP and agency.pk not in {t.pk for t in townships}:
            townships.append(agency)
    return townships


def _plan_several_townships(
    plan: RoutingPlan, event, townships: list[Agency], departments: list[Agency], fallback_lead: Agency | None
) -> None:
    """Several townships: the competent department leads (a routing rule, else the one department
    named, else the coordinating unit); the townships and departments co-handle."""
    rules = competent_rules(event, plan.jurisdiction)
    names = "、".join(_label(t) for t in townships)
    if rules:
        plan.add(
            rules[0].agency,
            AssignmentRole.LEAD,
            f"涉及多个乡镇（{names}）：上级业务主管部门为第一责任主体（交办规则：{rules[0].citation}；{CITE_MULTI_TOWNSHIP}）",
        )
    elif len(departments) == 1:
        plan.add(
            departments[0],
            AssignmentRole.LEAD,
            f"涉及多个乡镇（{names}）：由涉及的主管部门回应（{CITE_MULTI_TOWNSHIP}）",
        )
    elif fallback_lead is not None:
        plan.add(
            fallback_lead,
            AssignmentRole.LEAD,
            f"涉及多个乡镇（{names}），未匹配到主管部门交办规则：由组织协调单位牵头并指定主管部门（{CITE_MULTI_TOWNSHIP}）",
        )
    for t in townships:
        plan.add(t, AssignmentRole.CO_HANDLER, f"涉事乡镇配合做好回应（{CITE_MULTI_TOWNSHIP}）")
    for d in departments:
        plan.add(d, AssignmentRole.CO_HANDLER, f"涉及部门按职责分工做好回应（{CITE_DEPARTMENTS}）")
    plan.summary = "涉及多个乡镇"


def _plan_departments(plan: RoutingPlan, event, departments: list[Agency]) -> None:
    """No township: one department leads alone; of several, the one a routing rule names leads."""
    if len(departments) == 1:
        plan.add(departments[0], AssignmentRole.LEAD, f"谁主管谁负责：由{_label(departments[0])}回应（{CITE_SINGLE}）")
        plan.summary = "涉及单一部门"
        return
    rules = competent_rules(event, plan.jurisdiction)
    involved = {d.pk for d in departments}
    chosen = next((r for r in rules if r.agency_id in involved), None) or (rules[0] if rules else None)
    names = "、".join(_label(d) for d in departments)
    if chosen is not None:
        plan.add(
            chosen.agency,
            AssignmentRole.LEAD,
            f"涉及多个部门（{names}）：按交办规则确定牵头部门（{chosen.citation}；{CITE_DEPARTMENTS}）",
        )
    else:
        plan.add(
            departments[0],
            AssignmentRole.LEAD,
            f"涉及多个部门（{names}）：按涉及顺序确定牵头部门，组织协调单位可调整（{CITE_DEPARTMENTS}）",
        )
    for d in departments:
        plan.add(d, AssignmentRole.CO_HANDLER, f"按职责分工做好回应（{CITE_DEPARTMENTS}）")
    plan.summary = "涉及多个部门"


def regions_under(region: Region) -> Q:
    """A filter on ``region`` for that region and every region below it (up to four levels)."""
    q = Q(region=region)
    path = "region"
    for _ in range(3):
        path += "__parent"
        q |= Q(**{path: region})
    return q
