"""Signed checkpoints of the audit chain's head: what makes a cut at the head detectable.

The hash chain (``chain.py``) proves that no row inside the chain was changed, inserted or
removed, but deleting the newest rows leaves a shorter chain that is still perfectly
linked. So, periodically (``settings.PERIODIC_JOBS["audit-checkpoint"]``) and after every
successful verification, the head — its sequence number and hash, and the chain's
identity (the hash of row 1) — is written down, HMAC-SHA256-signed, in two places:

- the ``AuditCheckpoint`` table (same database, separate table), and
- an append-only JSON-lines file outside the database (``settings.AUDIT_CHECKPOINT_FILE``,
  by default ``VAR_DIR/audit/checkpoints.jsonl``).

``verify_all`` walks the chain and then checks every checkpoint of both places: a bad
signature, another chain, a head *below* a checkpoint (rows deleted) or a different hash
at a checkpoint's sequence number (rows rewritten) fails verification with a Chinese
reason. Someone who can change the database but not the application server's files (the
usual split) and deletes the newest audit rows *and* the checkpoint rows is still caught
by the file; without the signing key nobody can forge a checkpoint. What remains
undetectable: rows appended after the newest checkpoint and deleted before the next one
(the window is the job's period, 10 minutes by default).

The key: ``settings.AUDIT_CHECKPOINT_KEY`` (environment ``AUDIT_CHECKPOINT_KEY``) if set,
else derived from ``SECRET_KEY``. Changing either makes old checkpoints fail verification:
move the old file aside when rotating keys or starting a new database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from gongkai.core import clock

from .chain import VerifyResult, verify_chain
from .models import AuditCheckpoint, AuditEvent

_KEY_CONTEXT = b"gongkai.audit.checkpoint.v1"


def _key() -> bytes:
    explicit = getattr(settings, "AUDIT_CHECKPOINT_KEY", "") or ""
    if explicit:
        return explicit.encode()
    return hmac.new(settings.SECRET_KEY.encode(), _KEY_CONTEXT, hashlib.sha256).digest()


def sign(*, chain_id: str, head_seq: int, head_hash: str, created_at: str) -> str:
    message = f"{chain_id}|{int(head_seq)}|{head_hash}|{created_at}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def checkpoint_file() -> Path:
    configured = getattr(settings, "AUDIT_CHECKPOINT_FILE", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "audit" / "checkpoints.jsonl"


@dataclass(frozen=True)
class Anchor:
    """One checkpoint, from the table or the file."""

    where: str  # "锚点表" or "锚点文件"
    created_at: str
    chain_id: str
    head_seq: int
    head_hash: str
    signature: str

    @property
    def valid(self) -> bool:
        expected = sign(
            chain_id=self.chain_id, head_seq=self.head_seq, head_hash=self.head_hash, created_at=self.created_at
        )
        return hmac.compare_digest(expected, self.signature)


def _append_to_file(anchor: dict) -> None:
    path = checkpoint_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(anchor, ensure_ascii=False, sort_keys=True) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def checkpoint_write(*, force: bool = False) -> AuditCheckpoint | None:
    """Write a signed checkpoint of the current head (skipped when the head has not moved)."""
    with transaction.atomic():
        head = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
        if head is None:
            return None
        chain_id = AuditEvent.objects.filter(seq=1).values_list("hash", flat=True).first() or ""
        last = AuditCheckpoint.objects.order_by("-id").first()
        if not force and last and last.head_seq == head["seq"] and last.head_hash == head["hash"]:
            return None
        created_at = clock.now().astimezone(dt.UTC).isoformat()
        fields = {"chain_id": chain_id, "head_seq": head["seq"], "head_hash": head["hash"], "created_at": created_at}
        signature = sign(**fields)
        row = AuditCheckpoint.objects.create(
            created_at=dt.datetime.fromisoformat(created_at),
            chain_id=chain_id,
            head_seq=head["seq"],
            head_hash=head["hash"],
            signature=signature,
        )
        # The file is written inside the transaction: if it cannot be written the table row
        # is not kept either, so the two places never silently diverge.
        _append_to_file({**fields, "signature": signature})
    return row


def _table_anchors() -> list[Anchor]:
    return [
        Anchor(
            "锚点表",
            row.created_at.astimezone(dt.UTC).isoformat(),
            row.chain_id,
            int(row.head_seq),
            row.head_hash,
            row.signature,
        )
        for row in AuditCheckpoint.objects.order_by("id")
    ]


def _file_anchors() -> tuple[list[Anchor], str]:
    """The file's checkpoints, and a reason if the file cannot be read."""
    path = checkpoint_file()
    if not path.exists():
        return [], ""
    anchors: list[Anchor] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return [], f"锚点文件 {path} 无法读取"
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            anchors.append(
                Anchor(
                    "锚点文件",
                    str(item["created_at"]),
                    str(item["chain_id"]),
                    int(item["head_seq"]),
                    str(item["head_hash"]),
                    str(item["signature"]),
                )
            )
        except (ValueError, KeyError, TypeError):
            return anchors, f"锚点文件第 {number} 行无法解析（文件被改动）"
    return anchors, ""


def _check(anchor: Anchor, walk: VerifyResult) -> str:
    """Why ``anchor`` contradicts the chain, or '' when it agrees."""
    if not anchor.valid:
        return f"{anchor.where}中序号 {anchor.head_seq} 的锚点签名无效（锚点被伪造或改动）"
    if anchor.head_seq > walk.head_seq:
        return (
            f"审计记录被截断：{anchor.where}记录显示链头曾在序号 {anchor.head_seq}，"
            f"现在只到序号 {walk.head_seq}，最新的 {anchor.head_seq - walk.head_seq} 条记录已被删除"
        )
    if anchor.chain_id and walk.chain_id and anchor.chain_id != walk.chain_id:
        return f"{anchor.where}中的锚点属于另一条审计链（链首记录不同，审计日志被整体替换）"
    if walk.hashes.get(anchor.head_seq) != anchor.head_hash:
        return f"序号 {anchor.head_seq} 的记录与{anchor.where}中的锚点不符（该序号之前的记录被改写）"
    return ""


def verify_all(batch_size: int = 2000) -> VerifyResult:
    """The chain walk plus every checkpoint of the table and the file."""
    file_anchors, file_problem = _file_anchors()
    anchors = _table_anchors() + file_anchors
    walk = verify_chain(batch_size=batch_size, want_seqs={a.head_seq for a in anchors})
    if not walk.ok:
        return walk
    if file_problem:
        return VerifyResult(False, walk.checked, walk.head_seq + 1, file_problem, walk.head_seq, walk.head_hash)
    # Newest first: a cut at the head is reported against the highest checkpoint.
    for anchor in sorted(anchors, key=lambda a: a.head_seq, reverse=True):
        problem = _check(anchor, walk)
        if problem:
            broken = walk.head_seq + 1 if anchor.head_seq > walk.head_seq else anchor.head_seq
            return VerifyResult(False, walk.checked, broken, problem, walk.head_seq, walk.head_hash, walk.chain_id)
    if AuditCheckpoint.objects.exists() and not file_anchors:
        return VerifyResult(
            False,
            walk.checked,
            None,
            f"锚点文件 {checkpoint_file()} 缺失或为空，但数据库中有锚点（文件被删除或指向了别处）",
            walk.head_seq,
            walk.head_hash,
            walk.chain_id,
        )
    walk.anchors_checked = len(anchors)
    return walk


def verify_and_checkpoint(batch_size: int = 2000) -> VerifyResult:
    """Verify; when everything holds, anchor the head just verified."""
    result = verify_all(batch_size=batch_size)
    if result.ok:
        checkpoint_write()
    return result
