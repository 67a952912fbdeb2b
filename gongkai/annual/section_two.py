"""Section 二 (主动公开政府信息情况) exactly as the national format gives it (annual-report-format.md).

The 2021 format (国办公开办函〔2021〕30号) and the 2019 trial format (国办公开办函〔2019〕60号, reports on
2019–2020) are data: sub-tables of rows × columns, each cell named by a figure key. A cell's value is
the unit's entered figure (``Figure``, with its source) when there is one, otherwise the count of the
catalogue items tagged with the 条例 art. 20–21 kind (``catalog.interface.statutory_counts``), otherwise
0 (or blank for entered-only cells). A jurisdiction's table is the sum of its agencies' tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Catalogue figure behind a key (``statutory_counts`` names); keys not listed are entered only.
CATALOG_SOURCES = {
    "rule.issued": "rule_issued.year",
    "rule.repealed": "rule_repealed.year",
    "rule.in_force": "rule.in_force",
    "normative.issued": "normative_issued.year",
    "normative.repealed": "normative_repealed.year",
    "normative.in_force": "normative.in_force",
    "permit.decisions": "permit.year",
    "penalty.decisions": "penalty.year",
    "coercion.decisions": "coercion.year",
    # 2019 trial format
    "rule.made": "rule_issued.year",
    "rule.published": "rule_issued.year",
    "rule.total": "rule.in_force",
    "normative.made": "normative_issued.year",
    "normative.published": "normative_issued.year",
    "normative.total": "normative.in_force",
}
# Money cells (万元, two decimals); the others are counts.
MONEY = {"fee.amount", "procurement.amount"}


@dataclass(frozen=True)
class SubTable:
    heading: str  # 第二十条第（一）项
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (row label, cell keys)


FORMATS: dict[str, tuple[SubTable, ...]] = {
    "2021": (
        SubTable(
            "第二十条第（一）项",
            ("本年制发件数", "本年废止件数", "现行有效件数"),
            (
                ("规章", ("rule.issued", "rule.repealed", "rule.in_force")),
                ("行政规范性文件", ("normative.issued", "normative.repealed", "normative.in_force")),
            ),
        ),
        SubTable("第二十条第（五）项", ("本年处理决定数量",), (("行政许可", ("permit.decisions",)),)),
        SubTable(
            "第二十条第（六）项",
            ("本年处理决定数量",),
            (("行政处罚", ("penalty.decisions",)), ("行政强制", ("coercion.decisions",))),
        ),
        SubTable("第二十条第（八）项", ("本年收费金额（单位：万元）",), (("行政事业性收费", ("fee.amount",)),)),
    ),
    "2019": (
        SubTable(
            "第二十条第（一）项",
            ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
            (
                ("规章", ("rule.made", "rule.published", "rule.total")),
                ("规范性文件", ("normative.made", "normative.published", "normative.total")),
            ),
        ),
        SubTable(
            "第二十条第（五）项",
            ("上一年项目数量", "本年增/减", "处理决定数量"),
            (
                ("行政许可", ("permit.prev_items", "permit.change", "permit.decisions")),
                (
                    "其他对外管理服务事项",
                    ("other_service.prev_items", "other_service.change", "other_service.decisions"),
                ),
            ),
        ),
        SubTable(
            "第二十条第（六）项",
            ("上一年项目数量", "本年增/减", "处理决定数量"),
            (
                ("行政处罚", ("penalty.prev_items", "penalty.change", "penalty.decisions")),
                ("行政强制", ("coercion.prev_items", "coercion.change", "coercion.decisions")),
            ),
        ),
        SubTable(
            "第二十条第（八）项",
            ("上一年项目数量", "本年增/减"),
            (("行政事业性收费", ("fee.prev_items", "fee.change")),),
        ),
        SubTable(
            "第二十条第（九）项",
            ("采购项目数量", "采购总金额"),
            (("政府集中采购", ("procurement.count", "procurement.amount")),),
        ),
    ),
}


def keys(format_code: str) -> list[str]:
    return [k for t in FORMATS[format_code] for _, cells in t.rows for k in cells]


def key_labels(format_code: str) -> dict[str, str]:
    """``{key: "行政许可 · 本年处理决定数量"}`` for the entry form and the Excel template."""
    out = {}
    for t in FORMATS[format_code]:
        for label, cells in t.rows:
            for column, key in zip(t.columns, cells, strict=True):
                out[key] = f"{label} · {column}"
    return out


def parse_value(key: str, raw) -> Decimal:
    """A cell's value from a form or a spreadsheet cell; ``ValueError`` with a Chinese message."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValueError("数值不能为空")
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except Exception:
        raise ValueError(f"“{raw}”不是数字") from None
    if not value.is_finite():
        raise ValueError(f"“{raw}”不是数字")
    if key in MONEY:
        if value < 0:
            raise ValueError("金额不能为负数")
        if value != value.quantize(Decimal("0.0001")):
            raise ValueError("金额最多保留四位小数（单位：万元）")
        if value >= Decimal("10") ** 10:
            raise ValueError("金额过大")
        return value
    if value != value.to_integral_value():
        raise ValueError("数量应为整数")
    if value < 0 and not key.endswith(".change"):
        raise ValueError("数量不能为负数")
    if abs(value) >= Decimal("10") ** 9:
        raise ValueError("数量过大")
    return value


def _plain(key: str, value: Decimal | int | None):
    if value is None:
        return None
    if key in MONEY:
        return float(Decimal(value).quantize(Decimal("0.01")))
    return int(value)


def compute(*, format_code: str, entered: dict[str, tuple[Decimal, str]], catalog: dict[str, int]) -> dict:
    """One unit's table: ``{"format", "tables": [{"heading", "columns", "rows": [{"label", "cells": [
    {"key", "value", "source"}]}]}]}`` from its entered figures (``{key: (value, source)}``) and the
    catalogue counts."""
    tables = []
    for t in FORMATS[format_code]:
        rows = []
        for label, cell_keys in t.rows:
            cells = []
            for key in cell_keys:
                if key in entered:
                    value, source = entered[key]
                    cells.append({"key": key, "value": _plain(key, value), "source": source})
                elif key in CATALOG_SOURCES:
                    cells.append(
                        {"key": key, "value": int(catalog.get(CATALOG_SOURCES[key], 0)), "source": "主动公开目录标注"}
                    )
                else:
                    cells.append({"key": key, "value": 0 if key not in MONEY else 0.0, "source": "未填报"})
            rows.append({"label": label, "cells": cells})
        tables.append({"heading": t.heading, "columns": list(t.columns), "rows": rows})
    return {"format": format_code, "tables": tables}


def values(table: dict) -> dict[str, float | int]:
    return {c["key"]: c["value"] for t in table["tables"] for r in t["rows"] for c in r["cells"]}


def aggregate(format_code: str, parts: list[dict]) -> dict:
    """A jurisdiction's table: the sum of its units' tables, cell by cell."""
    totals: dict[str, Decimal] = {}
    for part in parts:
        for key, value in values(part).items():
            totals[key] = totals.get(key, Decimal(0)) + Decimal(str(value or 0))
    entered = {k: (v, "各单位汇总") for k, v in totals.items()}
    for k in keys(format_code):
        entered.setdefault(k, (Decimal(0), "各单位汇总"))
    return compute(format_code=format_code, entered=entered, catalog={})


def checks(table: dict, *, previous: dict | None = None, parts: list[dict] | None = None) -> list[tuple[str, bool]]:
    """The arithmetic checks of section 二.

    - every count is a whole number ≥ 0 (本年增/减 may be negative), every amount ≥ 0;
    - 2021: 现行有效 = last year's 现行有效 + 本年制发 − 本年废止 (when last year's table is known), and
      本年废止 ≤ last year's 现行有效 + 本年制发;
    - 2019: 本年新公开数量 ≤ 对外公开总数量; 上一年项目数量 + 本年增/减 ≥ 0;
    - a jurisdiction: each cell equals the sum of its units' cells.
    """
    v = values(table)
    out: list[tuple[str, bool]] = []
    labels = key_labels(table["format"])
    bad = [
        labels[k]
        for k, x in v.items()
        if x is not None and ((x < 0 and not k.endswith(".change")) or (k not in MONEY and x != int(x)))
    ]
    out.append(("各项数量为非负整数、金额不为负" + (f"（不符：{'、'.join(bad)}）" if bad else ""), not bad))
    if table["format"] == "2021":
        prev = values(previous) if previous and previous.get("format") == "2021" else None
        for prefix, name in (("rule", "规章"), ("normative", "行政规范性文件")):
            issued, repealed, now = v[f"{prefix}.issued"], v[f"{prefix}.repealed"], v[f"{prefix}.in_force"]
            if prev is not None:
                before = prev[f"{prefix}.in_force"]
                out.append(
                    (
                        f"{name}：现行有效件数（{now}）= 上年现行有效（{before}）+ 本年制发（{issued}）− 本年废止（{repealed}）",
                        now == before + issued - repealed,
                    )
                )
                out.append((f"{name}：本年废止件数不超过上年现行有效与本年制发之和", repealed <= before + issued))
            else:
                out.append((f"{name}：现行有效件数不少于本年制发件数减本年废止件数", now >= issued - repealed))
    else:
        for prefix, name in (("rule", "规章"), ("normative", "规范性文件")):
            out.append(
                (f"{name}：本年新公开数量不超过对外公开总数量", v[f"{prefix}.published"] <= v[f"{prefix}.total"])
            )
        for prefix, name in (
            ("permit", "行政许可"),
            ("other_service", "其他对外管理服务事项"),
            ("penalty", "行政处罚"),
            ("coercion", "行政强制"),
            ("fee", "行政事业性收费"),
        ):
            out.append(
                (f"{name}：上一年项目数量加本年增/减不为负", v[f"{prefix}.prev_items"] + v[f"{prefix}.change"] >= 0)
            )
    if parts is not None:
        sums: dict[str, Decimal] = {}
        for part in parts:
            for k, x in values(part).items():
                sums[k] = sums.get(k, Decimal(0)) + Decimal(str(x or 0))
        wrong = [labels[k] for k, x in v.items() if Decimal(str(x or 0)) != sums.get(k, Decimal(0))]
        out.append(("汇总表各项等于所属各单位之和" + (f"（不符：{'、'.join(wrong)}）" if wrong else ""), not wrong))
    return out
