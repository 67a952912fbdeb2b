"""Resolving a jurisdiction given as a Region, an id, a region code or nothing (= national)."""

from __future__ import annotations

from gongkai.orgs.models import Region

from .errors import UnknownJurisdiction

JurisdictionLike = Region | int | str | None


def resolve_jurisdiction(value: JurisdictionLike) -> Region | None:
    """``None``/empty → national (None); a Region, a primary key or a region code → that Region."""
    if value is None or value == "":
        return None
    if isinstance(value, Region):
        return value
    if isinstance(value, bool):
        raise UnknownJurisdiction(f"未知的行政区划：{value}。")
    if isinstance(value, int):
        region = Region.objects.filter(pk=value).first()
    else:
        code = str(value).strip()
        region = Region.objects.filter(code=code).first() if code else None
    if region is None:
        raise UnknownJurisdiction(f"未知的行政区划：{value}。", detail={"jurisdiction": str(value)})
    return region


def region_chain(region: Region | None) -> list[Region]:
    """The region and the regions above it, nearest first (empty for national)."""
    return region.ancestors() if region is not None else []


def region_label(region: Region | None) -> str:
    return region.full_name() if region is not None else "全国"
