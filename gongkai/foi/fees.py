"""Information processing fees (信息处理费) per 国办函〔2020〕109号, computed from the rule
``foi.fee_standards`` (no number here).

- Per piece (按件, 第四条): progressive over the applicant's cumulative count of pieces in the
  natural month. ``pieces_before`` is what the applicant already had that month; the pieces of
  this application take the positions ``pieces_before + 1 … pieces_before + pieces``.
- Per page (按量, 第五条): progressive over the pages of this one application.
- One basis per application, never both (第三条): the service enforces it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.core.errors import ValidationFailed

from .enums import FeeBasis

MAX_UNITS = 100_000  # a sanity bound on pieces or pages, not a statutory number


@dataclass(frozen=True)
class FeeLine:
    first: int
    last: int
    price: Decimal

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> Decimal:
        return self.price * self.count


@dataclass(frozen=True)
class FeeResult:
    basis: str
    units: int
    amount: Decimal
    lines: list[FeeLine] = field(default_factory=list)

    def explain(self) -> list[str]:
        unit = "件" if self.basis == FeeBasis.PER_PIECE else "页"
        out = [
            f"第 {ln.first}–{ln.last} {unit}：{ln.count} {unit} × {ln.price} 元 = {ln.amount} 元" for ln in self.lines
        ]
        out.append(f"合计：{self.amount} 元")
        return out


def _price_at(table: dict[str, Any], position: int) -> Decimal:
    for band in table["bands"]:
        if position >= band["from"] and (band["to"] is None or position <= band["to"]):
            return Decimal(str(band["price"]))
    beyond = table.get("beyond")
    last = table["bands"][-1]
    if not beyond:  # pragma: no cover - the validator requires an open last band or beyond
        return Decimal(str(last["price"]))
    step = int(beyond["step"])
    tier = (position - last["to"] - 1) // step + 1
    return Decimal(str(last["price"])) + Decimal(str(beyond["increment"])) * tier


def _lines(table: dict[str, Any], first: int, last: int) -> list[FeeLine]:
    lines: list[FeeLine] = []
    for position in range(first, last + 1):
        price = _price_at(table, position)
        if lines and lines[-1].price == price and lines[-1].last == position - 1:
            lines[-1] = FeeLine(lines[-1].first, position, price)
        else:
            lines.append(FeeLine(position, position, price))
    return lines


def _check_units(value: Any, what: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum or value > MAX_UNITS:
        raise ValidationFailed(f"{what}应为 {minimum}–{MAX_UNITS} 之间的整数。")
    return value


def compute_fee(standards: dict[str, Any], *, basis: str, units: int, units_before: int = 0) -> FeeResult:
    """The fee for ``units`` pieces or pages; ``units_before`` (per piece only): the applicant's
    pieces earlier in the same natural month."""
    if basis not in FeeBasis.values:
        raise ValidationFailed("请选择按件计收或按量计收。")
    units = _check_units(units, "件数" if basis == FeeBasis.PER_PIECE else "页数")
    if basis == FeeBasis.PER_PAGE:
        units_before = 0
    units_before = _check_units(units_before, "本月此前累计件数", minimum=0)
    table = standards[basis]
    lines = _lines(table, units_before + 1, units_before + units)
    amount = sum((ln.amount for ln in lines), Decimal("0"))
    return FeeResult(basis=basis, units=units, amount=amount, lines=[ln for ln in lines if ln.count])
