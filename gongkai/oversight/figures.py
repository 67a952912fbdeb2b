"""The figures behind a unit's scorecard, from the platform's own records.

Other apps answer through ``<app>.interface.assessment_figures(agency_id=, start=, end=)`` (the
contract in ``/work/notes/assessment_contract.md``): a list of ``{"key", "label", "value",
"target", "rate", "records", "url"}``, where ``value`` ``None`` means the module has no data for the
unit (the scorecard then says 暂无数据 instead of scoring zero). An app is asked only once its
interface defines the function, so apps still being built are simply absent. This app's own
figures (training, surveys, accountability) are computed here.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from decimal import Decimal

from gongkai.core import links
from gongkai.core.periods import period_bounds as period  # noqa: F401 (figures.period)
from gongkai.orgs.models import Agency

from . import selectors

logger = logging.getLogger(__name__)

# Apps that may offer figures, in the order of the scorecard.
PROVIDERS = ("catalog", "foi", "opinion", "press", "interaction", "websites", "annual")


def provider_functions() -> dict[str, callable]:
    found = {}
    for app in PROVIDERS:
        try:
            module = importlib.import_module(f"gongkai.{app}.interface")
        except ImportError:
            continue
        fn = getattr(module, "assessment_figures", None)
        if callable(fn):
            found[app] = fn
    return found


def _query(agency_id: int, start: dt.date, end: dt.date) -> str:
    return f"?agency={agency_id}&from={start.isoformat()}&to={end.isoformat()}"


def own_figures(agency: Agency, start: dt.date, end: dt.date, *, deduct_per_case: float = 0.0) -> list[dict]:
    # Training: the people of the unit who reached the yearly minimum in the period's year; no data
    # where the unit's jurisdiction has set no minimum (``training.min_class_hours`` is local only).
    status = selectors.training_status(agency, end.year)
    people = len(status["rows"]) if status["rule"] is not None else 0
    met = sum(1 for r in status["rows"] if r["met"])
    training = {
        "key": "oversight.training_completion",
        "label": "培训学时达标率",
        "value": float(met) if people else None,
        "target": float(people) if people else None,
        "rate": (met / people) if people else None,
        "records": people,
        "url": _link("oversight.training", f"?agency={agency.pk}&year={end.year}"),
    }
    share, answers = selectors.satisfaction(agency.pk, start, end)
    survey = {
        "key": "oversight.survey_satisfaction",
        "label": "社会评议满意度",
        "value": round(share * 100, 2) if share is not None else None,
        "target": 100.0 if share is not None else None,
        "rate": share,
        "records": answers,
        "url": _link("oversight.surveys", f"?agency={agency.pk}"),
    }
    cases = selectors.case_count(agency.pk, start, end)
    accountability = {
        "key": "oversight.accountability",
        "label": "责任追究案件",
        "value": float(cases),
        "target": 0.0,
        "rate": max(0.0, 1.0 - cases * float(deduct_per_case)),
        "records": cases,
        "url": _link("oversight.cases", _query(agency.pk, start, end)),
    }
    return [training, survey, accountability]


def _link(name: str, query: str) -> str | None:
    if name not in links.registered():
        return None
    return links.url(name) + query


def unit_figures(agency: Agency, start: dt.date, end: dt.date, *, deduct_per_case: float = 0.0) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for app, fn in provider_functions().items():
        try:
            provided = list(fn(agency_id=agency.pk, start=start, end=end) or [])
        except Exception:  # a module's failure leaves its indicators at 暂无数据, never the whole round
            logger.exception("assessment_figures of %s failed for agency %s", app, agency.pk)
            continue
        for fig in provided:
            if isinstance(fig, dict) and fig.get("key"):
                out[fig["key"]] = fig
    for fig in own_figures(agency, start, end, deduct_per_case=deduct_per_case):
        out[fig["key"]] = fig
    return out


def score(weight: Decimal, rate: float | None) -> Decimal | None:
    if rate is None:
        return None
    rate = min(max(float(rate), 0.0), 1.0)
    return (weight * Decimal(str(rate))).quantize(Decimal("0.01"))
