"""Benchmark of the Chinese full-text search index (issue 3, "Speed").

    .venv/bin/python bench/search_bench.py --items 1000000 --db sqlite
    .venv/bin/python bench/search_bench.py --items 1000000 --db postgres

It uses its OWN database, never the dev or test one: the SQLite file
``var/bench/search_bench.sqlite3`` or the PostgreSQL database ``gk_bench`` (on the server of
``BENCH_PG_URL``, default ``postgres://postgres@127.0.0.1:5432``), dropped and recreated.

1. Generates N catalogue items from real paragraphs of the five seeds (``bench/corpus.py``)
   and indexes them with ``gongkai.search.services.rebuild`` (one transaction): build rate.
2. Measures the tokenisation rate (``text.index_tokens``: characters and character pairs) on
   the seed paragraphs, so the build rate on real, less repetitive text can be judged.
3. For the fixed QUERIES below: p50/p95 latency of ``search()`` (first page of 20 with facet
   counts and snippets, in-process, warm cache, one client), and of a ``LIKE '%词%'`` scan
   (first page newest first plus the count, AND of the words) on the same table.

Results are printed and written to ``var/bench/search_<db>_<items>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
SQLITE_PATH = BENCH_DIR / "search_bench.sqlite3"
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_NAME = "gk_bench"
KIND = "bench.item"

# (label, query, filters): single words (common, medium, rare), two-word queries, a single
# character, a Traditional query, and filtered searches as the portal's facets make them.
QUERIES = [
    ("common word", "政府", None),
    ("common word", "公开", None),
    ("common word", "舆情", None),
    ("common phrase", "信息公开", None),
    ("medium word", "保密审查", None),
    ("medium word", "新闻发言人", None),
    ("medium word", "行政许可", None),
    ("two words", "舆情 回应", None),
    ("two words", "财政 预算", None),
    ("two words", "培训 考核", None),
    ("two words", "依申请 答复", None),
    ("two words", "个人隐私 商业秘密", None),
    ("rare word", "沙棘", None),
    ("rare word", "敬老院", None),
    ("rare two words", "光伏 治沙", None),
    ("rare word", "无定河", None),
    ("single character", "旗", None),
    ("single character", "府", None),
    ("repeated character", "政政", None),
    ("spans a word boundary", "府信息", None),
    ("traditional", "輿情回應", None),
    ("long word", "中华人民共和国", None),
    ("filtered: agency", "政府信息公开", {"agency_id": [17]}),
    ("filtered: category+year", "舆情", {"category": "工作信息", "year": 2019}),
    ("filtered: scope of 20 agencies", "保密审查", {"agency_id": list(range(1, 21))}),
]


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(
            next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1]
        )
    except (OSError, StopIteration, ValueError):
        mem_kb = 0
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def setup_database(db: str, fresh: bool) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if db == "sqlite":
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(str(SQLITE_PATH) + suffix).unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    else:
        if fresh:
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
                conn.execute(f"CREATE DATABASE {PG_NAME}")
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{PG_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    assert settings.DATABASES["default"]["NAME"] in (str(SQLITE_PATH), PG_NAME), "not the bench database"
    from django.core.management import call_command

    call_command("migrate", "search", verbosity=0)


def versions() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return {"database": f"SQLite {cursor.fetchone()[0]}"}
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
        settings = {}
        for name in ("shared_buffers", "work_mem", "max_parallel_workers_per_gather"):
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
        return {"database": f"PostgreSQL {server}", "settings": settings}


def build(n: int) -> dict:
    from bench.corpus import generate
    from gongkai.search.services import rebuild

    def progress(items):
        start = time.perf_counter()
        for i, item in enumerate(items, 1):
            if i % 100_000 == 0:
                elapsed = time.perf_counter() - start
                print(f"  indexed {i:>9,} items in {elapsed:7.1f} s ({i / elapsed:,.0f}/s)", flush=True)
            yield item

    start = time.perf_counter()
    count = rebuild(KIND, progress(generate(n)), batch_size=2000)
    seconds = time.perf_counter() - start
    return {"items": count, "seconds": round(seconds, 1), "items_per_second": round(count / seconds)}


def cold_segmentation_rate() -> dict:
    """Index tokens of every seed paragraph (no caches involved): characters per second."""
    from bench.corpus import paragraphs
    from gongkai.search import text

    paras = paragraphs()
    chars = sum(len(p) for p in paras)
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        for p in paras:
            text.index_tokens(p)
        best = max(best, chars / (time.perf_counter() - start))
    return {"chars_per_second": round(best), "items_per_second_at_600_chars": round(best / 600)}


def maintain() -> float:
    from gongkai.search.services import optimize

    start = time.perf_counter()
    optimize()
    return round(time.perf_counter() - start, 1)


def database_size() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        size = sum(
            Path(str(SQLITE_PATH) + s).stat().st_size for s in ("", "-wal") if Path(str(SQLITE_PATH) + s).exists()
        )
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    return f"{size / 1024**3:.1f} GiB"


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def like_scan(q: str, filters: dict | None) -> int:
    """The naive way: LIKE '%word%' on title or body for every word, first page + count."""
    from django.db import connection

    words = q.split()
    where = " AND ".join(["(title LIKE %s OR body LIKE %s)"] * len(words))
    params: list = []
    for w in words:
        params += [f"%{w}%", f"%{w}%"]
    if filters and "agency_id" in filters:
        where += " AND agency_id IN (" + ", ".join(["%s"] * len(filters["agency_id"])) + ")"
        params += list(filters["agency_id"])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, title FROM search_searchdocument WHERE {where} ORDER BY published_at DESC LIMIT 20", params
        )
        cursor.fetchall()
        cursor.execute(f"SELECT count(*) FROM search_searchdocument WHERE {where}", params)
        return cursor.fetchone()[0]


def measure(runs: int, like_runs: int) -> list[dict]:
    from gongkai.search.selectors import search

    rows = []
    for label, q, filters in QUERIES:
        search(q, filters=filters)  # warm-up
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            result = search(q, filters=filters)
            times.append((time.perf_counter() - start) * 1000)
        like_times = []
        like_total = None
        for _ in range(like_runs):
            start = time.perf_counter()
            like_total = like_scan(q, filters)
            like_times.append((time.perf_counter() - start) * 1000)
        row = {
            "label": label,
            "query": q,
            "filters": filters,
            "total": result.total,
            "total_exact": result.total_exact,
            "facets_exact": result.facets_exact,
            "p50_ms": round(percentile(times, 0.5), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "like_total": like_total,
            "like_p50_ms": round(percentile(like_times, 0.5), 1) if like_times else None,
            "like_p95_ms": round(percentile(like_times, 0.95), 1) if like_times else None,
            "_times": times,
            "_like_times": like_times,
        }
        rows.append(row)
        total = f"{result.total:,}" + ("" if result.total_exact else "+")
        like = f"{row['like_p50_ms']:>9.1f} {row['like_p95_ms']:>9.1f}" if like_times else ""
        print(f"  {label:<32} {q:<12} {total:>9} {row['p50_ms']:>7.1f} {row['p95_ms']:>7.1f}   {like}", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=30, help="timed runs of search() per query")
    parser.add_argument("--like-runs", type=int, default=3, help="timed runs of the LIKE scan per query (0: skip)")
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database of the same size")
    parser.add_argument("--build-only", action="store_true", help="build the index, measure nothing")
    args = parser.parse_args()

    setup_database(args.db, fresh=not args.reuse)
    from gongkai.search import selectors
    from gongkai.search.models import SearchDocument

    report: dict = {
        "items": args.items,
        "db": args.db,
        "machine": machine(),
        **versions(),
        "rank_window": selectors.RANK_WINDOW,
        "count_cap": selectors.COUNT_CAP,
    }
    print(f"machine: {report['machine']}\n{report['database']}", flush=True)
    existing = SearchDocument.objects.filter(kind=KIND).count()
    if args.reuse and existing == args.items:
        print(f"reusing {existing:,} indexed items", flush=True)
        report["build"] = None
    else:
        print(f"building the index of {args.items:,} items ...", flush=True)
        report["build"] = build(args.items)
        print(f"  build: {report['build']}", flush=True)
        report["maintenance_seconds"] = maintain()
        print(f"  services.optimize(): {report['maintenance_seconds']} s", flush=True)
    if args.build_only:
        return
    report["database_size"] = database_size()
    report["cold_segmentation"] = cold_segmentation_rate()
    print(f"database size: {report['database_size']}; tokenisation: {report['cold_segmentation']}", flush=True)
    print(f"  {'query':<32} {'':<12} {'total':>9} {'p50':>7} {'p95':>7}   {'LIKE p50':>9} {'LIKE p95':>9}  (ms)")
    rows = measure(args.runs, args.like_runs)
    all_times = [t for r in rows for t in r.pop("_times")]
    all_like = [t for r in rows for t in r.pop("_like_times")]
    report["queries"] = rows
    report["overall"] = {
        "runs": len(all_times),
        "p50_ms": round(percentile(all_times, 0.5), 1),
        "p95_ms": round(percentile(all_times, 0.95), 1),
        "max_ms": round(max(all_times), 1),
        "worst_query_p95_ms": max(r["p95_ms"] for r in rows),
        "like_p50_ms": round(percentile(all_like, 0.5), 1) if all_like else None,
        "like_p95_ms": round(percentile(all_like, 0.95), 1) if all_like else None,
    }
    try:
        report["load_average"] = os.getloadavg()
        report["git"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        pass
    print(f"overall: {report['overall']}", flush=True)
    out = BENCH_DIR / f"search_{args.db}_{args.items}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    print(f"written {out}")


if __name__ == "__main__":
    main()
