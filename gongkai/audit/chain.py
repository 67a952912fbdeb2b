"""Canonical serialisation and hashing of audit rows (SHA-256, see ADR 0003)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def row_fields(event) -> dict[str, Any]:
    return {
        "seq": int(event.seq),
        "occurred_at": event.occurred_at.astimezone(dt.UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_repr": event.actor_repr,
        "event": event.event,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_repr": event.target_repr,
        "agency_id": event.agency_id,
        "data": event.data,
        "prev_hash": event.prev_hash,
    }


def compute_hash(event) -> str:
    return hashlib.sha256(canonical(row_fields(event))).hexdigest()


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    # Filled by a complete walk: the head, the first row's hash (the chain's identity) and
    # the hashes at the sequence numbers asked for (``want_seqs``).
    head_seq: int = 0
    head_hash: str = ""
    chain_id: str = ""
    hashes: dict[int, str] = field(default_factory=dict)
    anchors_checked: int = 0


def verify_chain(batch_size: int = 2000, want_seqs: Iterable[int] = ()) -> VerifyResult:
    """Walk the whole chain in order; report the first broken link.

    This finds changed, inserted and missing rows inside the chain; a cut at the head (the
    newest rows deleted) is found only against the signed checkpoints (``checkpoints.py``).
    """
    from .models import AuditEvent

    wanted = set(want_seqs)
    hashes: dict[int, str] = {}
    chain_id = ""
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=last_seq).order_by("seq")[:batch_size])
        if not batch:
            return VerifyResult(
                ok=True,
                checked=checked,
                head_seq=last_seq,
                head_hash=prev_hash if checked else "",
                chain_id=chain_id,
                hashes=hashes,
            )
        for event in batch:
            if event.seq != expected_seq:
                return VerifyResult(False, checked, expected_seq, f"缺少序号 {expected_seq} 的记录（链条断裂）")
            if event.prev_hash != prev_hash:
                return VerifyResult(False, checked, event.seq, "前一哈希与上一条记录不符")
            if compute_hash(event) != event.hash:
                return VerifyResult(False, checked, event.seq, "记录内容与其哈希不符（记录被篡改）")
            prev_hash = event.hash
            if event.seq == 1:
                chain_id = event.hash
            if event.seq in wanted:
                hashes[event.seq] = event.hash
            expected_seq += 1
            checked += 1
            last_seq = event.seq
