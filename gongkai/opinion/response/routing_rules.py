"""Writes of the routing rules (交办规则) that decide which unit an event goes to (SPEC R5.4)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from gongkai.audit.services import audit_log, changes
from gongkai.core.errors import ValidationFailed
from gongkai.opinion.events import OpinionEvent
from gongkai.opinion.nlp.categories import LABELS as CATEGORY_LABELS
from gongkai.opinion.response_models import (
    RoutingRule,
)
from gongkai.orgs.models import Agency, Region

from . import permissions
from .common import _text
from .enums import (
    RoutingRuleKind,
)

logger = logging.getLogger("gongkai.opinion.response")


# =====================================================================================
# Routing rules (editable data)
# =====================================================================================


def _rule_values(*, kind, region, agency, category, keywords, priority, citation, note) -> dict[str, Any]:
    if kind not in RoutingRuleKind.values:
        raise ValidationFailed("请选择规则类型。")
    if not isinstance(region, Region):
        raise ValidationFailed("请选择适用区划。")
    if not isinstance(agency, Agency):
        raise ValidationFailed("请选择单位。")

    category = (category or "").strip()
    if category and category not in CATEGORY_LABELS:
        raise ValidationFailed("舆情类别无效。")
    if isinstance(keywords, str):
        keywords = [w for w in keywords.replace("，", " ").replace(",", " ").split() if w]
    keywords = [str(w).strip() for w in (keywords or []) if str(w).strip()]
    if any(len(w) > 20 for w in keywords) or len(keywords) > 50:
        raise ValidationFailed("关键词每个不超过 20 个字，最多 50 个。")
    if isinstance(priority, bool) or not isinstance(priority, int) or not 0 <= priority <= 999:
        raise ValidationFailed("优先级应为 0–999 的整数。")
    return {
        "kind": kind,
        "region": region,
        "agency": agency,
        "category": category,
        "keywords": keywords,
        "priority": priority,
        "citation": _text(citation, "依据（文件文号及条款）", max_length=300),
        "note": _text(note, "说明", required=False, max_length=300),
    }


def routing_rule_create(
    *,
    actor,
    kind: str,
    region: Region,
    agency: Agency,
    citation: str,
    category: str = "",
    keywords: list[str] | str = (),
    priority: int = 100,
    note: str = "",
) -> RoutingRule:
    values = _rule_values(
        kind=kind,
        region=region,
        agency=agency,
        category=category,
        keywords=keywords,
        priority=priority,
        citation=citation,
        note=note,
    )
    permissions.require_routing_editor(actor, values["region"])
    with transaction.atomic():
        rule = RoutingRule.objects.create(**values)
        audit_log(
            actor=actor,
            event=OpinionEvent.ROUTING_RULE_CREATED,
            target=rule,
            data={
                "new": {
                    **{k: v for k, v in values.items() if k not in ("region", "agency")},
                    "region": region.code,
                    "agency": agency.pk,
                }
            },
        )
    return rule


def routing_rule_update(*, actor, rule: RoutingRule, **fields) -> RoutingRule:
    permissions.require_routing_editor(actor, rule.region)
    current = {
        "kind": rule.kind,
        "region": rule.region,
        "agency": rule.agency,
        "category": rule.category,
        "keywords": rule.keywords,
        "priority": rule.priority,
        "citation": rule.citation,
        "note": rule.note,
    }
    unknown = set(fields) - set(current) - {"is_active"}
    if unknown:
        raise ValidationFailed(f"未知字段：{'、'.join(sorted(unknown))}")
    is_active = fields.pop("is_active", rule.is_active)
    values = _rule_values(**{**current, **fields})
    permissions.require_routing_editor(actor, values["region"])
    values["is_active"] = bool(is_active)
    with transaction.atomic():
        locked = RoutingRule.objects.select_for_update().get(pk=rule.pk)
        plain = {k: (v.pk if isinstance(v, Agency | Region) else v) for k, v in values.items()}
        diff = changes(locked, [k for k in plain if k not in ("region", "agency")], plain)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        audit_log(actor=actor, event=OpinionEvent.ROUTING_RULE_UPDATED, target=locked, data=diff)
    return locked


def routing_rule_delete(*, actor, rule: RoutingRule) -> None:
    permissions.require_routing_editor(actor, rule.region)
    with transaction.atomic():
        audit_log(
            actor=actor,
            event=OpinionEvent.ROUTING_RULE_DELETED,
            target=rule,
            data={
                "old": {
                    "kind": rule.kind,
                    "region": rule.region.code,
                    "agency": rule.agency_id,
                    "citation": rule.citation,
                }
            },
        )
        rule.delete()
