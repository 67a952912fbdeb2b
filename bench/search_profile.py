"""CPU per ``/search`` request, in-process, by kind of request (issue 17's profile).

Usage (from the repository root; the database is the one ``bench/search_load.py --workdir DIR`` built):

    .venv/bin/python bench/search_profile.py --workdir DIR [--requests 200] [--profile hit|miss|unique]

Each request goes through the whole Django stack (middleware, URL resolution, view, templates)
with the test client, one at a time, on one thread; the figure is the CPU time of this process
per request (``time.process_time``), which a busy machine disturbs far less than wall time.
Kinds:

- **hit**: a popular word whose page is already cached (the state of most requests once a
  deployment has run for a while: popular queries repeat);
- **miss**: the same popular words, every cache emptied before each request (the cost of a
  first search);
- **unique**: two random words and a serial number (the never-repeated tail of the mix);
- **page shell**: ``/search`` without a query (the page around the result block: middleware,
  templates), a floor for any request of this page.

``--profile KIND`` prints the top of a cProfile of that kind's requests.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, required=True, help="folder of a search_load.py --workdir build")
    parser.add_argument("--requests", type=int, default=200, help="requests per kind")
    parser.add_argument("--words", type=int, default=50, help="popular words used for hit and miss")
    parser.add_argument("--profile", choices=["hit", "miss", "unique", "shell"], help="cProfile one kind")
    parser.add_argument("--persistent", action="store_true", help="keep the database connection (DB_CONN_MAX_AGE=60)")
    args = parser.parse_args()
    workdir = args.workdir.resolve()
    os.environ.update(
        {
            "GONGKAI_VAR_DIR": str(workdir),
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "STATIC_ROOT": str(workdir / "static"),
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SEARCH_CACHE_SECONDS": "600",
        }
    )
    if args.persistent:
        os.environ["DB_CONN_MAX_AGE"] = "60"
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from bench.search_load import QueryMix, vocabulary

    words = vocabulary(2000)
    popular = words[: args.words]
    mix = QueryMix(words, s=1.1, unique_share=1.0)
    rng = random.Random(3)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")

    def get(q: str | None) -> None:
        path = "/search" + ("?" + urllib.parse.urlencode({"q": q}) if q else "")
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")

    for q in popular:  # warm: the page of every popular word is cached, every template compiled
        get(q)

    def hit(i: int) -> None:
        get(popular[i % len(popular)])

    def miss(i: int) -> None:
        cache.clear()
        get(popular[i % len(popular)])

    def unique(i: int) -> None:
        get(mix.pick(rng))

    def shell(i: int) -> None:
        get(None)

    kinds = {"page shell": shell, "hit": hit, "miss": miss, "unique": unique}
    print(f"{args.requests} requests per kind, one thread, {workdir}; load average {os.getloadavg()[0]:.1f}")
    print(f"{'kind':<12} {'CPU ms p50':>10} {'CPU ms mean':>11} {'wall ms p50':>11}")
    for name, call in kinds.items():
        if args.profile and name.split()[-1] == args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for i in range(args.requests):
                call(i)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            continue
        cpu, wall = [], []
        for i in range(args.requests):
            if name == "miss":
                cache.clear()  # outside the timing
            began_cpu, began = time.process_time(), time.perf_counter()
            get(popular[i % len(popular)]) if name == "miss" else call(i)
            cpu.append((time.process_time() - began_cpu) * 1000)
            wall.append((time.perf_counter() - began) * 1000)
        print(f"{name:<12} {statistics.median(cpu):10.2f} {statistics.mean(cpu):11.2f} {statistics.median(wall):11.2f}")


if __name__ == "__main__":
    main()
