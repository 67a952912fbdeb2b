"""Throughput of the text models: ``score_many`` on CED texts (sources, reposts and comments).

    .venv/bin/python -m bench.nlp_eval --data ../shared/data [--n 100000] [--batch 10000]

Reads the first ``--n`` texts of the CED stream (source posts, then repost/comment texts in file
order; empty reposts count as posts too, as they do in the pipeline), then times, on one process:
normalisation alone, negativity alone, and the full ``score_many`` (negativity + text-only rumour
suspicion + category), in batches of ``--batch``. Then the same on ``--n`` long posts (the 2,370 CED
source posts, about 100 characters each, repeated). Prints posts/second and the peak memory.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import time
from pathlib import Path


def ced_sources(data: Path, n: int) -> list[str]:
    with open(data / "ced_chinese_rumor" / "originals.jsonl", encoding="utf-8") as fh:
        sources = [json.loads(line).get("text") or "" for line in fh if line.strip()]
    return (sources * (n // max(len(sources), 1) + 1))[:n]


def ced_texts(data: Path, n: int) -> list[str]:
    folder = data / "ced_chinese_rumor"
    texts: list[str] = []
    with open(folder / "originals.jsonl", encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line).get("text") or "")
    with gzip.open(folder / "reposts.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            for r in json.loads(line).get("reposts") or ():
                texts.append(r.get("text") or "")
                if len(texts) >= n:
                    return texts[:n]
    return texts[:n]


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f} posts/s ({seconds:.2f} s)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=10_000)
    args = parser.parse_args(argv)

    from gongkai.opinion.nlp import load, normalise_many, score_many

    started = time.perf_counter()
    models = load()
    print(f"models loaded in {time.perf_counter() - started:.2f} s")
    for what, texts in (
        ("CED stream texts", ced_texts(args.data, args.n)),
        ("CED source posts", ced_sources(args.data, args.n)),
    ):
        n = len(texts)
        chars = sum(map(len, texts))
        print(f"{n:,} {what}, {chars / max(n, 1):.1f} characters on average")
        batches = [texts[i : i + args.batch] for i in range(0, n, args.batch)]
        started = time.perf_counter()
        norm = [normalise_many(b) for b in batches]
        print(f"  normalisation only:          {_rate(n, time.perf_counter() - started)}")
        started = time.perf_counter()
        for b in norm:
            models.negativity.proba(b)
        print(f"  negativity model only:       {_rate(n, time.perf_counter() - started)}")
        started = time.perf_counter()
        for b in batches:
            score_many(b, models=models)
        print(f"  score_many (all judgements): {_rate(n, time.perf_counter() - started)}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory: {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
