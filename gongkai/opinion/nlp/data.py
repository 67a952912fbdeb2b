"""Readers for the training datasets (used by ``train`` and ``evaluate`` only, never at run time).

The folder layout is that of the project's data folder (its README describes each set):
``chnsenticorp/{train,dev}.jsonl``, ``waimai_10k/waimai_10k.csv``,
``chnsenticorp_htl_all/ChnSentiCorp_htl_all.csv``, ``weibo_senti_100k_sample2400/*.csv`` and
``ced_chinese_rumor/{originals.jsonl,reposts.jsonl.gz}``. Sentiment labels are turned into
*negativity* labels: 1 = negative text, 0 = positive text.
"""

from __future__ import annotations

import csv
import gzip
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

BEIJING = timedelta(hours=8)


@dataclass
class Labelled:
    texts: list[str]
    labels: list[int]  # 1 = negative


def _jsonl(path: Path) -> Labelled:
    texts, labels = [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                texts.append(row["text"])
                labels.append(1 - int(row["label"]))
    return Labelled(texts, labels)


def _csv(path: Path, text_field: str = "review") -> Labelled:
    texts, labels = [], []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            text = row.get(text_field)
            if text is None or row.get("label") not in ("0", "1"):
                continue
            texts.append(text)
            labels.append(1 - int(row["label"]))
    return Labelled(texts, labels)


def chnsenticorp(data: Path, split: str) -> Labelled:
    return _jsonl(Path(data) / "chnsenticorp" / f"{split}.jsonl")


def chnsenticorp_splits(data: Path) -> dict[str, Labelled]:
    """Every ChnSentiCorp split present in the folder (``train``, ``dev``, ``test`` if there, any other)."""
    folder = Path(data) / "chnsenticorp"
    return {path.stem: _jsonl(path) for path in sorted(folder.glob("*.jsonl"))}


def waimai(data: Path) -> Labelled:
    return _csv(Path(data) / "waimai_10k" / "waimai_10k.csv")


def hotels(data: Path) -> Labelled:
    return _csv(Path(data) / "chnsenticorp_htl_all" / "ChnSentiCorp_htl_all.csv")


def weibo(data: Path) -> Labelled:
    """Weibo sentiment sample; its emoticons give the label away, so normalisation strips them."""
    return _csv(Path(data) / "weibo_senti_100k_sample2400" / "weibo_senti_100k_sample2400.csv")


def optional(reader, data: Path) -> Labelled:
    try:
        return reader(data)
    except FileNotFoundError:
        return Labelled([], [])


# --- CED -------------------------------------------------------------------------------------


@dataclass
class Repost:
    hours: float  # hours after the source post
    mid: str
    parent: str  # "" = reposted from the source itself
    uid: str
    text: str


@dataclass
class Event:
    id: str
    label: int  # 1 = rumour
    text: str
    posted_at: datetime  # Beijing time, naive
    reposts: list[Repost] = field(default_factory=list)  # sorted by time


def parse_ced_time(value: object) -> datetime | None:
    """CED's source ``time``: an epoch integer for most events, ``"Tue Sep 11 19:23:20 +0800 2012"`` for some.

    Returned as naive Beijing time, the clock of the repost ``date`` strings.
    """
    if isinstance(value, int | float):
        return datetime.fromtimestamp(float(value), tz=UTC).replace(tzinfo=None) + BEIJING
    if isinstance(value, str):
        for fmt in ("%a %b %d %H:%M:%S %z %Y", "%Y-%m-%d %H:%M:%S"):
            try:
                parsed = datetime.strptime(value, fmt)
            except ValueError:
                continue
            if parsed.tzinfo is not None:
                parsed = parsed.astimezone(UTC).replace(tzinfo=None) + BEIJING
            return parsed
        if value.isdigit():
            return parse_ced_time(int(value))
    return None


def ced(data: Path, *, with_reposts: bool = True) -> list[Event]:
    """The CED events: source text, label, time and (optionally) the reposts in time order."""
    folder = Path(data) / "ced_chinese_rumor"
    events: dict[str, Event] = {}
    with open(folder / "originals.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            posted = parse_ced_time(row.get("time"))
            if posted is None:
                continue
            events[row["id"]] = Event(row["id"], int(row["label"]), row.get("text") or "", posted)
    if with_reposts and (folder / "reposts.jsonl.gz").exists():
        with gzip.open(folder / "reposts.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                event = events.get(row["id"])
                if event is None:
                    continue
                base = event.posted_at
                reposts = []
                for r in row.get("reposts") or ():
                    try:
                        at = datetime.strptime(r["date"], "%Y-%m-%d %H:%M:%S")
                    except (KeyError, TypeError, ValueError):
                        continue
                    hours = max((at - base).total_seconds() / 3600.0, 0.0)
                    reposts.append(
                        Repost(
                            hours, r.get("mid") or "", r.get("parent") or "", r.get("uid") or "", r.get("text") or ""
                        )
                    )
                reposts.sort(key=lambda x: x.hours)
                event.reposts = reposts
    return list(events.values())
