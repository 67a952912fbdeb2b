"""The release-frequency table (新闻发布频次情况)."""

from __future__ import annotations

from ninja import Query

from gongkai.core import clock
from gongkai.press import compliance, permissions, selectors

from ..audit import ErrorOut
from .common import (
    ComplianceQuery,
    router,
)
from .schemas import (
    UnitComplianceOut,
)


@router.get(
    "/compliance", response={200: list[UnitComplianceOut], 401: ErrorOut, 403: ErrorOut}, summary="新闻发布频次情况"
)
def compliance_table(request, query: Query[ComplianceQuery]):
    from gongkai.core.errors import PermissionDenied

    if not permissions.anywhere(request.user, permissions.CONFERENCE, "coordinate"):
        raise PermissionDenied("只有新闻办、分管负责同志或政务公开办负责人可以查看频次统计。")
    units = selectors.reporting_units(permissions.agency_ids(request.user, permissions.CONFERENCE, "coordinate"))
    table = compliance.compliance_table(units, query.year, query.quarter, today=clock.today())
    return [
        {
            "agency_id": u.agency_id,
            "agency": u.agency_name,
            "behind": u.behind,
            "duties": [
                {
                    "key": d.key,
                    "label": str(d.label),
                    "required": d.required,
                    "actual": d.actual,
                    "state": d.state,
                    "state_label": d.state_label,
                    "detail": d.detail,
                    "citation": d.citation,
                }
                for d in u.duties
            ],
        }
        for u in table
    ]
