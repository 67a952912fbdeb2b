"""Reports forwarded to the handling units, adopted suggestions made public, and the
assessment measures of response work (SPEC R5.3, R5.8, R5.10).

- **Reports** (专报/快报/简报, 000 #8 "reports forwarded to the handling units"; 004 附件8 二(二)):
  a coordinator issues a numbered report on an event from one of its coordinator units; the
  Word document is generated and kept as issued, each handling unit gets a copy (in-app and
  e-mail notice to its opinion monitors and unit administrators) and its first opening by that
  unit's staff is recorded as the receipt.
- **Adopted suggestions** (铜政办发〔2016〕71号 三(三) "对采纳的意见建议予以公开"): a feedback record marked
  as adopting suggestions can be turned into a draft response of the kind 意见建议采纳情况, which
  is published like every response only after the ``opinion.release`` review.
- **Assessment** (祥政办通〔2019〕54号 (十九)): the government's news office and disclosure office
  record circulated criticism, interviews and commendations of units (and persons) for their
  response work, with the events concerned; the unit is told, and the statistics count them.

Writes are keyword-only, check permissions, run in one transaction and write their audit event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet

from gongkai.audit.services import audit_log
from gongkai.core import clock, links
from gongkai.core.errors import Conflict, NotFound, ValidationFailed
from gongkai.notifications.services import notify
from gongkai.opinion.events import OpinionEvent
from gongkai.opinion.models import Event
from gongkai.opinion.response_models import (
    AccountabilityAction,
    OpinionReport,
    OpinionReportDelivery,
    OpinionResponse,
    ResultFeedback,
)
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.enums import AgencyKind, Role
from gongkai.orgs.models import Agency, RoleAssignment

from . import permissions, reports, routing, services
from .common import _text, _users_with_roles, receiving_recipients
from .enums import AccountabilityKind, AssignmentRole, AssignmentStatus, ReportKind, ResponseKind
from .selectors import event_list_visible_to

# Who records circulated criticism, interviews and commendations: "县政府新闻办和信息公开部门" (001 (十九)).
ASSESSING_ROLES = (Role.NEWS_OFFICE, Role.DISCLOSURE_OFFICE_HEAD, Role.DISCLOSURE_OFFICE_STAFF)
GOVERNMENT_KINDS = (AgencyKind.GOVERNMENT, AgencyKind.GENERAL_OFFICE)


# =====================================================================================
# Reports forwarded to the handling units (R5.3)
# =====================================================================================


def report_recipient_choices(event) -> QuerySet[Agency]:
    """Units of the event's jurisdiction a report may go to."""
    region = routing.jurisdiction_of(event)
    if region is None:
        return Agency.objects.filter(pk__in=[a.pk for a in routing.event_agencies(event)])
    return Agency.objects.filter(routing.regions_under(region), is_active=True).order_by("kind", "name")


def report_default_recipients(event) -> list[Agency]:
    """The units handling the event (lead and co-handlers not withdrawn)."""
    ids = (
        event.assignments.filter(role__in=(AssignmentRole.LEAD, AssignmentRole.CO_HANDLER))
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .values_list("agency_id", flat=True)
    )
    return list(Agency.objects.filter(pk__in=list(ids)).order_by("name"))


def report_issuer_choices(user, event) -> list[Agency]:
    """The coordinator units from which the user may issue a report on the event."""
    if not permissions.can_coordinate(user, event):
        return []
    candidates = set(permissions.coordinator_agency_ids(event))
    candidates |= {a.pk for a, _reason in routing.coordinators(event, routing.jurisdiction_of(event))}
    candidates |= {a.pk for a in routing.jurisdiction_governments(event)}
    if not org_permissions.is_system_admin(user):
        staff = permissions.staff_agency_ids(user)
        mine = candidates & staff
        if not mine:
            # A coordinator through a coordinating role held at a government above the event's jurisdiction.
            mine = set(
                RoleAssignment.objects.filter(
                    user=user, role__in=permissions.COORDINATING_ROLES, agency__kind__in=GOVERNMENT_KINDS
                ).values_list("agency_id", flat=True)
            )
        candidates = mine
    return list(Agency.objects.filter(pk__in=candidates, is_active=True).order_by("kind", "name"))


def _report_link(report: OpinionReport) -> str:
    return links.url_for(report)


def report_issue(
    *,
    actor,
    event: Event,
    kind: str,
    issuer: Agency,
    recipients: Iterable[Agency],
    note: str = "",
) -> OpinionReport:
    """Issue a numbered report on ``event`` from ``issuer`` and forward it to ``recipients``."""
    permissions.require_coordinator(actor, event)
    if kind not in ReportKind.values:
        raise ValidationFailed("请选择报告类别（专报、快报或简报）。")
    if issuer is None or issuer.pk not in {a.pk for a in report_issuer_choices(actor, event)}:
        raise ValidationFailed("请选择您所在的组织协调单位作为报送单位。")
    recipients = list({a.pk: a for a in recipients if a is not None}.values())
    if not recipients:
        raise ValidationFailed("请选择接收报告的承办单位。")
    allowed = set(report_recipient_choices(event).values_list("pk", flat=True))
    outside = [a.name for a in recipients if a.pk not in allowed]
    if outside:
        raise ValidationFailed(f"以下单位不在本事件的属地范围内：{'、'.join(outside)}。")
    note = _text(note, "报送说明", required=False, max_length=10000)
    now = clock.now()
    year = now.astimezone(dt.timezone(dt.timedelta(hours=8))).year
    try:
        with transaction.atomic():
            last = OpinionReport.objects.filter(issuer=issuer, kind=kind, year=year).aggregate(m=Max("serial"))["m"]
            serial = (last or 0) + 1
            label = ReportKind(kind).label
            number = f"{label}〔{year}〕第{serial}期"
            document = reports.special_report(
                event,
                kind_label=label,
                number=number,
                issuer=issuer.name,
                recipients=[a.name for a in recipients],
                note=note,
            )
            report = OpinionReport.objects.create(
                event=event,
                kind=kind,
                issuer=issuer,
                year=year,
                serial=serial,
                note=note,
                issued_at=now,
                issued_by=actor,
                document=document,
            )
            OpinionReportDelivery.objects.bulk_create(
                [OpinionReportDelivery(report=report, agency=a) for a in recipients]
            )
            audit_log(
                actor=actor,
                event=OpinionEvent.REPORT_ISSUED,
                target=report,
                data={
                    "new": {
                        "event": event.pk,
                        "kind": kind,
                        "number": number,
                        "issuer": issuer.pk,
                        "recipients": [a.pk for a in recipients],
                        "note": note,
                    }
                },
            )
            notify(
                recipients=[u for a in recipients for u in receiving_recipients(a)],
                subject=f"{number}：{event.title[:60]}",
                body=f"{issuer.name}报送{label}，请阅知并按要求处置。{note[:500]}",
                link=_report_link(report),
                event=OpinionEvent.REPORT,
                dedupe_key=f"opinion:report:{report.pk}",
            )
    except IntegrityError as exc:  # two reports numbered at the same moment
        raise Conflict("报告期号冲突，请重试。") from exc
    return report


def report_get_visible_to(user, pk: int) -> OpinionReport:
    report = OpinionReport.objects.select_related("event", "issuer").filter(pk=pk).first()
    if report is None or not permissions.can_see_event(user, report.event):
        raise NotFound("未找到该报告，或您无权查看。")
    return report


def report_list_for_event(event) -> QuerySet[OpinionReport]:
    return (
        OpinionReport.objects.filter(event=event)
        .select_related("issuer", "issued_by")
        .prefetch_related("deliveries__agency", "deliveries__read_by")
        .defer("document")
    )


def report_open(*, actor, report: OpinionReport) -> OpinionReport:
    """Record the receipt: the first opening by the staff of a receiving unit."""
    staff = permissions.staff_agency_ids(actor)
    with transaction.atomic():
        for delivery in OpinionReportDelivery.objects.select_for_update().filter(
            report=report, agency_id__in=staff, read_at__isnull=True
        ):
            delivery.read_at, delivery.read_by = clock.now(), actor
            delivery.save(update_fields=["read_at", "read_by"])
            audit_log(
                actor=actor,
                event=OpinionEvent.REPORT_READ,
                target=report,
                data={"agency": delivery.agency_id},
            )
    return report


# =====================================================================================
# Adopted suggestions made public (R5.8)
# =====================================================================================


def adopted_suggestions_draft(*, actor, feedback: ResultFeedback) -> OpinionResponse:
    """A draft response (意见建议采纳情况) publishing the suggestions adopted in ``feedback``."""
    if not feedback.suggestion_adopted:
        raise ValidationFailed("该反馈未标记为采纳了意见建议。")
    if feedback.publication_id is not None:
        raise Conflict("已为该反馈起草过采纳情况公开。")
    event = feedback.event
    with transaction.atomic():
        locked = ResultFeedback.objects.select_for_update().get(pk=feedback.pk)
        if locked.publication_id is not None:
            raise Conflict("已为该反馈起草过采纳情况公开。")
        row = services.response_create(
            actor=actor,
            event=event,
            agency=feedback.agency,
            kind=ResponseKind.ADOPTED_SUGGESTIONS,
            title=f"关于{event.title[:150]}有关意见建议采纳情况的说明",
            body=feedback.content,
        )
        locked.publication = row
        locked.save(update_fields=["publication", "updated_at"])
        audit_log(
            actor=actor,
            event=OpinionEvent.FEEDBACK_PUBLICATION_DRAFTED,
            target=locked,
            data={"new": {"publication": row.pk}},
        )
    return row


# =====================================================================================
# Assessment: circulated criticism, interviews, commendation (R5.10)
# =====================================================================================


def accountability_issuers(user) -> QuerySet[Agency]:
    """Governments (offices) from which the user records assessment measures."""
    qs = Agency.objects.filter(kind__in=GOVERNMENT_KINDS, is_active=True)
    if org_permissions.is_system_admin(user):
        return qs.order_by("region__code", "kind", "name")
    ids = RoleAssignment.objects.filter(user=user, role__in=ASSESSING_ROLES).values_list("agency_id", flat=True)
    return qs.filter(pk__in=list(ids)).order_by("region__code", "kind", "name")


def accountability_targets(user) -> QuerySet[Agency]:
    """Units in the regions of the user's issuing governments."""
    q = Q(pk__in=[])
    for issuer in accountability_issuers(user).select_related("region"):
        q |= routing.regions_under(issuer.region)
    return Agency.objects.filter(q, is_active=True).order_by("kind", "name")


def accountability_create(
    *,
    actor,
    agency: Agency,
    kind: str,
    issuer: Agency,
    decided_at: dt.date,
    reason: str,
    person: str = "",
    document_number: str = "",
    events: Iterable[Event] = (),
) -> AccountabilityAction:
    issuers = accountability_issuers(actor)
    org_permissions.require(
        issuers.exists(), "只有政府新闻办、政务公开办或系统管理员可以登记舆情回应工作的通报和约谈。"
    )
    if issuer is None or not issuers.filter(pk=issuer.pk).exists():
        raise ValidationFailed("请选择您所在的政府（办公室）作为作出单位。")
    if agency is None or not Agency.objects.filter(routing.regions_under(issuer.region), pk=agency.pk).exists():
        raise ValidationFailed("对象单位须在作出单位的行政区域内。")
    if kind not in AccountabilityKind.values:
        raise ValidationFailed("请选择措施（通报批评、约谈或通报表扬）。")
    if not isinstance(decided_at, dt.date):
        raise ValidationFailed("请填写日期。")
    if decided_at > clock.today():
        raise ValidationFailed("日期不能晚于今天。")
    values = {
        "kind": kind,
        "decided_at": decided_at,
        "reason": _text(reason, "事由", max_length=10000),
        "person": _text(person, "对象个人", required=False, max_length=200),
        "document_number": _text(document_number, "文号", required=False, max_length=100),
    }
    events = list(events)
    visible = set(event_list_visible_to(actor).filter(pk__in=[e.pk for e in events]).values_list("pk", flat=True))
    if any(e.pk not in visible for e in events):
        raise ValidationFailed("所选事件不存在或您无权查看。")
    with transaction.atomic():
        row = AccountabilityAction.objects.create(agency=agency, issuer=issuer, created_by=actor, **values)
        row.events.set(events)
        audit_log(
            actor=actor,
            event=OpinionEvent.ACCOUNTABILITY_RECORDED,
            target=row,
            data={"new": {**values, "agency": agency.pk, "issuer": issuer.pk, "events": [e.pk for e in events]}},
        )
        notify(
            recipients=_users_with_roles([agency.pk], (Role.UNIT_ADMIN, Role.OPINION_MONITOR, Role.LEADER)),
            subject=f"舆情回应工作{row.get_kind_display()}：{agency.name}",
            body=f"{issuer.name}（{values['document_number'] or '无文号'}）：{values['reason'][:500]}",
            link=links.url("opinion.response.statistics"),
            event=OpinionEvent.ACCOUNTABILITY,
            dedupe_key=f"opinion:accountability:{row.pk}",
        )
    return row


def accountability_list_visible_to(user) -> QuerySet[AccountabilityAction]:
    qs = AccountabilityAction.objects.select_related("agency", "issuer").prefetch_related("events")
    if org_permissions.is_system_admin(user):
        return qs
    visible = org_permissions.visible_agency_ids(user) or set()
    return qs.filter(Q(agency_id__in=visible) | Q(issuer_id__in=visible))


def accountability_in_period(user, first: dt.date, last: dt.date) -> QuerySet[AccountabilityAction]:
    """The measures the user sees that were decided from ``first`` to ``last`` (statistics page, Excel)."""
    return accountability_list_visible_to(user).filter(decided_at__range=(first, last))
