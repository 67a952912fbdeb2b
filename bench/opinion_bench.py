"""Public-opinion pipeline benchmark: replay the CED Weibo stream through the whole pipeline.

Usage (from the repository root; the data path is an argument, the product never reads it):

    .venv/bin/python bench/opinion_bench.py --data ../shared/data/ced_chinese_rumor
    .venv/bin/python bench/opinion_bench.py --data ../shared/data/ced_chinese_rumor --db postgres

The stream: the 2,370 CED source posts (``originals.jsonl``) and their ~0.88 M reposts and comments
(``reposts.jsonl.gz``), each as a record of the JSON API (source posts: ``kind`` post, their Weibo
time; reposts: ``kind`` repost, ``repost_of`` the source post, ``parent_id`` the repost they repost,
their ``date`` read as Beijing time), sorted by time. Some CED dates are malformed (``03月1…``): the
record checks reject them, as they would from a vendor. The source is "track all" (a vendor feed
already filtered for the unit), so every source post starts or joins an event and every repost
counts towards its event.

Phases, each in its own process and its own fresh database (SQLite: ``var/bench/opinion_<phase>.sqlite3``;
PostgreSQL: ``gk_opinion_bench``, copied from a migrated template ``gk_opinion_bench_template``,
server ``BENCH_PG_URL``; ``var`` is ``GONGKAI_VAR_DIR`` when set):

1. ``floor``: read and decode the stream (gzip + JSON), build the records, sort — and, separately,
   the record checks (``parse_records``) alone;
2. ``single``: the whole stream through ``services.ingest_records`` (record checks, pipeline,
   persistence, the run row) in batches of ``--batch`` on one process: posts/second (wall and per
   CPU-second), peak memory, per-batch time, and the event-grouping check;
3. ``workers``: the same stream split by source event over two worker processes writing to one
   database at once (``--workers``);
4. ``stream``: streaming mode — the stream fed in small batches (``--stream-batch``) as fast as
   possible; per-batch latency and the delay from the submission of the batch that raised a
   warning to the end of the warning hook (the response side's routing runs in it when installed) —
   p50/p99;
5. ``naive``: a per-post baseline on a sample: one transaction, one model call and one row at a
   time;
6. ``celery1``, ``celery2`` (``--db postgres``): the stream through one, then two real Celery worker
   processes on a real broker (``--broker``, RabbitMQ by default), one ingest task per batch
   (``gongkai.opinion.tasks.ingest_batch``), split by source event as in ``workers``: posts/s from
   the first enqueue to the last batch done, the CPU of each worker, of the PostgreSQL backends
   serving them (sampled from ``pg_stat_activity``, with their wait events) and of the broker, and
   the load average. ``celery1_reconnect``/``celery2_reconnect``: the same with a new database
   connection for every task (Celery's default, ``CELERY_DB_REUSE_MAX=0``). Interleave them, e.g.
   ``--phases celery1,celery2,celery1,celery2``.

Results are printed and written to ``var/bench/opinion_<db>.json``. With ``--limit`` the floor's
read + decode still reads the whole stream (the limit applies after the sort).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Under the var dir of the run (GONGKAI_VAR_DIR, else the checkout's var/), so that benchmarks of
# several people on one checkout do not share files.
BENCH_DIR = Path(os.environ.get("GONGKAI_VAR_DIR") or ROOT / "var") / "bench"
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_NAME = "gk_opinion_bench"
PG_TEMPLATE = "gk_opinion_bench_template"  # migrated, with the register: each phase's database is a copy


# --- the stream ---------------------------------------------------------------------------------


def load_stream(data: Path, limit: int | None = None) -> list[tuple[float, int, dict]]:
    """(sort time, source event index, record) for every CED post and repost, in time order."""
    import datetime as dt

    beijing = dt.timezone(dt.timedelta(hours=8))
    out: list[tuple[float, int, dict]] = []
    root_of: dict[str, str] = {}
    with open(data / "originals.jsonl", encoding="utf-8") as fh:
        for idx, line in enumerate(fh):
            o = json.loads(line)
            mid = o["id"].split("_")[1]
            root_of[o["id"]] = mid
            t = o["time"]
            if isinstance(t, int | float):
                ts = float(t)
            else:
                ts = dt.datetime.strptime(t, "%a %b %d %H:%M:%S %z %Y").timestamp()
            out.append(
                (
                    ts,
                    idx,
                    {
                        "id": mid,
                        "kind": "post",
                        "text": o["text"],
                        "published_at": t,
                        "reposts": o.get("reposts") or 0,
                        "comments": o.get("comments") or 0,
                        "likes": o.get("likes") or 0,
                    },
                )
            )
    event_index = {eid: i for i, eid in enumerate(root_of)}
    with gzip.open(data / "reposts.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            e = json.loads(line)
            root = root_of.get(e["id"])
            if root is None:
                continue
            idx = event_index[e["id"]]
            for r in e["reposts"]:
                date = r.get("date") or ""
                try:
                    ts = dt.datetime.fromisoformat(date).replace(tzinfo=beijing).timestamp()
                except ValueError:
                    ts = 0.0  # malformed: sorted first, rejected by the record checks
                rec = {
                    "id": r["mid"],
                    "kind": "repost",
                    "text": r.get("text") or "",
                    "published_at": date,
                    "author_id": r.get("uid") or "",
                    "repost_of": root,
                }
                if r.get("parent"):
                    rec["parent_id"] = r["parent"]
                out.append((ts, idx, rec))
    out.sort(key=lambda x: x[0])
    return out[:limit] if limit else out


# --- set-up ------------------------------------------------------------------------------------------


def db_path(phase: str) -> Path:
    return BENCH_DIR / f"opinion_{phase}.sqlite3"


def setup_django(db: str, phase: str, fresh: bool) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if db == "sqlite":
        path = db_path(phase)
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            template = BENCH_DIR / "opinion_template.sqlite3"
            if template.exists():
                shutil.copy(template, path)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        name = PG_TEMPLATE if phase == "pg_template" else PG_NAME
        if fresh:
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                has_template = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_TEMPLATE]).fetchone()
                if has_template and name != PG_TEMPLATE:
                    conn.execute(f"CREATE DATABASE {name} TEMPLATE {PG_TEMPLATE}")
                else:
                    conn.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("GONGKAI_VAR_DIR", str(BENCH_DIR / "var"))
    import django

    django.setup()
    from django.conf import settings

    name = str(settings.DATABASES["default"]["NAME"])
    assert name.startswith(str(BENCH_DIR)) or name in (PG_NAME, PG_TEMPLATE), f"not a bench database: {name}"
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_template() -> None:
    """A migrated SQLite file copied for each phase (migrating takes a few seconds)."""
    template = BENCH_DIR / "opinion_template.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(template) + suffix).unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{template}", "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.setdefault("GONGKAI_VAR_DIR", str(BENCH_DIR / "var"))
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    import sqlite3

    con = sqlite3.connect(template)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()


def phase_pg_template(args) -> dict:
    """The migrated PostgreSQL database with the register, copied for each phase (migrating and
    loading the demo register take a minute on a busy machine)."""
    setup_django("postgres", "pg_template", fresh=True)
    setup_register()
    from django.db import connections

    connections.close_all()
    return {"template": PG_TEMPLATE}


def setup_register():
    """The demo banner, its units, a monitor, and the CED source (track all) of its government."""
    from gongkai.opinion.enums import SourceKind
    from gongkai.opinion.models import Source
    from gongkai.orgs.demo import load_demo
    from gongkai.orgs.enums import Role
    from gongkai.orgs.models import Agency, RoleAssignment, User

    load_demo()
    gov = Agency.objects.get(name="鄂托克前旗人民政府")
    user, _ = User.objects.get_or_create(username="bench-monitor", defaults={"full_name": "监测员"})
    RoleAssignment.objects.get_or_create(user=user, role=Role.OPINION_MONITOR, agency=gov)
    source, _ = Source.objects.get_or_create(
        agency=gov, name="CED 微博回放", defaults={"kind": SourceKind.WEIBO, "track_all": True}
    )
    return source


def warm_up() -> None:
    """Load what a running server process has loaded already (models, jieba, the register's names)."""
    import jieba

    from gongkai.opinion.nlp import score_many
    from gongkai.opinion.pipeline import gazetteer, matcher

    score_many(["预热文本"])
    jieba.lcut("预热文本")
    gazetteer.current()
    matcher.current()


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(q / 100 * (len(s) - 1)))))
    return s[k]


# --- phases ------------------------------------------------------------------------------------------------


def phase_floor(args) -> dict:
    t0 = time.perf_counter()
    c0 = time.process_time()
    stream = load_stream(args.data, args.limit)
    read_s = time.perf_counter() - t0
    read_cpu = time.process_time() - c0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from gongkai.opinion.ingest.records import parse_records

    t1 = time.perf_counter()
    good, bad = parse_records([r for _ts, _e, r in stream])
    check_s = time.perf_counter() - t1
    n = len(stream)
    return {
        "records": n,
        "read_decode_s": round(read_s, 2),
        "read_decode_per_s": round(n / read_s),
        "read_decode_cpu_s": round(read_cpu, 2),
        "record_checks_s": round(check_s, 2),
        "record_checks_per_s": round(n / check_s),
        "rejected_by_checks": len(bad),
        "rejected_examples": [b.reason for b in bad[:3]],
        "peak_rss_mb": peak_rss_mb(),
    }


def _ingest(stream, source, batch: int, *, record_batches: bool = False) -> dict:
    from gongkai.opinion import services as opinion_services
    from gongkai.opinion.services import ingest_records

    rows = [r for _ts, _e, r in stream]
    times: list[float] = []
    hook_time = [0.0]
    original_after = opinion_services.run_warning_hooks

    def timed_after(*a, **kw):
        h0 = time.perf_counter()
        try:
            return original_after(*a, **kw)
        finally:
            hook_time[0] += time.perf_counter() - h0

    opinion_services.run_warning_hooks = timed_after
    created = existing = rejected = events = raised = 0
    t0 = time.perf_counter()
    c0 = time.process_time()
    for start in range(0, len(rows), batch):
        b0 = time.perf_counter()
        out = ingest_records(source=source, rows=rows[start : start + batch], channel="api")
        times.append(time.perf_counter() - b0)
        created += out.created
        existing += out.existing
        rejected += len(out.rejected)
        events += out.events_created
        raised += len(out.raised)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    opinion_services.run_warning_hooks = original_after
    return {
        "records": len(rows),
        "warning_hooks_s": round(hook_time[0], 2),
        "posts_per_s_without_hooks": round(len(rows) / (wall - hook_time[0])),
        "created": created,
        "existing": existing,
        "rejected": rejected,
        "events_created": events,
        "warnings_raised": raised,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "posts_per_s": round(len(rows) / wall),
        "posts_per_cpu_s": round(len(rows) / cpu) if cpu else None,
        "batch_s_p50": round(pct(times, 50), 4),
        "batch_s_p99": round(pct(times, 99), 4),
        "batch_s_max": round(max(times), 4) if times else 0,
    }


def grouping_check() -> dict:
    """Each CED repost belongs to its source post's event; how many source posts share an event."""
    from django.db.models import Count, F

    from gongkai.opinion.models import Event, Post

    reposts = Post.objects.filter(kind="repost")
    with_root = reposts.filter(thread_root__isnull=False)
    same = with_root.filter(event_id=F("thread_root__event_id")).count()
    originals = Post.objects.filter(kind="post")
    per_event = originals.values("event_id").annotate(n=Count("id")).filter(n__gt=1)
    levels = dict(Event.objects.values_list("level").annotate(n=Count("id")).order_by())
    return {
        "reposts": reposts.count(),
        "reposts_joined_to_source": with_root.count(),
        "reposts_in_source_event": same,
        "reposts_waiting_for_source": reposts.filter(thread_root__isnull=True).count(),
        "source_posts": originals.count(),
        "events": Event.objects.count(),
        "events_with_several_source_posts": per_event.count(),
        "source_posts_merged_by_topic": sum(r["n"] - 1 for r in per_event),
        "duplicates_exact": Post.objects.filter(duplicate_kind="exact").count(),
        "duplicates_near": Post.objects.filter(duplicate_kind="near").count(),
        "events_by_level": levels,
    }


def phase_single(args) -> dict:
    setup_django(args.db, "single", fresh=True)
    source = setup_register()
    stream = load_stream(args.data, args.limit)
    warm_up()
    result = _ingest(stream, source, args.batch)
    result["peak_rss_mb"] = peak_rss_mb()
    result["grouping"] = grouping_check()
    return result


def phase_worker(args) -> dict:
    """One of the worker processes: its share of the stream (by source event)."""
    setup_django(args.db, "workers", fresh=False)
    from gongkai.opinion.models import Source

    source = Source.objects.get(name="CED 微博回放")
    stream = [x for x in load_stream(args.data, args.limit) if x[1] % args.of == args.part]
    warm_up()
    go = Path(args.go_file)
    Path(f"{go}.ready{args.part}").touch()
    while not go.exists():  # start together
        time.sleep(0.01)
    result = _ingest(stream, source, args.batch)
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def phase_workers(args) -> dict:
    setup_django(args.db, "workers", fresh=True)
    setup_register()
    from django.db import connections

    connections.close_all()
    go = BENCH_DIR / "opinion_workers.go"
    go.unlink(missing_ok=True)
    for part in range(args.workers):
        Path(f"{go}.ready{part}").unlink(missing_ok=True)
    procs = []
    for part in range(args.workers):
        cmd = [
            sys.executable, __file__, "--data", str(args.data), "--db", args.db, "--phase", "worker",
            "--part", str(part), "--of", str(args.workers), "--batch", str(args.batch), "--go-file", str(go),
        ]  # fmt: skip
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT))
    while not all(Path(f"{go}.ready{part}").exists() for part in range(args.workers)):
        time.sleep(0.05)  # the workers load and sort the stream first
    t0 = time.perf_counter()
    go.touch()
    outs = []
    for p in procs:
        stdout, _ = p.communicate()
        outs.append(json.loads(stdout.strip().splitlines()[-1]))
    wall = time.perf_counter() - t0
    go.unlink(missing_ok=True)
    for part in range(args.workers):
        Path(f"{go}.ready{part}").unlink(missing_ok=True)
    total = sum(o["records"] for o in outs)
    return {
        "workers": args.workers,
        "records": total,
        "wall_s": round(wall, 2),
        "posts_per_s": round(total / wall),
        "per_worker": outs,
        "grouping": grouping_check(),
    }


def phase_stream(args) -> dict:
    setup_django(args.db, "stream", fresh=True)
    source = setup_register()
    stream = load_stream(args.data, args.limit)[: args.stream_limit]
    warm_up()
    from gongkai.opinion import signals
    from gongkai.opinion.services import ingest_records

    hooks: list[tuple[int, float]] = []

    def on_warning(sender=None, event_id=None, **kwargs):
        hooks.append((event_id, time.perf_counter()))

    # Connected last: it runs after the response side's receivers (routing) when those are installed.
    signals.warning_raised.connect(on_warning, weak=False, dispatch_uid="bench")
    receivers = len(signals.warning_raised.receivers)
    rows = [r for _ts, _e, r in stream]
    latencies: list[float] = []
    delays: list[float] = []
    t0 = time.perf_counter()
    for start in range(0, len(rows), args.stream_batch):
        before = len(hooks)
        submitted = time.perf_counter()
        ingest_records(source=source, rows=rows[start : start + args.stream_batch], channel="api")
        done = time.perf_counter()
        latencies.append(done - submitted)
        delays.extend(at - submitted for _eid, at in hooks[before:])
    wall = time.perf_counter() - t0
    return {
        "records": len(rows),
        "batch": args.stream_batch,
        "wall_s": round(wall, 2),
        "posts_per_s": round(len(rows) / wall),
        "batch_latency_s_p50": round(pct(latencies, 50), 4),
        "batch_latency_s_p99": round(pct(latencies, 99), 4),
        "batch_latency_s_max": round(max(latencies), 4),
        "warnings": len(delays),
        "warning_receivers": receivers,
        "warning_delay_s_p50": round(pct(delays, 50), 4),
        "warning_delay_s_p99": round(pct(delays, 99), 4),
        "warning_delay_s_max": round(max(delays), 4) if delays else None,
        "peak_rss_mb": peak_rss_mb(),
    }


def phase_naive(args) -> dict:
    """One transaction, one model call and one row per post (what the pipeline avoids)."""
    setup_django(args.db, "naive", fresh=True)
    source = setup_register()
    stream = load_stream(args.data, args.limit)[: args.naive_sample]
    from django.db import transaction

    from gongkai.core import clock
    from gongkai.opinion.ingest.records import RecordError, parse_record
    from gongkai.opinion.models import Event, Post
    from gongkai.opinion.nlp import normalise, score

    t0 = time.perf_counter()
    created = 0
    for _ts, _e, raw in stream:
        try:
            r = parse_record(raw)
        except RecordError:
            continue
        with transaction.atomic():
            if Post.objects.filter(source=source, external_id=r.external_id).exists():
                continue
            norm = normalise(r.text)
            j = score(norm)
            root = Post.objects.filter(source=source, external_id=r.repost_of).first() if r.repost_of else None
            event = root.event if root is not None else None
            now = clock.now()
            if event is None:
                event = Event.objects.create(
                    title=(r.text or r.title)[:60] or "（无标题）", first_seen_at=r.published_at or now,
                    last_seen_at=r.published_at or now,
                )  # fmt: skip
            Post.objects.create(
                source=source, external_id=r.external_id, kind=r.kind or "post", text=r.text, text_norm=norm,
                published_at=r.published_at, ingested_at=now, negativity=j.negativity, rumour=j.rumour,
                category=j.category or "", evidence=j.evidence, event=event, thread_root=root,
                repost_of_external_id=r.repost_of, parent_external_id=r.parent_id, author_id=r.author_id,
            )  # fmt: skip
            event.volume += 1
            event.last_seen_at = max(event.last_seen_at, r.published_at or now)
            event.save()
            created += 1
    wall = time.perf_counter() - t0
    return {
        "records": len(stream),
        "created": created,
        "wall_s": round(wall, 2),
        "posts_per_s": round(len(stream) / wall),
    }


# --- Celery workers on a real broker -------------------------------------------------------------


def _proc_cpu(pid: int, children: bool = False) -> float:
    """User + system CPU seconds of one process (0 when it is gone), with its ended and reaped
    children's when ``children``."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def _cpu_by_command(names: tuple[str, ...]) -> dict[int, float]:
    """CPU seconds of every process whose command name is one of ``names`` (the database server's
    processes, the broker's), including what their ended children used (the server's backends
    end with the connection, and Celery closes the connection after each task)."""
    out: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/comm", encoding="utf-8") as fh:
                comm = fh.read().strip()
        except OSError:
            continue
        if comm in names:
            out[int(entry)] = _proc_cpu(int(entry), children=True)
    return out


def _cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between two snapshots (processes started in between count whole)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def _machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot (/proc/stat)."""
    with open("/proc/stat", encoding="ascii") as fh:
        values = [int(v) for v in fh.readline().split()[1:]]
    hz = os.sysconf("SC_CLK_TCK")
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / hz, sum(values[:8]) / hz


class _BackendSampler:
    """CPU of the PostgreSQL backends serving the bench database, sampled every half second in a
    thread (a backend ends when its connection is recycled, CONN_MAX_AGE; its last sample counts)."""

    def __init__(self) -> None:
        import threading

        self.cpu: dict[int, float] = {}
        self.states: dict[str, int] = {}  # samples of the backends by state and wait event
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            while True:
                rows = conn.execute(
                    "SELECT pid, state, wait_event_type, wait_event FROM pg_stat_activity WHERE datname = %s",
                    [PG_NAME],
                ).fetchall()
                for pid, state, wait_type, wait in rows:
                    self.cpu[pid] = max(self.cpu.get(pid, 0.0), _proc_cpu(pid))
                    key = f"{state}:{wait_type}:{wait}" if wait_type else str(state)
                    self.states[key] = self.states.get(key, 0) + 1
                if self.stop.wait(0.5):
                    break

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()


def phase_celery(args, processes: int, worker_env: dict[str, str] | None = None) -> dict:
    """The stream through real Celery worker processes on a real broker (PostgreSQL only).

    The stream is split by source event into ``processes`` parts (as the workers phase splits it),
    each part into batches of ``--batch`` records in time order, one ingest task per batch
    (``gongkai.opinion.tasks.ingest_batch``, the API's queued mode). Part k goes to queue k, which
    worker process k alone consumes, so every thread stays with one worker and its batches are
    taken in order. Each worker is ``celery -A config worker --pool=solo`` (one process); the
    warning hook queues the response side's routing (``warning_received``) to the default queue,
    which all workers also consume. Timed from the first enqueue to the last ingest result; then
    the routing queue is drained before the CPU figures are read.
    """
    if args.db != "postgres":
        raise SystemExit("the celery phases need --db postgres (SQLite has one writer)")
    from celery import Celery
    from kombu import Connection

    setup_django(args.db, "celery", fresh=True)
    source = setup_register()
    from django.db import connections

    connections.close_all()
    stream = load_stream(args.data, args.limit)
    run = f"gk-opinion-bench-{os.getpid()}"
    queues = [f"{run}-{k}" for k in range(processes)]
    default_queue = "celery"
    with Connection(args.broker) as conn:
        try:
            waiting = conn.default_channel.queue_declare(default_queue, passive=True).message_count
        except Exception:  # the queue does not exist yet
            waiting = 0
    if waiting:
        raise SystemExit(f"{waiting} messages wait in the broker's default queue '{default_queue}': not ours")
    parts: list[list[dict]] = [[] for _ in range(processes)]
    for _ts, event_index, rec in stream:
        parts[event_index % processes].append(rec)
    # Round-robin over the parts, so that every queue fills from the start.
    per_part = [[part[i : i + args.batch] for i in range(0, len(part), args.batch)] for part in parts]
    batches = [(k, b[j]) for j in range(max(map(len, per_part))) for k, b in enumerate(per_part) if j < len(b)]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "CELERY_BROKER_URL": args.broker,
        "CELERY_RESULT_BACKEND": "rpc://",
        **(worker_env or {}),
    }
    procs = []
    for k, queue in enumerate(queues):
        cmd = [
            sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1",
            "-Q", f"{queue},{default_queue}", "-n", f"{queue}@%h", "--without-gossip", "--without-mingle",
            "--without-heartbeat", "--loglevel=WARNING",
        ]  # fmt: skip
        log = open(BENCH_DIR / f"opinion_celery_worker{k}.log", "w", encoding="utf-8")  # noqa: SIM115
        procs.append((subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT), log))
    client = Celery("gongkai-opinion-bench", broker=args.broker, backend="rpc://")
    try:
        names = [f"{q}@{platform.node()}" for q in queues]
        deadline = time.monotonic() + 120
        while True:
            replies = client.control.ping(destination=names, timeout=1.0)
            if len(replies) == len(names):
                break
            if time.monotonic() > deadline or any(p.poll() is not None for p, _log in procs):
                raise SystemExit("the Celery workers did not start (see var/bench/opinion_celery_worker*.log)")
        pg0, broker0, machine0 = _cpu_by_command(PG_COMMANDS), _cpu_by_command(BROKER_COMMANDS), _machine_cpu()
        worker0 = [_proc_cpu(p.pid) for p, _log in procs]
        load0 = os.getloadavg()
        sampler = _BackendSampler().__enter__()
        t0 = time.perf_counter()
        c0 = time.process_time()
        pending = [
            client.send_task("gongkai.opinion.tasks.ingest_batch", args=[source.pk, rows, "api"], queue=queues[k])
            for k, rows in batches
        ]
        enqueue_s = time.perf_counter() - t0
        enqueue_cpu = time.process_time() - c0
        outs = [r.get(timeout=3600) for r in pending]
        wall = time.perf_counter() - t0
        load_end = os.getloadavg()
        worker_mid = [_proc_cpu(p.pid) for p, _log in procs]
        with Connection(args.broker) as conn:  # the routing the last batches queued
            while conn.default_channel.queue_declare(default_queue, passive=True).message_count:
                time.sleep(0.2)
        time.sleep(1.0)  # the routing task each worker may still be running
        drained = time.perf_counter() - t0
        sampler.__exit__()
        pg1, broker1, machine1 = _cpu_by_command(PG_COMMANDS), _cpu_by_command(BROKER_COMMANDS), _machine_cpu()
        worker1 = [_proc_cpu(p.pid) for p, _log in procs]
        client_cpu = time.process_time() - c0
    finally:
        for p, _log in procs:
            p.terminate()
        for p, log in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
            log.close()
        client.close()
    n = len(stream)
    workers_cpu = sum(worker1) - sum(worker0)
    pg_cpu = sum(sampler.cpu.values())
    busy = machine1[0] - machine0[0]
    return {
        "worker_processes": processes,
        "worker_env": worker_env or {},
        "broker": args.broker.split("@")[-1],
        "records": n,
        "tasks": len(batches),
        "batch": args.batch,
        "created": sum(o["created"] for o in outs),
        "existing": sum(o["existing"] for o in outs),
        "rejected": sum(len(o["rejected"]) for o in outs),
        "warnings_raised": sum(len(o["raised"]) for o in outs),
        "enqueue_s": round(enqueue_s, 2),
        "enqueue_client_cpu_s": round(enqueue_cpu, 2),
        "wall_s": round(wall, 2),
        "posts_per_s": round(n / wall),
        "routing_drained_s": round(drained, 2),
        "per_worker_cpu_s": [round(b - a, 2) for a, b in zip(worker0, worker_mid, strict=True)],
        "per_worker_cpu_s_with_routing_tail": [round(b - a, 2) for a, b in zip(worker0, worker1, strict=True)],
        "workers_posts_per_cpu_s": round(n / workers_cpu) if workers_cpu else None,
        "postgres_backends_cpu_s": round(pg_cpu, 2),
        "postgres_backends": len(sampler.cpu),
        "postgres_backend_samples": dict(sorted(sampler.states.items(), key=lambda kv: -kv[1])),
        "postgres_all_cpu_s": round(_cpu_delta(pg0, pg1), 2),  # the whole server: other people's work too
        "broker_cpu_s": round(_cpu_delta(broker0, broker1), 2),
        "client_cpu_s": round(client_cpu, 2),
        "machine_busy_cpu_s": round(busy, 2),
        "machine_cpu_share": round(busy / (machine1[1] - machine0[1]), 3),
        "cpu_s_per_1000_posts_workers_plus_postgres": round(1000 * (workers_cpu + pg_cpu) / n, 3),
        "load_at_start": [round(x, 2) for x in load0],
        "load_at_end": [round(x, 2) for x in load_end],
        "grouping": grouping_check(),
    }


PG_COMMANDS = ("postgres",)
BROKER_COMMANDS = ("beam.smp", "redis-server")


PHASES = {
    "floor": phase_floor,
    "single": phase_single,
    "worker": phase_worker,
    "pg_template": phase_pg_template,
    "workers": phase_workers,
    "stream": phase_stream,
    "naive": phase_naive,
    "celery1": lambda args: phase_celery(args, 1),
    "celery2": lambda args: phase_celery(args, 2),
    # As before config/celery.py kept connections: a new database connection for every task.
    "celery1_reconnect": lambda args: phase_celery(args, 1, {"CELERY_DB_REUSE_MAX": "0"}),
    "celery2_reconnect": lambda args: phase_celery(args, 2, {"CELERY_DB_REUSE_MAX": "0"}),
}


def machine() -> dict:
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "load_before": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the ced_chinese_rumor folder")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--phase", choices=[*PHASES, "all"], default="all")
    parser.add_argument("--phases", default="floor,single,workers,stream,naive", help="phases run by 'all'")
    parser.add_argument("--limit", type=int, default=None, help="only the first N records of the stream")
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stream-batch", type=int, default=100)
    parser.add_argument("--stream-limit", type=int, default=300_000)
    parser.add_argument("--naive-sample", type=int, default=5_000)
    parser.add_argument("--part", type=int, default=0)
    parser.add_argument("--of", type=int, default=1)
    parser.add_argument("--go-file", default="")
    parser.add_argument(
        "--broker",
        default=os.environ.get("BENCH_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//"),
        help="the Celery broker of the celery1/celery2 phases",
    )
    args = parser.parse_args()
    args.data = args.data.resolve()
    if args.phase != "all":
        print(json.dumps(PHASES[args.phase](args), ensure_ascii=False))
        return
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if args.db == "sqlite":
        make_template()
    else:
        subprocess.run([sys.executable, __file__, *sys.argv[1:], "--phase", "pg_template"], cwd=ROOT, check=True)
    results = {"machine": machine(), "args": {k: str(v) for k, v in vars(args).items()}}
    for phase in args.phases.split(","):
        cmd = [sys.executable, __file__, *sys.argv[1:], "--phase", phase]
        started = time.time()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stderr[-4000:], file=sys.stderr)
            raise SystemExit(f"phase {phase} failed")
        key = phase if phase not in results else f"{phase}#{sum(k.split('#')[0] == phase for k in results) + 1}"
        results[key] = json.loads(proc.stdout.strip().splitlines()[-1])
        results[key]["load_after"] = [round(x, 2) for x in os.getloadavg()]
        results[key]["elapsed_s"] = round(time.time() - started, 1)
        print(f"== {key}", json.dumps(results[key], ensure_ascii=False), flush=True)
    out = BENCH_DIR / f"opinion_{args.db}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()
