"""Document-ingestion speed on the largest seed (004, ~31 KB of text, ~450 paragraphs).

Usage (from the repository root):  .venv/bin/python bench/ingest_bench.py [--runs 20]

Prints the first-call time (jieba and OpenCC loading included) and the median / p95 / max of the
following calls, for a .docx upload, a pasted web page and pasted text, plus keyword proposal alone.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.catalog.ingest import (  # noqa: E402
    extract_from_docx,
    extract_from_html,
    extract_from_text,
    propose_keywords,
)
from tests.catalog.seed_docs import build_docx, build_web_page, seed_text  # noqa: E402

SEED = "004"


def _measure(label: str, fn, runs: int) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"{label:<22} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   max {times[-1]:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    docx_bytes = build_docx(SEED)
    html = build_web_page(SEED)
    text = seed_text(SEED)
    print(f"seed {SEED}: {len(text)} characters of text, .docx {len(docx_bytes) // 1024} KiB, page {len(html)} chars")

    start = time.perf_counter()
    doc = extract_from_docx(docx_bytes)
    print(f"{'first .docx (cold)':<22} {(time.perf_counter() - start) * 1000:7.1f} ms  (loads jieba and OpenCC)")
    print(f"  → {doc.document_number} {doc.signing_date} {doc.issuing_agency} keywords={' '.join(doc.keywords)}")

    _measure(".docx upload", lambda: extract_from_docx(docx_bytes), args.runs)
    _measure("pasted web page", lambda: extract_from_html(html), args.runs)
    _measure("pasted text", lambda: extract_from_text(text), args.runs)
    _measure("keywords only", lambda: propose_keywords(doc.title or "", doc.body_text), args.runs)


if __name__ == "__main__":
    main()
