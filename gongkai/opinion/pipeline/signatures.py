"""Text signatures for duplicates and similarity, computed for a whole batch at once.

- ``dedup_key``: the normalised text without punctuation, symbols and white space; the two
  signatures below are computed on it, so "停水三天了！" and "停水三天了" are exact duplicates.
- ``content_hash``: 64-bit BLAKE2b of the key — equal keys (exact duplicates).
- ``simhash``: 64-bit SimHash over hashed character bigrams of the key, computed with
  numpy for the whole batch (one pass over the code points); near-duplicates differ in at most
  ``NEAR_BITS`` (5) bits. ``SimIndex`` finds them with 6 bands of 10–11 bits (two hashes within
  5 bits agree on at least one band — pigeonhole), so each lookup touches 6 buckets. On a 70-character
  post one changed word moves about 1 bit; a one-character change in a 24-character post about 7
  (not a near-duplicate: short posts must match closely).
- ``anchors``: content-defined 8-character windows (those whose hash ≡ 0 mod ``ANCHOR_MOD``) —
  a repost that quotes a post shares its anchors, wherever the quote starts; used to join a repost or
  reply without a link to its source (``AnchorIndex``).
- ``language``: simplified / traditional (characters OpenCC converts) / other / empty.

Texts shorter than ``MIN_CHARS`` normalised characters get no signature: "转发微博" or "顶" repeated by
thousands of people are not duplicates of each other in any useful sense.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import OrderedDict, deque

import numpy as np

MIN_CHARS = 12
NEAR_BITS = 5
# Six bands of 11/11/11/11/10/10 bits: two hashes within NEAR_BITS bits agree on at least one band.
_BANDS = ((0, 11), (11, 11), (22, 11), (33, 11), (44, 10), (54, 10))
ANCHOR_LEN = 8
ANCHOR_MOD = 6
MIN_ANCHOR_TEXT = 16

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
_M3 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_INT64_MIN = 1 << 63

_TRAD = re.compile(
    "[們這個說時來國為會對與發經過還點讓從後學實現開關門問間車東長體內兩電話見視覺親認識請讀寫買賣費錢銀鄉鎮縣區"
    "務員處機構負責報導網頁評論轉貼轉發讚謠傳實際應當該無難]"
)
_CJK = re.compile("[\u4e00-\u9fff]")


def _mix(h: np.ndarray) -> np.ndarray:
    h = (h ^ (h >> _S30)) * _M2
    h = (h ^ (h >> _S27)) * _M3
    return h ^ (h >> _S31)


def to_signed(value: int) -> int:
    return value - (1 << 64) if value >= _INT64_MIN else value


_NON_WORD = re.compile(r"[\W_]+")


def dedup_key(norm: str) -> str:
    """The normalised text without punctuation, symbols and spaces: what duplicates are compared on."""
    return _NON_WORD.sub("", norm)


def content_hash(text: str) -> int | None:
    if len(text) < MIN_CHARS:
        return None
    return to_signed(int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little"))


def simhashes(texts: list[str]) -> list[int | None]:
    """The 64-bit SimHash (as a signed int, for a BIGINT column) of each text; None when too short."""
    out: list[int | None] = [None] * len(texts)
    idx = [i for i, t in enumerate(texts) if len(t) >= MIN_CHARS]
    if not idx:
        return out
    # Process in chunks so the (bigrams × 64) bit matrix stays small.
    chunk: list[int] = []
    size = 0
    for i in idx:
        chunk.append(i)
        size += len(texts[i])
        if size >= 200_000:
            _simhash_chunk(texts, chunk, out)
            chunk, size = [], 0
    if chunk:
        _simhash_chunk(texts, chunk, out)
    return out


def _simhash_chunk(texts: list[str], idx: list[int], out: list[int | None]) -> None:
    joined = "\x00".join(texts[i] for i in idx) + "\x00"
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    sep = cps == 0
    row = np.cumsum(sep)  # row of each position (separators belong to the next row)
    a, b = cps[:-1], cps[1:]
    valid = ~(sep[:-1] | sep[1:])
    h = _mix(a[valid] * _M1 + b[valid] * _M2 + np.uint64(1))
    rows = row[:-1][valid]
    bits = np.unpackbits(h.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little").astype(np.int16)
    bits = bits * 2 - 1  # +1 for a set bit, -1 otherwise
    starts = np.searchsorted(rows, np.arange(len(idx)))
    sums = np.add.reduceat(bits, starts, axis=0)
    packed = np.packbits(sums > 0, axis=1, bitorder="little")  # (n, 8) bytes
    values = packed.view("<u8").ravel().tolist()
    for i, value in zip(idx, values, strict=True):
        out[i] = to_signed(int(value))


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & 0xFFFFFFFFFFFFFFFF).bit_count()


def anchors(text: str) -> list[int]:
    """Content-defined windows of the text (hashes), in order, without repeats.

    CRC-32 of each window's UTF-32 code units, not Python's ``hash()``: that one is salted per
    process, so which windows became anchors — and whether a short quote was recognised — changed
    from one process (worker, test run) to the next."""
    if len(text) < ANCHOR_LEN:
        return []
    units = memoryview(text.encode("utf-32-le"))
    width = 4 * ANCHOR_LEN
    crc = zlib.crc32
    seen: dict[int, None] = {}
    for i in range(0, len(units) - width + 1, 4):
        h = crc(units[i : i + width])
        if h % ANCHOR_MOD == 0:
            seen[h] = None
    return list(seen)


def language(raw: str, norm: str) -> str:
    if not norm:
        return ""
    if not _CJK.search(norm):
        return "other"
    return "zh-hant" if _TRAD.search(raw) else "zh-hans"


class SimIndex:
    """Near-duplicate lookup over recent SimHashes (6 bands), bounded in size (FIFO)."""

    BUCKET_CAP = 64

    def __init__(self, capacity: int = 300_000):
        self.capacity = capacity
        self.buckets: dict[tuple[int, int], deque] = {}
        self.order: deque = deque()

    @staticmethod
    def _bands(h: int) -> list[tuple[int, int]]:
        u = h & 0xFFFFFFFFFFFFFFFF
        return [(i, (u >> start) & ((1 << width) - 1)) for i, (start, width) in enumerate(_BANDS)]

    def find(self, h: int) -> tuple | None:
        """The most recent entry within NEAR_BITS of ``h`` (its payload), or None."""
        best = None
        for key in self._bands(h):
            bucket = self.buckets.get(key)
            if not bucket:
                continue
            for other, payload in reversed(bucket):
                if hamming(h, other) <= NEAR_BITS:
                    if best is None or payload[0] > best[0]:
                        best = payload
                    break
        return best

    def add(self, h: int, payload: tuple) -> None:
        for key in self._bands(h):
            bucket = self.buckets.get(key)
            if bucket is None:
                bucket = self.buckets[key] = deque(maxlen=self.BUCKET_CAP)
            bucket.append((h, payload))
        self.order.append(h)
        if len(self.order) > self.capacity:
            self._evict(self.order.popleft())

    def _evict(self, h: int) -> None:
        for key in self._bands(h):
            bucket = self.buckets.get(key)
            if bucket:
                for i, (other, _p) in enumerate(bucket):
                    if other == h:
                        del bucket[i]
                        break
                if not bucket:
                    del self.buckets[key]


class AnchorIndex:
    """Which recent source posts contain an anchor; bounded (FIFO by source post)."""

    def __init__(self, capacity: int = 200_000):
        self.capacity = capacity
        self.by_anchor: dict[int, list[int]] = {}
        self.roots: OrderedDict[int, tuple[list[int], tuple]] = OrderedDict()  # root id → (anchors, payload)

    def add(self, root_id: int, anchor_list: list[int], payload: tuple) -> None:
        if not anchor_list or root_id in self.roots:
            return
        self.roots[root_id] = (anchor_list, payload)
        for a in anchor_list:
            self.by_anchor.setdefault(a, []).append(root_id)
        if len(self.roots) > self.capacity:
            old_id, (old_anchors, _p) = self.roots.popitem(last=False)
            for a in old_anchors:
                ids = self.by_anchor.get(a)
                if ids:
                    try:
                        ids.remove(old_id)
                    except ValueError:
                        pass
                    if not ids:
                        del self.by_anchor[a]

    def find(self, text_anchors: list[int], exclude: int | None = None) -> tuple[int, tuple] | None:
        """The source post sharing the most anchors with the text, if it shares enough of them."""
        if not text_anchors:
            return None
        hits: dict[int, int] = {}
        for a in text_anchors:
            for rid in self.by_anchor.get(a, ()):
                if rid != exclude:
                    hits[rid] = hits.get(rid, 0) + 1
        if not hits:
            return None
        rid, n = max(hits.items(), key=lambda kv: (kv[1], kv[0]))
        root_anchors, payload = self.roots[rid]
        # At least two shared windows, covering half of the shorter side's windows.
        if n >= 2 and n >= 0.5 * min(len(root_anchors), len(text_anchors)):
            return rid, payload
        return None

    def update_payload(self, root_id: int, payload: tuple) -> None:
        if root_id in self.roots:
            self.roots[root_id] = (self.roots[root_id][0], payload)
