"""The router, its error maps, the input types and the lookups shared by the endpoints."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import QuerySet
from ninja import Router, Schema
from pydantic import AfterValidator, ConfigDict, Field

from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.opinion.response import selectors
from gongkai.orgs.models import Agency

from ..audit import ErrorOut

router = Router(tags=["政务舆情回应"])

_READ_ERRORS = {401: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}

# Largest primary key the databases store (a bigger id in a request is simply not found).
_MAX_ID = 2**63 - 1


def _choices(choices) -> str:
    return " / ".join(f"{value} {label}" for value, label in choices)


def _in_range(value: dt.datetime) -> dt.datetime:
    # Moments outside this range are typing errors; far ones also overflow when converted to UTC.
    if not 2000 <= value.year <= 2100:
        raise ValueError("时间应在 2000 年至 2100 年之间。")
    return value


Moment = Annotated[dt.datetime, AfterValidator(_in_range)]
Id = Annotated[int, Field(ge=1, le=_MAX_ID)]


class _In(Schema):
    # An unknown field is refused (422) rather than silently ignored: a misspelt field of a
    # PATCH would otherwise look like a successful change.
    model_config = ConfigDict(extra="forbid")


# --- Lookups shared by the endpoints ------------------------------------------------------------------------------


def _my_unit(request, event, agency_id: int | None, *, no_unit: str, wrong_unit: str) -> Agency:
    """One of the user's units of the event (as the pages offer them): the one asked for, else the first."""
    units = selectors.event_units_of(request.user, event)
    if not units.exists():
        raise PermissionDenied(no_unit)
    agency = units.first() if agency_id is None else units.filter(pk=agency_id).first()
    if agency is None:
        raise PermissionDenied(wrong_unit, detail={"field": "agency"})
    return agency


def _agencies_among(choices: QuerySet[Agency], ids: list[int], field: str, label: str) -> list[Agency]:
    wanted = list(dict.fromkeys(ids))
    found = {a.pk: a for a in choices.filter(pk__in=wanted)}
    unknown = [i for i in wanted if i not in found]
    if unknown:
        raise ValidationFailed(f"{label}应为本事件所在地区的单位。", detail={"field": field, "unknown": unknown})
    return [found[i] for i in wanted]
