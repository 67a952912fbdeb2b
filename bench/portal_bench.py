"""Portal pages under load: the catalogue page and an item page, served by gunicorn, measured
with ``wrk`` from a second process at 50 concurrent clients.

Usage (from the repository root):

    .venv/bin/python bench/portal_bench.py [--items 20000] [--workers 4] [--connections 50]
                                           [--duration 20] [--keep]

What it does:

1. creates a fresh SQLite database in a temporary directory (never the development database),
   migrates it, and fills it with ``--items`` published catalogue items through the ORM
   (``bulk_create`` of rows that are already published: a benchmark database, not a path to
   publication). Titles and bodies come from ``bench/corpus.py`` (real paragraphs of the five
   seeds, varied), over 60 agencies, the nine categories, years 2008–2025;
2. collects the static files and starts ``gunicorn config.wsgi`` (``--workers`` sync workers) on
   a free local port;
3. runs ``wrk`` (Debian package ``wrk``) for each scenario and prints requests per second and
   the p50 / p95 / p99 latency (the p95 comes from a small Lua ``done`` hook).

Scenarios: ``/catalog/`` (first page: count, five facet counts, 20 rows), ``/catalog/`` with a
random year filter and page, and ``/catalog/items/<random id>/``. Without ``wrk`` it falls back
to a threaded Python client (same figures, less precise).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AGENCY_COUNT = 60  # 3 regions × 20 departments: a county-sized portal

# Indexes the catalogue does not have (its models belong to the catalogue app); ``--suggested-indexes``
# creates them in the benchmark database only, to measure what they would change.
SUGGESTED_INDEXES = [
    "CREATE INDEX bench_item_public_order ON catalog_informationitem (status, published_at, id)",
    "CREATE INDEX bench_item_public_facets ON catalog_informationitem"
    " (status, produced_on, category_id, agency_id, five_disclosure, attribute)",
]

LUA_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("JSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"errors\\": %d, "
    .. "\\"connect\\": %d, \\"read\\": %d, \\"write\\": %d, \\"timeout\\": %d, "
    .. "\\"non2xx\\": %d, \\"p50\\": %d, \\"p95\\": %d, \\"p99\\": %d, \\"max\\": %d}\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout,
    e.connect, e.read, e.write, e.timeout,
    e.status, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def lua_random_path(template: str, low: int, high: int, extra: str = "") -> str:
    """A wrk script whose requests take a random number in [low, high] into ``template``."""
    return (
        f"math.randomseed(os.time())\n"
        f"request = function()\n"
        f'  local path = string.format("{template}", math.random({low}, {high}){extra})\n'
        f'  return wrk.format("GET", path)\n'
        f"end\n" + LUA_DONE
    )


def fill(n: int) -> tuple[int, int]:
    """Create ``n`` published items; return the (lowest, highest) item id."""
    from django.db import transaction

    from bench import corpus
    from gongkai.catalog.enums import Attribute, FiveDisclosure, ItemStatus, TimeLimit
    from gongkai.catalog.models import Category, InformationItem
    from gongkai.catalog.services.facet_counts import facet_counts_rebuild
    from gongkai.orgs.enums import AgencyKind, RegionLevel
    from gongkai.orgs.models import Agency, Region, Section, User

    categories = {c.name: c for c in Category.objects.all()}
    five_by_label = {label: code for code, label in FiveDisclosure.choices}
    user = User.objects.create(username="bench", full_name="基准测试")
    # Data migrations may already hold the regions (get_or_create, not create).
    province, _created = Region.objects.get_or_create(
        code="150000", defaults={"name": "内蒙古自治区", "level": RegionLevel.PROVINCE}
    )
    agencies, sections = [], []
    for r, region_name in enumerate(corpus.REGIONS[: AGENCY_COUNT // len(corpus.DEPARTMENTS)]):
        region, _created = Region.objects.get_or_create(
            code=f"1506{r + 21:02d}",
            defaults={"name": region_name, "level": RegionLevel.COUNTY, "parent": province},
        )
        for d, department in enumerate(corpus.DEPARTMENTS):
            agency = Agency.objects.create(
                name=region_name + department,
                region=region,
                kind=AgencyKind.GOVERNMENT if d == 0 else AgencyKind.DEPARTMENT,
                code=f"{7000 + r * 100 + d:08d}X",
                department_code=f"{d:03d}",
            )
            agencies.append(agency)
            sections.append(Section.objects.create(agency=agency, name="办公室"))

    counters: dict[tuple[int, int], int] = {}
    batch: list[InformationItem] = []
    with transaction.atomic():
        for generated in corpus.generate(n):
            index = (generated.agency_id - 1) % len(agencies)
            agency, section = agencies[index], sections[index]
            category = categories[generated.facets["category"]]
            published_at = generated.published_at
            produced_on = (published_at - dt.timedelta(days=random.randint(0, 15))).date()
            year = produced_on.year
            seq = counters[(agency.pk, year)] = counters.get((agency.pk, year), 0) + 1
            paragraphs = generated.body.split("\n")
            document_number = paragraphs[0]
            body_html = "".join(f"<p>{p}</p>" for p in paragraphs[1:])
            body_text = "\n".join(paragraphs[1:])
            five = five_by_label[generated.facets["five"]]
            keywords = " ".join(sorted({category.name, generated.facets["form"], "政务公开"}))
            meta = {
                "title": generated.title,
                "document_number": document_number,
                "produced_on": produced_on.isoformat(),
                "attribute": Attribute.ACTIVE,
                "attribute_label": Attribute.ACTIVE.label,
                "description": "",
                "time_limit": TimeLimit.LONG_TERM,
                "time_limit_label": TimeLimit.LONG_TERM.label,
                "time_limit_end": None,
                "keywords": keywords,
                "category": category.name,
                "category_code": category.code,
                "five_disclosure": five,
                "five_disclosure_label": FiveDisclosure(five).label,
                "section": section.name,
                "agency": agency.name,
                "redactions": [],
                "review_procedure": "科室拟定公开属性 → 政务公开办复核（保密审查） → 分管负责同志审批",
            }
            batch.append(
                InformationItem(
                    agency=agency,
                    section=section,
                    created_by=user,
                    status=ItemStatus.PUBLISHED,
                    title=generated.title,
                    document_number=document_number,
                    produced_on=produced_on,
                    produced_year=year,  # save() keeps it; bulk_create does not call save()
                    attribute=Attribute.ACTIVE,
                    keywords=keywords,
                    category=category,
                    five_disclosure=five,
                    body_html=body_html,
                    body_text=body_text,
                    index_number=f"{agency.org_code}/{year}-{seq:05d}",
                    index_year=year,
                    index_seq=seq,
                    published_at=published_at,
                    public_title=generated.title,
                    public_body_html=body_html,
                    public_body_text=body_text,
                    public_meta=meta,
                    version=1,
                )
            )
            if len(batch) == 2000:
                InformationItem.objects.bulk_create(batch)
                batch = []
        InformationItem.objects.bulk_create(batch)
        # The rows did not pass through the publication service, which keeps the facet counts.
        facet_counts_rebuild()
    ids = InformationItem.objects.order_by("id").values_list("id", flat=True)
    return ids.first(), ids.last()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer at {url}")


def run_wrk(base: str, path_or_script: str, *, connections: int, duration: int, threads: int, workdir: Path) -> dict:
    script = workdir / f"bench-{abs(hash(path_or_script))}.lua"
    if path_or_script.startswith("/"):
        script.write_text(LUA_DONE, encoding="utf-8")
        url = base + path_or_script
    else:
        script.write_text(path_or_script, encoding="utf-8")
        url = base + "/"
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(script), url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("JSON "))
    data = json.loads(line[5:])
    return {
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50": data["p50"] / 1000,
        "p95": data["p95"] / 1000,
        "p99": data["p99"] / 1000,
        "max": data["max"] / 1000,
        "requests": data["requests"],
        "errors": data["errors"] + data["non2xx"],
        # wrk's kinds of error: socket connect/read/write, its --timeout, and a status other than 2xx/3xx
        "error_kinds": {k: data[k] for k in ("connect", "read", "write", "timeout", "non2xx") if data[k]},
    }


def run_threads(base: str, paths, *, connections: int, duration: int) -> dict:
    """Fallback load generator: ``connections`` threads in a closed loop (urllib, keep-alive off)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def worker() -> None:
        nonlocal errors
        while time.monotonic() < stop:
            path = paths() if callable(paths) else paths
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(base + path, timeout=10) as response:
                    response.read()
                    ok = response.status == 200
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                errors += 0 if ok else 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(round(p / 100 * (len(latencies) - 1))))]

    return {
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies),
        "p95": pct(95),
        "p99": pct(99),
        "max": latencies[-1],
        "requests": len(latencies),
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=20, help="seconds per scenario")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--suggested-indexes", action="store_true", help="add the indexes of SUGGESTED_INDEXES to the bench database"
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="gongkai-portal-bench-"))
    env = {
        **os.environ,
        "GONGKAI_VAR_DIR": str(workdir),
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"database: {env['DATABASE_URL']}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    low, high = fill(args.items)
    print(f"fill: {args.items} published items (ids {low}..{high}) in {time.perf_counter() - started:.1f} s")
    if args.suggested_indexes:
        with connection.cursor() as cursor:
            for sql in SUGGESTED_INDEXES:
                cursor.execute(sql)
            cursor.execute("ANALYZE")
        print("suggested indexes created: " + "; ".join(sql.split(" ON ")[0][13:] for sql in SUGGESTED_INDEXES))
    call_command("collectstatic", interactive=False, verbosity=0)
    connection.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_ready(base + "/healthz")
        years = (2008, 2025)
        scenarios = [
            ("catalogue page /catalog/", "/catalog/", lambda: "/catalog/"),
            (
                "catalogue, year filter + random page",
                lua_random_path("/catalog/?year=%d&page=%d", years[0], years[1], ", math.random(1, 40)"),
                lambda: f"/catalog/?year={random.randint(*years)}&page={random.randint(1, 40)}",
            ),
            (
                "item page /catalog/items/<random>/",
                lua_random_path("/catalog/items/%d/", low, high),
                lambda: f"/catalog/items/{random.randint(low, high)}/",
            ),
        ]
        # Warm every worker (imports, template loading, SQLite page cache).
        for _ in range(args.workers * 5):
            for _name, _spec, pick in scenarios:
                urllib.request.urlopen(base + pick(), timeout=30).read()

        have_wrk = shutil.which("wrk") is not None
        tool = "wrk 4 (" + f"{args.threads} threads, {args.connections} connections)" if have_wrk else "Python threads"
        cpu = platform.processor() or platform.machine()
        print(
            f"\nserver: gunicorn, {args.workers} sync workers, SQLite; load: {tool}, {args.duration} s per scenario;"
            f" machine: {os.cpu_count()} CPUs ({cpu}), load tool on the same machine"
        )
        print(f"{'scenario':<40} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}  load avg")
        report = {
            "items": args.items,
            "workers": args.workers,
            "connections": args.connections,
            "duration_s": args.duration,
            "tool": tool,
            "suggested_indexes": args.suggested_indexes,
            "cpus": os.cpu_count(),
            "started": dt.datetime.now().isoformat(timespec="seconds"),
            "scenarios": [],
        }
        for name, spec, pick in scenarios:
            load_before = os.getloadavg()[0]
            if have_wrk:
                result = run_wrk(
                    base,
                    spec,
                    connections=args.connections,
                    duration=args.duration,
                    threads=args.threads,
                    workdir=workdir,
                )
            else:
                result = run_threads(base, pick, connections=args.connections, duration=args.duration)
            print(
                f"{name:<40} {result['rps']:8.1f} {result['p50']:8.1f} {result['p95']:8.1f} "
                f"{result['p99']:8.1f} {result['errors']:7d}  {load_before:.1f}→{os.getloadavg()[0]:.1f}"
            )
            report["scenarios"].append(
                {"name": name, **result, "load_before": load_before, "load_after": os.getloadavg()[0]}
            )
        out = ROOT / "var" / "bench" / f"portal_bench-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"results: {out.relative_to(ROOT)}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
