"""Fast matching of all active monitoring plans at once.

One Aho–Corasick automaton (``pyahocorasick``) holds every word of every active plan (and the
sensitive terms of the warning rules); one pass over a post's normalised text yields the set of
words found, overlapping ones included. Only the plans with one of their *positive* words among
them are evaluated (``plans.parse`` guarantees a plan cannot hold without one), so the cost per
post does not grow with the number of plans that do not concern it.

The index is built once per process and rebuilt when a plan changes (checked at most every
``CHECK_SECONDS``; services call ``invalidate()`` after a change in this process).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import ahocorasick
from django.db.models import Count, Max

from ..models import MonitoringPlan
from ..plans import CompiledPlan

CHECK_SECONDS = 10.0


@dataclass
class PlanIndex:
    automaton: object | None
    plans: dict[int, CompiledPlan]
    plan_agency: dict[int, int]
    by_term: dict[str, tuple[int, ...]]  # positive term → plan ids
    version: tuple

    def words(self, text: str) -> set[str]:
        if not text or self.automaton is None:
            return set()
        return {w for _end, w in self.automaton.iter(text)}

    def match(self, text: str) -> tuple[list[int], set[str]]:
        """The ids of the plans that hold for the text, and the words found."""
        found = self.words(text)
        if not found:
            return [], found
        candidates: set[int] = set()
        for w in found:
            candidates.update(self.by_term.get(w, ()))
        return [pid for pid in sorted(candidates) if self.plans[pid].matches(found)], found


def _version() -> tuple:
    agg = MonitoringPlan.objects.aggregate(n=Count("id"), m=Max("updated_at"))
    return (agg["n"], agg["m"].isoformat() if agg["m"] else "")


def build() -> PlanIndex:
    version = _version()
    plans: dict[int, CompiledPlan] = {}
    agency: dict[int, int] = {}
    by_term: dict[str, list[int]] = {}
    terms: set[str] = set()
    for pid, agency_id, compiled in MonitoringPlan.objects.filter(is_active=True).values_list(
        "id", "agency_id", "compiled"
    ):
        if not compiled or "tree" not in compiled:
            continue
        plan = CompiledPlan.from_json(compiled)
        plans[pid] = plan
        agency[pid] = agency_id
        terms.update(plan.terms)
        for t in plan.positive:
            by_term.setdefault(t, []).append(pid)
    automaton = None
    if terms:
        automaton = ahocorasick.Automaton()
        for t in terms:
            automaton.add_word(t, t)
        automaton.make_automaton()
    return PlanIndex(automaton, plans, agency, {k: tuple(v) for k, v in by_term.items()}, version)


_lock = threading.Lock()
_cached: PlanIndex | None = None
_checked_at = 0.0


def current() -> PlanIndex:
    global _cached, _checked_at
    now = time.monotonic()
    if _cached is not None and now - _checked_at < CHECK_SECONDS:
        return _cached
    with _lock:
        if _cached is None or _version() != _cached.version:
            _cached = build()
        _checked_at = now
        return _cached


def invalidate() -> None:
    global _cached, _checked_at
    with _lock:
        _cached = None
        _checked_at = 0.0


def run_plan(compiled: CompiledPlan, texts: list[str]) -> list[bool]:
    """Evaluate one plan (e.g. a draft being edited) over normalised texts: the live preview."""
    if not compiled.terms:
        return [False] * len(texts)
    automaton = ahocorasick.Automaton()
    for t in compiled.terms:
        automaton.add_word(t, t)
    automaton.make_automaton()
    out = []
    for text in texts:
        found = {w for _e, w in automaton.iter(text)} if text else set()
        out.append(bool(found & compiled.positive) and compiled.matches(found))
    return out
