"""The catalogue at scale (issue 17): build N published catalogue items and their search documents
with parallel worker processes, then measure the portal's catalogue and item pages under load and
the in-process search latency.

Usage (from the repository root):

    .venv/bin/python bench/catalog_scale.py --db sqlite --items 1000000 --build-only
    .venv/bin/python bench/catalog_scale.py --db sqlite --items 1000000 --reuse --pages
    .venv/bin/python bench/catalog_scale.py --db postgres --items 10000000 --agencies 600 --search --build-only
    .venv/bin/python bench/catalog_scale.py --db postgres --items 10000000 --reuse --pages --search-latency

It uses its OWN database, never the development or test one: the SQLite file
``$GONGKAI_VAR_DIR/bench/catalog_scale-<items>.sqlite3`` or the PostgreSQL database ``gk_scale`` on the
server of ``BENCH_PG_URL`` (default ``postgres://postgres@127.0.0.1:5432``), dropped and recreated
unless ``--reuse``.

Build (``--workers`` processes, each a range of item ids in chunks of ``--chunk``):

1. migrate; create a user, the regions and ``--agencies`` agencies (20 departments per region, the
   names of ``bench/corpus.py``), each with a section;
2. each chunk generates its items with ``bench/corpus.generate`` (seed ``SEED + chunk``, ids
   ``start..``) exactly as ``bench/portal_bench.py``'s ``fill`` shapes them (published rows with the
   working copy, the public copy and ``public_meta``; a benchmark database, not a path to
   publication), and writes them in one transaction: ``COPY`` on PostgreSQL, ``executemany`` on
   SQLite (which serialises the writers: the workers overlap only generation and tokenising);
3. with ``--search`` the same transaction writes the item's ``catalog.item`` search document as the
   publication service's ``_index`` does (``search.services._row``: the real tokenising, and the
   backend's ``insert``). On PostgreSQL the GIN index of ``search_index`` is dropped for the load
   and created again after it (``maintenance_work_mem`` 1 GB);
4. after the load: sequences set, the maintained facet counts recounted (``facet_counts_rebuild``:
   the bulk insert bypasses the publication service), ``services.optimize()`` when the search documents were built
   (FTS5 merge / ``CLUSTER``; ``--no-optimize`` skips it), ``ANALYZE``; prints items/s and the
   database size.

Measurements:

- ``--pages``: gunicorn started with ``manage.py serve``'s command (``gunicorn_command``: thread
  workers, 4 threads each, ``--web-workers`` processes, production settings: DEBUG off), then
  ``wrk`` (Debian package ``wrk``) for ``--duration`` seconds per scenario at ``--connections``
  clients: ``/catalog/``, ``/catalog/?year=<2008–2025>&page=<1–40>``, ``/catalog/items/<random id>/``.
  ``--compare REF`` also serves the same database from a git worktree of REF (e.g. the commit before
  a change) and runs each scenario for both, interleaved (REF first), so old and new share the machine's
  conditions. The first request of a scenario meets cold caches: ``--warm`` requests per worker
  before each scenario (default: a few) are not recorded.
- ``--search-latency``: the fixed query list of ``bench/search_bench.py`` (the category filter
  translated to the catalogue's category code), ``--runs`` timed calls of
  ``gongkai.search.selectors.search`` each after one warm-up, in-process, one client: p50/p95.

Results are printed with the 1-minute load average and written to
``$GONGKAI_VAR_DIR/bench/catalog_scale-*.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.portal_bench import free_port, lua_random_path, run_wrk, wait_ready  # noqa: E402

SEED = 20240501
VAR = Path(os.environ.get("GONGKAI_VAR_DIR", ROOT / "var")) / "bench"
SQLITE_PATH = VAR / "catalog_scale.sqlite3"  # main() names it by the number of items
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_NAME = "gk_scale"
STOP_FILE = VAR / "catalog_scale.stop"  # touch it to end a build early (the chunks written are kept)
YEARS = (2008, 2025)
PAGES = (1, 40)


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def database_url(db: str) -> str:
    return f"sqlite:///{SQLITE_PATH}" if db == "sqlite" else f"{PG_SERVER}/{PG_NAME}"


def server_env(db: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(db),
        "STATIC_ROOT": str(VAR / "catalog_scale_static"),
        "MEDIA_ROOT": str(VAR / "catalog_scale_media"),
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    for name in ("CACHE_URL", "REDIS_URL", "DB_CONN_MAX_AGE", "DATABASE_REPLICA_URL"):
        env.pop(name, None)
    return env


def setup(db: str, *, fresh: bool) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    if fresh:
        if db == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(str(SQLITE_PATH) + suffix).unlink(missing_ok=True)
        else:
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
                conn.execute(f"CREATE DATABASE {PG_NAME}")
    os.environ.update(server_env(db))
    import django

    django.setup()
    from django.conf import settings

    assert settings.DATABASES["default"]["NAME"] in (str(SQLITE_PATH), PG_NAME), "not the bench database"
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def create_orgs(n_agencies: int) -> dict:
    """The user, regions, agencies and sections the items refer to (as ``portal_bench.fill``)."""
    from bench import corpus
    from gongkai.catalog.models import Category
    from gongkai.orgs.enums import AgencyKind, RegionLevel
    from gongkai.orgs.models import Agency, Region, Section, User

    user = User.objects.create(username="bench", full_name="基准测试")
    province, _created = Region.objects.get_or_create(
        code="150000", defaults={"name": "内蒙古自治区", "level": RegionLevel.PROVINCE}
    )
    agencies = []
    regions = corpus.REGIONS[: max(1, n_agencies // len(corpus.DEPARTMENTS))]
    for r, region_name in enumerate(regions):
        region, _created = Region.objects.get_or_create(
            code=f"15{r + 10:02d}{r + 21:02d}",
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
            section = Section.objects.create(agency=agency, name="办公室")
            agencies.append((agency.pk, section.pk, agency.org_code, agency.name, section.name))
    categories = {c.name: (c.pk, c.code) for c in Category.objects.all()}
    return {"user": user.pk, "agencies": agencies, "categories": categories}


def _items(chunk: int, start: int, count: int, orgs: dict):
    """The chunk's items (unsaved ``InformationItem``s, ids set) and their search fields."""
    from bench import corpus
    from gongkai.catalog.enums import Attribute, FiveDisclosure, ItemStatus, TimeLimit
    from gongkai.catalog.models import InformationItem

    five_by_label = {label: code for code, label in FiveDisclosure.choices}
    rng = random.Random(SEED + chunk)
    agencies = orgs["agencies"]
    for generated in corpus.generate(count, seed=SEED + chunk, start=start):
        agency_id, section_id, org_code, agency_name, section_name = agencies[(generated.agency_id - 1) % len(agencies)]
        category_id, category_code = orgs["categories"][generated.facets["category"]]
        published_at = generated.published_at
        produced_on = (published_at - dt.timedelta(days=rng.randint(0, 15))).date()
        year = produced_on.year
        paragraphs = generated.body.split("\n")
        document_number = paragraphs[0]
        body_html = "".join(f"<p>{p}</p>" for p in paragraphs[1:])
        body_text = "\n".join(paragraphs[1:])
        five = five_by_label[generated.facets["five"]]
        keywords = " ".join(sorted({generated.facets["category"], generated.facets["form"], "政务公开"}))
        meta = {
            "title": generated.title,
            "document_number": document_number,
            "produced_on": produced_on.isoformat(),
            "attribute": Attribute.ACTIVE.value,
            "attribute_label": str(Attribute.ACTIVE.label),
            "description": "",
            "time_limit": TimeLimit.LONG_TERM.value,
            "time_limit_label": str(TimeLimit.LONG_TERM.label),
            "time_limit_end": None,
            "keywords": keywords,
            "category": generated.facets["category"],
            "category_code": category_code,
            "five_disclosure": five,
            "five_disclosure_label": str(FiveDisclosure(five).label),
            "section": section_name,
            "agency": agency_name,
            "redactions": [],
            "review_procedure": "科室拟定公开属性 → 政务公开办复核（保密审查） → 分管负责同志审批",
        }
        pk = generated.object_id
        item = InformationItem(
            id=pk,
            agency_id=agency_id,
            section_id=section_id,
            created_by_id=orgs["user"],
            status=ItemStatus.PUBLISHED,
            title=generated.title,
            document_number=document_number,
            produced_on=produced_on,
            produced_year=year,  # save() keeps it; a bulk insert sets it
            attribute=Attribute.ACTIVE,
            keywords=keywords,
            category_id=category_id,
            five_disclosure=five,
            body_html=body_html,
            body_text=body_text,
            # Unique per item (the product numbers per agency and year; the workers cannot share a counter).
            index_number=f"{org_code}/{year}-{pk:07d}",
            index_year=year,
            index_seq=pk,
            published_at=published_at,
            public_title=generated.title,
            public_body_html=body_html,
            public_body_text=body_text,
            public_meta=meta,
            version=1,
        )
        # What the publication service's _index() writes for the item.
        search = {
            "object_id": pk,
            "title": generated.title,
            "body": " ".join(filter(None, [document_number, keywords, body_text])),
            "agency_id": agency_id,
            "facets": {"category": category_code, "year": year, "five": five, "form": Attribute.ACTIVE.value},
            "published_at": published_at,
            "url": f"/catalog/items/{pk}/",
        }
        yield item, search


def _write_items(items) -> None:
    from django.db import connection

    from gongkai.catalog.models import InformationItem

    fields = InformationItem._meta.concrete_fields
    table = InformationItem._meta.db_table
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    rows = ([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in items)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", list(rows))


def build_chunk(task: tuple) -> tuple[int, float]:
    """One worker's chunk: generate, tokenise, write in one transaction. Returns (items, seconds)."""
    chunk, start, count, orgs, with_search, nice, min_free = task
    from django.db import connection, transaction

    if STOP_FILE.exists() or shutil.disk_usage(VAR).free < min_free:
        return 0, 0.0  # stopped by hand or the disk budget reached: the build ends with what it has

    from gongkai.catalog.services.publication import SEARCH_KIND
    from gongkai.search.backends import get_backend
    from gongkai.search.services import _row

    began = time.perf_counter()
    if nice and connection.vendor == "postgresql":
        # The server process doing this worker's writes yields to interactive work too.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            try:
                os.setpriority(os.PRIO_PROCESS, cursor.fetchone()[0], 19)
            except OSError:
                pass
            cursor.execute("SET synchronous_commit = off")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # The other workers hold the write lock while they write their chunk: wait for it.
            cursor.execute("PRAGMA busy_timeout = 600000")
    now = dt.datetime.now(dt.UTC)
    # Generate and tokenise first (in parallel with the other workers), then write in one transaction.
    items, docs = [], []
    for item, search in _items(chunk, start, count, orgs):
        items.append(item)
        if with_search:
            docs.append(_row(item.pk, kind=SEARCH_KIND, now=now, **search))
    with transaction.atomic():
        for i in range(0, len(items), 2000):
            _write_items(items[i : i + 2000])
            if docs:
                get_backend().insert(docs[i : i + 2000])
    return count, time.perf_counter() - began


def _worker_init(nice: bool) -> None:
    if nice:
        os.nice(19)
    from django.db import connections

    for conn in connections.all():
        conn.close()


def database_size() -> int:
    from django.db import connection

    if connection.vendor == "sqlite":
        return sum(
            Path(str(SQLITE_PATH) + s).stat().st_size for s in ("", "-wal") if Path(str(SQLITE_PATH) + s).exists()
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]


def build(args) -> dict:
    from django.db import connection, connections

    from gongkai.catalog.models import InformationItem
    from gongkai.catalog.services.facet_counts import facet_counts_rebuild
    from gongkai.search.models import SearchDocument
    from gongkai.search.services import bump_version, optimize

    orgs = create_orgs(args.agencies)
    gin = []
    if args.search and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_index' AND indexdef LIKE '%gin%'"
            )
            gin = cursor.fetchall()
            for name, _definition in gin:
                cursor.execute(f"DROP INDEX {name}")
    tasks = []
    for chunk, start in enumerate(range(1, args.items + 1, args.chunk)):
        count = min(args.chunk, args.items + 1 - start)
        tasks.append((chunk, start, count, orgs, args.search, args.nice, args.min_free_gib * 1024**3))
    STOP_FILE.unlink(missing_ok=True)
    for conn in connections.all():
        conn.close()
    print(
        f"building {args.items:,} items{' and search documents' if args.search else ''} on {connection.vendor}"
        f" with {args.workers} worker processes, {len(tasks)} chunks of {args.chunk:,}; load {load()}",
        flush=True,
    )
    began = time.perf_counter()
    done = 0
    with multiprocessing.get_context("fork").Pool(
        args.workers, initializer=_worker_init, initargs=(args.nice,)
    ) as pool:
        for count, _seconds in pool.imap_unordered(build_chunk, tasks):
            if not count:
                continue
            done += count
            elapsed = time.perf_counter() - began
            if done % max(args.chunk, args.items // 50) < args.chunk or done == args.items:
                print(f"  {done:>11,} items in {elapsed:8.1f} s ({done / elapsed:,.0f}/s), load {load()}", flush=True)
    load_seconds = time.perf_counter() - began
    report = {"items": done, "load_seconds": round(load_seconds, 1), "load_items_per_s": round(done / load_seconds)}
    began = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in (InformationItem, SearchDocument):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1)) FROM {table}"
                )
            if gin:
                cursor.execute("SET maintenance_work_mem = '1GB'")
                for _name, definition in gin:
                    cursor.execute(definition)
    report["gin_seconds"] = round(time.perf_counter() - began, 1)
    began = time.perf_counter()
    report["facet_count_rows"] = facet_counts_rebuild()
    report["facet_counts_seconds"] = round(time.perf_counter() - began, 1)
    if args.search:
        bump_version(["catalog.item"])
        if not args.no_optimize:
            began = time.perf_counter()
            optimize()
            report["optimize_seconds"] = round(time.perf_counter() - began, 1)
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    report["analyze_seconds"] = round(time.perf_counter() - began, 1)
    report["database_bytes"] = database_size()
    report["total_seconds"] = round(sum(v for k, v in report.items() if k.endswith("_seconds")), 1)
    report["items_per_s"] = round(done / report["total_seconds"])
    print(f"build: {report}; database {report['database_bytes'] / 1024**3:.2f} GiB", flush=True)
    return report


# --- Pages under load -------------------------------------------------------------------------


def worktree(ref: str) -> Path:
    path = VAR / f"worktree-{ref[:12]}"
    if not path.exists():
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(path), ref], cwd=ROOT, check=True, capture_output=True
        )
    return path


def serve(cwd: Path, env: dict, workers: int) -> tuple[subprocess.Popen, str]:
    from gongkai.core.management.commands.serve import gunicorn_command

    static = Path(env["STATIC_ROOT"])
    static.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=cwd, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        gunicorn_command(host="127.0.0.1", port=port, workers=workers), cwd=cwd, env=env, stdout=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    wait_ready(base + "/healthz", timeout=120)
    return server, base


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def pages(args, low: int, high: int) -> list[dict]:
    env = server_env(args.db)
    if args.cache_url:  # one cache shared by the web processes (flushed first: no entries of an earlier run)
        subprocess.run(["redis-cli", "-u", args.cache_url, "flushdb"], check=True, capture_output=True)
        env["CACHE_URL"] = args.cache_url
    variants = []
    if args.compare:
        old = worktree(args.compare)
        variants.append(
            (f"as of {args.compare[:12]}", old, {**env, "STATIC_ROOT": str(VAR / "catalog_scale_static_old")})
        )
    variants.append(("this tree", ROOT, env))
    scenarios = [
        ("catalogue /catalog/", "/catalog/", lambda: "/catalog/"),
        (
            "year filter + page 1-40",
            lua_random_path("/catalog/?year=%d&page=%d", *YEARS, f", math.random({PAGES[0]}, {PAGES[1]})"),
            lambda: f"/catalog/?year={random.randint(*YEARS)}&page={random.randint(*PAGES)}",
        ),
        (
            "item page",
            lua_random_path("/catalog/items/%d/", low, high),
            lambda: f"/catalog/items/{random.randint(low, high)}/",
        ),
    ]
    results = []
    servers = {}
    try:
        for name, cwd, venv in variants:
            servers[name] = serve(cwd, venv, args.web_workers)
        print(
            f"\nserver: manage.py serve's gunicorn command ({args.web_workers} processes × 4 threads), {args.db};"
            f" wrk {args.threads} threads, {args.connections} connections, {args.duration} s per scenario;"
            f" {os.cpu_count()} CPUs shared with the load tool",
            flush=True,
        )
        print(
            f"{'variant':<22} {'scenario':<26} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'err':>5}  load"
        )
        for scenario, spec, pick in scenarios:
            for name, _cwd, _env in variants:
                _server, base = servers[name]
                for _ in range(args.warm):
                    urllib.request.urlopen(base + pick(), timeout=120).read()
                before = load()
                result = run_wrk(
                    base, spec, connections=args.connections, duration=args.duration, threads=args.threads, workdir=VAR
                )
                after = load()
                print(
                    f"{name:<22} {scenario:<26} {result['rps']:8.1f} {result['p50']:8.1f} {result['p95']:8.1f}"
                    f" {result['p99']:8.1f} {result['errors']:5d}  {before}→{after}",
                    flush=True,
                )
                results.append({"variant": name, "scenario": scenario, **result, "load": f"{before}→{after}"})
    finally:
        for server, _base in servers.values():
            stop(server)
    return results


# --- Search latency ---------------------------------------------------------------------------


def search_latency(runs: int) -> dict:
    from bench.search_bench import QUERIES, percentile
    from gongkai.catalog.models import Category
    from gongkai.search.selectors import search

    codes = dict(Category.objects.values_list("name", "code"))
    rows, every = [], []
    print(f"\nsearch (in-process, one client, {runs} runs per query after one warm-up); load {load()}")
    for label, q, filters in QUERIES:
        if filters and "category" in filters:
            filters = {**filters, "category": codes[filters["category"]]}
        search(q, filters=filters)
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            result = search(q, filters=filters)
            times.append((time.perf_counter() - began) * 1000)
        every += times
        row = {
            "label": label,
            "query": q,
            "total": result.total,
            "exact": result.total_exact,
            "p50": round(percentile(times, 0.5), 1),
            "p95": round(percentile(times, 0.95), 1),
        }
        rows.append(row)
        print(
            f"  {label:<30} {q:<10} {result.total:>10,}{'' if result.total_exact else '~'} {row['p50']:7.1f} {row['p95']:7.1f}",
            flush=True,
        )
    overall = {
        "p50": round(percentile(every, 0.5), 1),
        "p95": round(percentile(every, 0.95), 1),
        "max": round(max(every), 1),
        "worst_query_p95": max(r["p95"] for r in rows),
        "load_after": load(),
    }
    print(f"search overall: {overall}", flush=True)
    return {"queries": rows, "overall": overall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument(
        "--agencies", type=int, default=60, help="20 departments per region (60: county, 600: province)"
    )
    parser.add_argument("--workers", type=int, default=2, help="build processes")
    parser.add_argument("--chunk", type=int, default=10_000, help="items per build task (one transaction)")
    parser.add_argument("--search", action="store_true", help="also build the catalog.item search documents")
    parser.add_argument("--no-optimize", action="store_true", help="skip services.optimize() after the build")
    parser.add_argument("--nice", action="store_true", help="build at nice 19 (also the PostgreSQL server processes)")
    parser.add_argument("--min-free-gib", type=float, default=20, help="stop building when the disk has less free")
    parser.add_argument("--reuse", action="store_true", help="measure the existing bench database")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--pages", action="store_true", help="measure the three page scenarios with wrk")
    parser.add_argument("--compare", metavar="REF", help="also serve a git worktree of REF, interleaved")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn processes (4 threads each)")
    parser.add_argument(
        "--cache-url", metavar="URL", help="serve with this Redis cache (CACHE_URL), e.g. redis://127.0.0.1:6379/5"
    )
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--duration", type=int, default=20, help="seconds per scenario")
    parser.add_argument("--warm", type=int, default=8, help="unrecorded requests before each scenario")
    parser.add_argument("--search-latency", action="store_true", help="measure in-process search latency")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    global SQLITE_PATH
    SQLITE_PATH = VAR / f"catalog_scale-{args.items}.sqlite3"
    setup(args.db, fresh=not args.reuse)
    from gongkai.catalog.models import InformationItem

    report: dict = {
        "db": args.db,
        "items": args.items,
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_start": load(),
    }
    report["git"] = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    if not args.reuse:
        report["build"] = build(args)
    ids = InformationItem.objects.order_by("id").values_list("id", flat=True)
    low, high = ids.first(), ids.last()
    report["present"] = {"ids": [low, high], "database_bytes": database_size()}
    print(
        f"database: {database_url(args.db)}; item ids {low}..{high}; {report['present']['database_bytes'] / 1024**3:.2f} GiB",
        flush=True,
    )
    if not args.build_only:
        if args.search_latency:
            report["search"] = search_latency(args.runs)
        if args.pages:
            from django.db import connections

            for conn in connections.all():
                conn.close()
            report["pages"] = pages(args, low, high)
    out = VAR / f"catalog_scale-{args.db}-{args.items}-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(f"results: {out}")


if __name__ == "__main__":
    main()
