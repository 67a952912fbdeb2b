"""Jurisdiction and unit recognition: which regions and agencies of the register a post names.

Names come from the organisation register (gongkai.orgs) and the aliases (``UnitAlias``):

- a region by its name (敖勒召其镇, 鄂托克前旗) and by its name without the level word when at least
  two characters remain (敖勒召其, 城川, 祥云); naming a township also concerns the township's
  government (the agency registered in that region), which answers for it (SPEC R5.4: 属地管理);
- an agency by its full name (鄂托克前旗教育局) and its aliases — specific names;
- an agency by its short name (教育局, 卫健委), its name without the region prefix, and the level
  word + that name (旗教育局, 县教育局) — *generic* names: every county has a 教育局. A generic name
  counts only for an agency in (or above) a region the post names or that is known from context
  (the source's unit, the event's regions), or when the register has exactly one agency of that name.

Matching is one pass of an Aho–Corasick automaton (``pyahocorasick``) keeping the longest
non-overlapping names (``鄂托克前旗教育局`` is one agency, not a county plus a generic 教育局). The
same names are added to jieba's dictionary (``jieba.add_word``) so that segmentation (event
keywords) keeps them whole. The gazetteer is built once per process and rebuilt when the register
changes (checked at most every ``CHECK_SECONDS``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick
from django.db.models import Count, Max

from gongkai.core import text as core_text
from gongkai.orgs.enums import AgencyKind, RegionLevel
from gongkai.orgs.models import Agency, Region

from ..models import UnitAlias
from ..nlp import normalise_many

CHECK_SECONDS = 10.0
LEVEL_SUFFIXES = (
    "自治区",
    "自治州",
    "自治县",
    "街道办事处",
    "街道",
    "苏木",
    "省",
    "市",
    "州",
    "盟",
    "县",
    "旗",
    "区",
    "镇",
    "乡",
)
# The level word people put before a department's name at each level (县教育局, 旗教育局, 市教育局).
LEVEL_WORDS = {"县": "县", "旗": "旗", "区": "区", "市": "市", "州": "州", "盟": "盟"}


@dataclass
class Recognition:
    region_ids: list[int] = field(default_factory=list)
    agency_ids: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


@dataclass
class Gazetteer:
    automaton: object | None
    # name → (specific region ids, specific agency ids, generic agency ids)
    region_parent: dict[int, int | None]
    agency_region: dict[int, int]
    region_agencies: dict[int, list[int]]  # township region → its government(s)
    version: tuple
    names: int = 0

    def ancestors(self, region_id: int) -> list[int]:
        chain = []
        node: int | None = region_id
        seen = set()
        while node is not None and node not in seen:
            seen.add(node)
            chain.append(node)
            node = self.region_parent.get(node)
        return chain

    def recognise(self, text: str, context_region_ids: Iterable[int] = ()) -> Recognition:
        """Regions and agencies a normalised text names (see the module docstring)."""
        if not text or self.automaton is None:
            return Recognition()
        regions: dict[int, None] = {}
        agencies: dict[int, None] = {}
        generic: list[tuple[int, ...]] = []
        names: dict[str, None] = {}
        for _end, (name, reg, ags, gen) in self.automaton.iter_long(text):
            names[name] = None
            for r in reg:
                regions[r] = None
            for a in ags:
                agencies[a] = None
            if gen:
                generic.append(gen)
        if generic:
            context: set[int] = set()
            for r in [*regions, *(self.agency_region.get(a) for a in agencies), *context_region_ids]:
                if r is not None:
                    context.update(self.ancestors(r))
            for candidates in generic:
                inside = [a for a in candidates if self.agency_region.get(a) in context]
                if inside:
                    for a in inside:
                        agencies[a] = None
                elif len(candidates) == 1:
                    agencies[candidates[0]] = None
        for r in list(regions):
            for a in self.region_agencies.get(r, ()):
                agencies[a] = None
        return Recognition(list(regions), list(agencies), list(names))


def _strip_level(name: str) -> str | None:
    for suffix in LEVEL_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def _version() -> tuple:
    parts = []
    for model in (Region, Agency, UnitAlias):
        agg = model.objects.aggregate(n=Count("id"), m=Max("updated_at"))
        parts.append((agg["n"], agg["m"].isoformat() if agg["m"] else ""))
    return tuple(parts)


def build() -> Gazetteer:
    version = _version()
    regions = list(Region.objects.values_list("id", "name", "parent_id", "level"))
    agencies = list(Agency.objects.filter(is_active=True).values_list("id", "name", "short_name", "region_id", "kind"))
    aliases = list(UnitAlias.objects.values_list("alias", "region_id", "agency_id"))
    region_name = {rid: name for rid, name, _p, _l in regions}
    region_level = {rid: level for rid, _n, _p, level in regions}

    specific_regions: dict[str, set[int]] = {}
    specific_agencies: dict[str, set[int]] = {}
    generic_agencies: dict[str, set[int]] = {}

    def add(table: dict[str, set[int]], raw: str, ident: int) -> None:
        if raw and len(raw) >= 2:
            table.setdefault(raw, set()).add(ident)

    for rid, name, _parent, _level in regions:
        add(specific_regions, name, rid)
        stripped = _strip_level(name)
        if stripped:
            add(specific_regions, stripped, rid)
    region_agencies: dict[int, list[int]] = {}
    for aid, name, short, rid, kind in agencies:
        add(specific_agencies, name, aid)
        if kind in (AgencyKind.TOWNSHIP, AgencyKind.GOVERNMENT) and region_level.get(rid) == RegionLevel.TOWNSHIP:
            region_agencies.setdefault(rid, []).append(aid)
        rname = region_name.get(rid, "")
        bare = None
        for prefix in filter(None, (rname, _strip_level(rname) if rname else None)):
            if name.startswith(prefix) and len(name) - len(prefix) >= 2:
                bare = name[len(prefix) :]
                break
        for generic in filter(None, (short, bare)):
            if generic in region_name.values():
                continue  # 敖勒召其镇 as a township government's short name is the region's name
            add(generic_agencies, generic, aid)
            level_word = next((w for s, w in LEVEL_WORDS.items() if rname.endswith(s)), None)
            if level_word and not generic.startswith(level_word):
                add(generic_agencies, level_word + generic, aid)
    for alias, rid, aid in aliases:
        if rid:
            add(specific_regions, alias, rid)
        if aid:
            add(specific_agencies, alias, aid)

    raw_names = sorted(set(specific_regions) | set(specific_agencies) | set(generic_agencies))
    norm_names = normalise_many(raw_names)
    merged: dict[str, tuple[set[int], set[int], set[int]]] = {}
    for raw, norm in zip(raw_names, norm_names, strict=True):
        if len(norm) < 2:
            continue
        entry = merged.setdefault(norm, (set(), set(), set()))
        entry[0].update(specific_regions.get(raw, ()))
        entry[1].update(specific_agencies.get(raw, ()))
        entry[2].update(generic_agencies.get(raw, ()))
    automaton = None
    if merged:
        automaton = ahocorasick.Automaton()
        for norm, (reg, ags, gen) in merged.items():
            # A name that is also a specific name somewhere is specific (not generic) for that agency.
            gen = gen - ags
            automaton.add_word(norm, (norm, tuple(sorted(reg)), tuple(sorted(ags)), tuple(sorted(gen))))
        automaton.make_automaton()
        _add_to_jieba(merged)
    return Gazetteer(
        automaton=automaton,
        region_parent={rid: parent for rid, _n, parent, _l in regions},
        agency_region={aid: rid for aid, _n, _s, rid, _k in agencies},
        region_agencies=region_agencies,
        version=version,
        names=len(merged),
    )


def _add_to_jieba(names: Iterable[str]) -> None:
    """The register's names join jieba's shared dictionary (a user dictionary built from the register)."""
    core_text.add_words(names, freq=20000, tag="ns")


_lock = threading.Lock()
_cached: Gazetteer | None = None
_checked_at = 0.0


def current() -> Gazetteer:
    """The process's gazetteer, rebuilt when the register changed (checked every CHECK_SECONDS)."""
    global _cached, _checked_at
    now = time.monotonic()
    if _cached is not None and now - _checked_at < CHECK_SECONDS:
        return _cached
    with _lock:
        if _cached is None or _version() != _cached.version:
            _cached = build()
        _checked_at = now
        return _cached
