"""Print the results of bench/search_bench.py runs as the Markdown tables of docs/performance.md.

.venv/bin/python bench/search_report.py var/bench/search_sqlite_1000000.json var/bench/search_postgres_1000000.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _total(row: dict, cap: int) -> str:
    if row["total_exact"]:
        return f"{row['total']:,}"
    return f"{cap:,}+" if row["total"] >= cap else f"≈{row['total']:,}"


def render(path: Path) -> str:
    r = json.loads(path.read_text())
    cap = r.get("count_cap", 100_000)
    out = [f"#### {r['database']}, {r['items']:,} items", ""]
    if r.get("build"):
        b = r["build"]
        out.append(
            f"- Build: {b['items']:,} items in {b['seconds']:,} s = **{b['items_per_second']:,} items/s** "
            f"(segmentation cache hit rate {b['segment_cache_hit_rate']:.1%}); `optimize()` "
            f"{r.get('maintenance_seconds')} s."
        )
    cold = r.get("cold_segmentation")
    if cold:
        out.append(
            f"- jieba on unseen text: {cold['chars_per_second']:,} characters/s, i.e. about "
            f"{cold['items_per_second_at_600_chars']:,} items/s of 600 characters for segmentation alone."
        )
    out.append(f"- Database size after the build: {r.get('database_size')}.")
    o = r["overall"]
    out.append(
        f"- All {o['runs']} timed searches: p50 **{o['p50_ms']} ms**, p95 **{o['p95_ms']} ms**, max {o['max_ms']} ms; "
        f"worst per-query p95 {o['worst_query_p95_ms']} ms. LIKE baseline: p50 {o['like_p50_ms']} ms, "
        f"p95 {o['like_p95_ms']} ms."
    )
    if r.get("load_average"):
        out.append(
            f"- Load average at the end of the run: {', '.join(f'{x:.1f}' for x in r['load_average'])} (2 cores)."
        )
    if r.get("git"):
        out.append(f"- Commit: `{r['git']}`.")
    out += [
        "",
        "| query | kind | matches | search p50 ms | search p95 ms | LIKE matches | LIKE p50 ms | LIKE p95 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for q in r["queries"]:
        query = q["query"] + (f" + {json.dumps(q['filters'], ensure_ascii=False)}" if q["filters"] else "")
        if len(query) > 60:
            query = query[:57] + "…"
        out.append(
            f"| {query} | {q['label']} | {_total(q, cap)} | {q['p50_ms']} | {q['p95_ms']} | "
            f"{q['like_total'] if q['like_total'] is not None else '–'} | {q['like_p50_ms']} | {q['like_p95_ms']} |"
        )
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print("\n".join(render(Path(p)) for p in sys.argv[1:]))
