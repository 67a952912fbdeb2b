"""Opinion risk assessment of major decisions (SPEC R5.3; 004 附件8 二(二)):

"涉及群众切身利益的重大决策出台前，要进行舆情风险评估，通过舆情跟踪、抽样调查、重点走访、会商分析等方式，
对决策可能引发的各种风险进行科学预测、综合研判，确定风险等级并制定相应的处置预案。"

The deciding unit's staff record the assessment (methods, foreseen risks, level, response plan,
talking points, optionally the monitoring plan that tracks the matter); the unit's administrator or
section head, or a leader covering the unit, concludes it. Concluding needs the methods, the
findings, the level and the plan (and the talking points for a high risk); a high risk tells the
government's opinion monitors and news office. A concluded assessment no longer changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from gongkai.audit.services import audit_log
from gongkai.core import clock, links
from gongkai.core.errors import InvalidTransition, NotFound, ValidationFailed
from gongkai.notifications.services import notify
from gongkai.opinion.events import OpinionEvent
from gongkai.opinion.models import MonitoringPlan
from gongkai.opinion.response_models import DecisionRiskAssessment
from gongkai.opinion.selectors import plan_list_visible_to
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.enums import AgencyKind, Role
from gongkai.orgs.models import Agency

from . import permissions
from .common import _text, _users_with_roles
from .enums import RiskLevel, RiskMethod, RiskStatus

FIELDS = (
    "decision_title",
    "decision_summary",
    "planned_on",
    "methods",
    "findings",
    "level",
    "plan",
    "talking_points",
    "tracking_plan",
)
CONCLUDING_ROLES = (Role.UNIT_ADMIN, Role.SECTION_HEAD, Role.LEADER)
HIGH_RISK_NOTICE_ROLES = (Role.OPINION_MONITOR, Role.NEWS_OFFICE)


def can_edit(user, agency: Agency | int) -> bool:
    return org_permissions.is_system_admin(user) or permissions.is_unit_staff(user, agency)


def can_conclude(user, agency: Agency | int) -> bool:
    return org_permissions.is_system_admin(user) or org_permissions.has_any_role(user, CONCLUDING_ROLES, agency)


def _clean(actor, values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValidationFailed(f"未知字段：{'、'.join(sorted(unknown))}")
    methods = values.get("methods") or []
    if not isinstance(methods, list | tuple) or any(m not in RiskMethod.values for m in methods):
        raise ValidationFailed("评估方式无效。")
    level = values.get("level") or ""
    if level and level not in RiskLevel.values:
        raise ValidationFailed("请选择风险等级（低、中、高）。")
    planned_on = values.get("planned_on")
    if planned_on is not None and not isinstance(planned_on, dt.date):
        raise ValidationFailed("拟出台日期格式无效。")
    plan = values.get("tracking_plan")
    if plan is not None and (
        not isinstance(plan, MonitoringPlan) or not plan_list_visible_to(actor).filter(pk=plan.pk).exists()
    ):
        raise ValidationFailed("所选监测方案不存在或您无权使用。")
    return {
        "decision_title": _text(values.get("decision_title"), "决策事项", max_length=300),
        "decision_summary": _text(values.get("decision_summary"), "决策主要内容", required=False, max_length=20000),
        "planned_on": planned_on,
        "methods": sorted(set(methods), key=RiskMethod.values.index),
        "findings": _text(values.get("findings"), "风险预测与研判", required=False, max_length=20000),
        "level": level,
        "plan": _text(values.get("plan"), "处置预案", required=False, max_length=20000),
        "talking_points": _text(values.get("talking_points"), "回应口径", required=False, max_length=10000),
        "tracking_plan": plan,
    }


def risk_assessment_create(*, actor, agency: Agency, **values) -> DecisionRiskAssessment:
    org_permissions.require(can_edit(actor, agency), "只有决策单位的工作人员可以填报舆情风险评估。")
    data = _clean(actor, values)
    with transaction.atomic():
        row = DecisionRiskAssessment.objects.create(agency=agency, created_by=actor, **data)
        audit_log(
            actor=actor,
            event=OpinionEvent.RISK_ASSESSMENT_CREATED,
            target=row,
            data={"new": {**_plain(data), "agency": agency.pk}},
        )
    return row


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if "tracking_plan" in out:
        out["tracking_plan"] = getattr(out["tracking_plan"], "pk", None)
    return out


def risk_assessment_update(*, actor, assessment: DecisionRiskAssessment, **values) -> DecisionRiskAssessment:
    org_permissions.require(can_edit(actor, assessment.agency_id), "只有决策单位的工作人员可以修改舆情风险评估。")
    with transaction.atomic():
        locked = DecisionRiskAssessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != RiskStatus.DRAFT:
            raise InvalidTransition("评估已完成，不能再修改。")
        current = {f: getattr(locked, f) for f in FIELDS}
        data = _clean(actor, {**current, **values})
        old, new = _plain(current), _plain(data)
        changed = [k for k in FIELDS if old[k] != new[k]]
        if changed:
            for name, value in data.items():
                setattr(locked, name, value)
            locked.save()
            audit_log(
                actor=actor,
                event=OpinionEvent.RISK_ASSESSMENT_UPDATED,
                target=locked,
                data={"old": {k: old[k] for k in changed}, "new": {k: new[k] for k in changed}},
            )
    return locked


def _high_risk_recipients(agency: Agency) -> list:
    region_ids = []
    region = agency.region
    while region is not None and len(region_ids) < 3:
        region_ids.append(region.pk)
        region = region.parent
    governments = Agency.objects.filter(
        region_id__in=region_ids, kind__in=(AgencyKind.GOVERNMENT, AgencyKind.GENERAL_OFFICE), is_active=True
    ).values_list("pk", flat=True)
    return _users_with_roles(list(governments), HIGH_RISK_NOTICE_ROLES)


def risk_assessment_conclude(*, actor, assessment: DecisionRiskAssessment) -> DecisionRiskAssessment:
    org_permissions.require(
        can_conclude(actor, assessment.agency_id),
        "只有决策单位的管理员、科室负责人或分管负责同志可以审定舆情风险评估。",
    )
    with transaction.atomic():
        locked = DecisionRiskAssessment.objects.select_for_update().select_related("agency").get(pk=assessment.pk)
        if locked.status != RiskStatus.DRAFT:
            raise InvalidTransition("评估已完成。")
        missing = [
            label
            for label, ok in (
                ("评估方式", bool(locked.methods)),
                ("风险预测与研判", bool(locked.findings.strip())),
                ("风险等级", bool(locked.level)),
                ("处置预案", bool(locked.plan.strip())),
                ("回应口径（高风险事项）", locked.level != RiskLevel.HIGH or bool(locked.talking_points.strip())),
            )
            if not ok
        ]
        if missing:
            raise ValidationFailed(f"评估尚不完整，请填写：{'、'.join(missing)}。")
        locked.status, locked.concluded_by, locked.concluded_at = RiskStatus.CONCLUDED, actor, clock.now()
        locked.save(update_fields=["status", "concluded_by", "concluded_at", "updated_at"])
        audit_log(
            actor=actor,
            event=OpinionEvent.RISK_ASSESSMENT_CONCLUDED,
            target=locked,
            data={"level": locked.level},
        )
        if locked.level == RiskLevel.HIGH:
            notify(
                recipients=_high_risk_recipients(locked.agency),
                subject=f"重大决策舆情风险评估（高风险）：{locked.decision_title[:60]}",
                body=f"{locked.agency.name}评估为高风险。处置预案：{locked.plan[:500]}",
                link=links.url_for(locked),
                event=OpinionEvent.RISK_HIGH,
                dedupe_key=f"opinion:risk:{locked.pk}",
            )
    return locked


def risk_assessment_list_visible_to(user) -> QuerySet[DecisionRiskAssessment]:
    qs = DecisionRiskAssessment.objects.select_related("agency", "tracking_plan")
    visible = org_permissions.visible_agency_ids(user)
    if visible is None:
        return qs
    return qs.filter(agency_id__in=visible)


def risk_assessment_get_visible_to(user, pk: int) -> DecisionRiskAssessment:
    row = risk_assessment_list_visible_to(user).filter(pk=pk).first()
    if row is None:
        raise NotFound("未找到该风险评估，或您无权查看。")
    return row


def editable_agencies(user) -> QuerySet[Agency]:
    """Units for which the user may file an assessment."""
    if org_permissions.is_system_admin(user):
        return Agency.objects.filter(is_active=True).order_by("kind", "name")
    return Agency.objects.filter(pk__in=permissions.staff_agency_ids(user), is_active=True).order_by("kind", "name")
