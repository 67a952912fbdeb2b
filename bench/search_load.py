"""Public ``/search`` under load (issue 17): the production server on a generated catalogue,
many concurrent clients, a realistic query mix — with the search result cache off and on.

Usage (from the repository root):

    .venv/bin/python bench/search_load.py [--items 20000] [--workers 2] [--clients 200]
                                          [--duration 20] [--warmup 10] [--unique-share 0.2] [--redis] [--persistent] [--keep]

What it does:

1. creates a fresh SQLite database in a temporary directory (never the development database),
   migrates it and fills it with ``--items`` published catalogue items exactly as
   ``bench/portal_bench.py`` does (``bench/corpus.py``: real seed paragraphs, varied), then
   indexes them for the public search as ``catalog.item`` documents with the fields the
   catalogue's publication service indexes (``services.rebuild`` + ``optimize``);
2. builds a query vocabulary from the seed documents (/work/shared/seeds): jieba words of two
   to six Chinese characters, ranked by frequency; each request takes a word by a Zipf law over
   the ranks (``--zipf-s``; popular queries repeat), and ``--unique-share`` of the requests are
   unique queries instead (two random vocabulary words and a request number: never repeated);
3. for each mode — cache OFF (``SEARCH_CACHE_SECONDS=0``, the as-shipped behaviour before issue
   17) and cache ON (``SEARCH_CACHE_SECONDS=600``, local memory per worker; with ``--redis``
   also a private ``redis-server`` shared by the workers; with ``--persistent`` also with one
   persistent SQLite connection per server thread, ``DB_CONN_MAX_AGE=60``) — starts gunicorn with the command of
   ``manage.py serve`` (``gunicorn_command``: thread workers, 4 threads each; ``--workers``
   processes), warms it, and runs ``--clients`` Python threads in a closed loop for
   ``--duration`` seconds (after ``--warmup`` seconds of the same load, not recorded), each over
   one keep-alive connection;
4. prints searches per second, p50 / p95 / p99 / max latency, errors (non-200 or failed
   connections), the share of requests repeating a query already sent in the phase (the best
   hit rate a shared cache could reach) and the load average before and after, and writes the JSON under ``var/bench/``.

The clients run on the same machine as the server and take part of its CPU; on a shared
machine the load average printed with each line says how much else ran.
"""

from __future__ import annotations

import argparse
import atexit
import bisect
import datetime as dt
import functools
import http.client
import itertools
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.portal_bench import LUA_DONE, fill, free_port, run_wrk, wait_ready  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,6}$")


def index_catalogue() -> int:
    """Index every published item as the catalogue's ``_index`` does (kind ``catalog.item``)."""
    from gongkai.catalog.models import InformationItem
    from gongkai.catalog.services.publication import SEARCH_KIND
    from gongkai.search.services import optimize, rebuild

    def rows():
        for item in InformationItem.objects.order_by("id").iterator(chunk_size=2000):
            meta = item.public_meta
            yield {
                "object_id": item.pk,
                "title": item.public_title,
                "body": " ".join(
                    filter(None, [meta.get("document_number"), meta.get("keywords"), item.public_body_text])
                ),
                "agency_id": item.agency_id,
                "facets": {
                    "category": meta.get("category_code", ""),
                    "year": item.produced_on.year,
                    "five": item.five_disclosure or "",
                    "form": item.attribute,
                },
                "published_at": item.published_at,
                "url": f"/catalog/items/{item.pk}/",
            }

    count = rebuild(SEARCH_KIND, rows(), batch_size=2000)
    optimize()
    return count


def vocabulary(limit: int) -> list[str]:
    """The ``limit`` most frequent jieba words (2–6 Chinese characters) of the seed documents."""
    from gongkai.core.text import jieba, t2s

    counts: Counter[str] = Counter()
    for path in sorted(SEEDS.glob("*.txt")):
        text = t2s().convert(path.read_text(encoding="utf-8", errors="replace"))
        counts.update(w for w in jieba().lcut(text) if CJK_WORD.match(w))
    return [w for w, _n in counts.most_common(limit)]


class QueryMix:
    """Zipf over the vocabulary's frequency ranks, plus a share of never-repeated queries."""

    def __init__(self, words: list[str], *, s: float, unique_share: float) -> None:
        self.words = words
        self.unique_share = unique_share
        self.cumulative = list(itertools.accumulate(1 / (rank**s) for rank in range(1, len(words) + 1)))
        self.serial = itertools.count(1)

    def pick(self, rng: random.Random) -> str:
        if rng.random() < self.unique_share:
            a, b = rng.sample(self.words, 2)
            return f"{a} {b} {next(self.serial)}"
        index = bisect.bisect_left(self.cumulative, rng.random() * self.cumulative[-1])
        return self.words[min(index, len(self.words) - 1)]


def run_clients(port: int, mix: QueryMix, *, clients: int, duration: float) -> dict:
    latencies: list[float] = []
    queries: set[str] = set()
    errors = 0
    lock = threading.Lock()
    start_gate = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        sent: set[str] = set()
        failed = 0
        start_gate.wait()
        while time.monotonic() < stop_at[0]:
            q = mix.pick(rng)
            sent.add(q)
            path = "/search?" + urllib.parse.urlencode({"q": q})
            began = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
            mine.append((time.perf_counter() - began) * 1000)
            failed += 0 if ok else 1
        conn.close()
        with lock:
            latencies.extend(mine)
            queries.update(sent)
            errors += failed

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    started = time.monotonic()
    stop_at[0] = started + duration
    start_gate.wait()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(round(p / 100 * (len(latencies) - 1))))]

    return {
        "searches_per_s": len(latencies) / wall,
        "p50": statistics.median(latencies),
        "p95": pct(95),
        "p99": pct(99),
        "max": latencies[-1],
        "requests": len(latencies),
        "errors": errors,
        # Share of requests whose query had already been sent in this phase: the best hit rate a
        # cache shared by all workers could reach (a per-process cache reaches less).
        "repeat_share": 1 - len(queries) / max(1, len(latencies)),
    }


LUA_PATHS = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n - 1) %% #paths + 1])
end
"""


LUA_THINK = """
math.randomseed(%d)
delay = function()
  return math.floor(-math.log(1 - math.random()) * %d)
end
"""


def run_wrk_mix(
    port: int, mix: QueryMix, *, clients: int, duration: float, workdir: Path, seed: int, think_ms: int = 0
) -> dict:
    """``clients`` keep-alive connections driven by ``wrk`` (one thread, so that the queries go out
    in the order of the generated list and the repeat share of the first N can be computed). With
    ``think_ms``, each client waits a random time (exponential, that mean) before each request, as
    a person reading the previous page would; without, it sends the next one at once."""
    rng = random.Random(seed)
    queries = [mix.pick(rng) for _ in range(200_000)]
    paths = workdir / f"paths-{seed}.txt"
    paths.write_text("".join("/search?" + urllib.parse.urlencode({"q": q}) + "\n" for q in queries), encoding="utf-8")
    script = LUA_PATHS % paths + (LUA_THINK % (seed, think_ms) if think_ms else "") + LUA_DONE
    data = run_wrk(
        f"http://127.0.0.1:{port}", script, connections=clients, duration=int(duration), threads=1, workdir=workdir
    )
    sent = queries[: min(len(queries), data["requests"])]
    return {
        "searches_per_s": data["rps"],
        "p50": data["p50"],
        "p95": data["p95"],
        "p99": data["p99"],
        "max": data["max"],
        "requests": data["requests"],
        "errors": data["errors"],
        "error_kinds": data["error_kinds"],
        "repeat_share": 1 - len(set(sent)) / max(1, len(sent)),
    }


def prewarm(port: int, words: list[str], clients: int = 4) -> None:
    """Search every word once over ``clients`` connections."""
    todo = iter(words)
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                word = next(todo, None)
            if word is None:
                break
            conn.request("GET", "/search?" + urllib.parse.urlencode({"q": word}))
            conn.getresponse().read()
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def start_redis(workdir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return process, f"redis://127.0.0.1:{port}/0"


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes (4 threads each)")
    parser.add_argument("--clients", type=int, default=200, help="concurrent clients")
    parser.add_argument("--duration", type=float, default=20, help="seconds per mode")
    parser.add_argument("--warmup", type=float, default=10, help="seconds of unrecorded load before each mode")
    parser.add_argument("--vocabulary", type=int, default=2000, help="words of the query vocabulary")
    parser.add_argument("--zipf-s", type=float, default=1.1)
    parser.add_argument("--unique-share", type=float, default=0.2, help="share of never-repeated queries")
    parser.add_argument("--redis", action="store_true", help="also measure the cache in a shared redis-server")
    parser.add_argument(
        "--persistent", action="store_true", help="also measure cache on with persistent SQLite connections"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="build the database in this folder and keep it; a later run with the same folder reuses it",
    )
    parser.add_argument(
        "--tool",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator: wrk (Debian package, used when installed) or Python client threads",
    )
    parser.add_argument(
        "--modes",
        default="",
        help="comma-separated subset of: off, local, redis, persistent, default (default: all asked for)",
    )
    parser.add_argument(
        "--baseline",
        metavar="COMMIT",
        help="also run the server of this commit (git archive into the work folder) on the same database:"
        " the code before issue 17 is 8e7ecdb^",
    )
    parser.add_argument(
        "--prewarm",
        action="store_true",
        help="before measuring a mode with a cache, search every vocabulary word once (4 clients): the state"
        " of a deployment that has run for a while, where popular queries have been seen (the unique tail never is)",
    )
    parser.add_argument(
        "--think",
        type=int,
        default=0,
        metavar="MS",
        help="mean think time of a client between its requests (exponential); 0 = closed loop, the next request at once",
    )
    parser.add_argument("--rounds", type=int, default=1, help="run the list of modes this many times, interleaved")
    args = parser.parse_args()

    if args.workdir:
        workdir = args.workdir.resolve()
        workdir.mkdir(parents=True, exist_ok=True)
        args.keep = True
    else:
        workdir = Path(tempfile.mkdtemp(prefix="gongkai-search-load-"))
    if not args.keep:  # also when the set-up fails
        atexit.register(shutil.rmtree, workdir, True)
    use_wrk = args.tool == "wrk" or (args.tool == "auto" and shutil.which("wrk") is not None)
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
    for name in ("CACHE_URL", "REDIS_URL", "SEARCH_CACHE_SECONDS", "DB_CONN_MAX_AGE"):
        env.pop(name, None)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.core.management.commands.serve import gunicorn_command

    built = workdir / "built.json"
    if built.exists() and json.loads(built.read_text())["items"] == args.items:
        call_command("migrate", verbosity=0)  # the code may have new migrations since the build
        print(f"reusing the database of {args.items} items in {workdir}")
    else:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        low, high = fill(args.items)
        print(f"fill: {args.items} published items (ids {low}..{high}) in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        indexed = index_catalogue()
        print(f"index: {indexed} catalog.item documents in {time.perf_counter() - started:.1f} s")
        built.write_text(json.dumps({"items": args.items}))
    call_command("collectstatic", interactive=False, verbosity=0)
    connection.close()
    words = vocabulary(args.vocabulary)
    mix = QueryMix(words, s=args.zipf_s, unique_share=args.unique_share)
    print(f"vocabulary: {len(words)} seed words, most frequent: {' '.join(words[:12])}")

    wanted = {m.strip() for m in args.modes.split(",") if m.strip()}
    if args.redis:
        wanted.add("redis")
    if args.persistent:
        wanted.add("persistent")
    if not args.modes:
        wanted |= {"off", "local", "default"}
    modes: list[tuple[str, dict, Path]] = []
    if args.baseline:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", args.baseline], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        tree = workdir / f"tree-{sha}"
        if not tree.exists():
            tree.mkdir()
            archive = subprocess.run(["git", "archive", sha], cwd=ROOT, capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        modes.append((f"code of {sha}", {"DB_CONN_MAX_AGE": "0"}, tree))
    if "off" in wanted:  # before issue 17: no result cache, a new SQLite connection per request
        modes.append(("cache off (as shipped)", {"SEARCH_CACHE_SECONDS": "0", "DB_CONN_MAX_AGE": "0"}, ROOT))
    if "local" in wanted:  # the result cache only (the first step of issue 17)
        modes.append(("cache on, local memory", {"DB_CONN_MAX_AGE": "0"}, ROOT))
    redis = None
    if "redis" in wanted:
        redis, redis_url = start_redis(workdir)
        modes.append(("cache on, redis", {"CACHE_URL": redis_url}, ROOT))
    if "persistent" in wanted:
        modes.append(("cache on, persistent conn.", {"DB_CONN_MAX_AGE": "60"}, ROOT))
    if "default" in wanted:  # what manage.py serve runs now, untouched
        modes.append(("as now shipped", {}, ROOT))

    report = {
        "items": args.items,
        "workers": args.workers,
        "clients": args.clients,
        "duration_s": args.duration,
        "zipf_s": args.zipf_s,
        "unique_share": args.unique_share,
        "vocabulary": len(words),
        "cpus": os.cpu_count(),
        "machine": platform.processor() or platform.machine(),
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "modes": [],
    }
    tool = "wrk, 1 thread" if use_wrk else "Python client threads"
    if use_wrk and args.think:
        tool += f", think time {args.think} ms on average"
    report["tool"] = tool
    print(
        f"\nserver: manage.py serve's gunicorn command, {args.workers} workers × 4 threads, SQLite, {args.items} items;"
        f" load: {args.clients} keep-alive connections ({tool}), {args.duration:g} s per mode, same machine"
        f" ({os.cpu_count()} CPUs)"
    )
    print(
        f"{'mode':<26} {'search/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}  load avg"
    )
    try:
        for name, extra, tree in modes * args.rounds:
            port = free_port()
            server = subprocess.Popen(
                gunicorn_command(host="127.0.0.1", port=port, workers=args.workers),
                cwd=tree,
                env={**env, "SEARCH_CACHE_SECONDS": "600", **extra},
                stdout=subprocess.DEVNULL,
            )
            try:
                wait_ready(f"http://127.0.0.1:{port}/healthz")
                warm = random.Random(1)
                for _ in range(args.workers * 10):
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    conn.request("GET", "/search?" + urllib.parse.urlencode({"q": mix.pick(warm)}))
                    conn.getresponse().read()
                    conn.close()
                if args.prewarm and tree == ROOT and extra.get("SEARCH_CACHE_SECONDS") != "0":
                    began = time.perf_counter()
                    prewarm(port, words)
                    print(f"  (prewarmed {len(words)} words in {time.perf_counter() - began:.0f} s)", flush=True)
                if use_wrk:
                    drive = functools.partial(
                        run_wrk_mix, port, mix, clients=args.clients, workdir=workdir, think_ms=args.think
                    )
                    if args.warmup:
                        drive(duration=args.warmup, seed=7)
                    load_before = os.getloadavg()[0]
                    result = drive(duration=args.duration, seed=8)
                    load_after = os.getloadavg()[0]
                else:
                    if args.warmup:
                        run_clients(port, mix, clients=args.clients, duration=args.warmup)
                    load_before = os.getloadavg()[0]
                    result = run_clients(port, mix, clients=args.clients, duration=args.duration)
                    load_after = os.getloadavg()[0]
            finally:
                stop(server)
            print(
                f"{name:<26} {result['searches_per_s']:9.1f} {result['p50']:8.1f} {result['p95']:8.1f}"
                f" {result['p99']:8.1f} {result['max']:8.1f} {result['errors']:7d} {result['repeat_share']:6.0%}"
                f"  {load_before:.1f}→{load_after:.1f}",
                flush=True,
            )
            if result.get("error_kinds"):
                print(f"{'':<26} errors by kind: {result['error_kinds']}", flush=True)
            report["modes"].append({"name": name, **result, "load_before": load_before, "load_after": load_after})
        out = ROOT / "var" / "bench" / f"search_load-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"results: {out.relative_to(ROOT)}")
    finally:
        if redis is not None:
            stop(redis)
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
