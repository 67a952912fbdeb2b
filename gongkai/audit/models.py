"""Append-only, hash-chained audit events.

Each row carries ``seq`` (gap-free, unique), the hash of the previous row and its own
hash over a canonical serialisation of its content. ``audit_verify`` recomputes the
chain. Rows keep a text copy of the actor and target so they survive deletions.
"""

from django.conf import settings
from django.db import models


class AuditEventQuerySet(models.QuerySet):
    def delete(self):  # pragma: no cover - guarded path
        raise RuntimeError("审计日志只能追加，不能删除。")

    def update(self, **kwargs):  # pragma: no cover - guarded path
        raise RuntimeError("审计日志只能追加，不能修改。")


class AuditEvent(models.Model):
    seq = models.BigIntegerField("序号", unique=True)
    occurred_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        # DO_NOTHING without a database constraint: deleting a user leaves the row
        # (and therefore the hash chain) untouched; actor_repr keeps the name.
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    actor_repr = models.CharField("操作人（快照）", max_length=200, blank=True)
    event = models.CharField("事件", max_length=100, db_index=True)
    target_type = models.CharField("对象类型", max_length=100, blank=True, db_index=True)
    target_id = models.CharField("对象编号", max_length=64, blank=True, db_index=True)
    target_repr = models.CharField("对象（快照）", max_length=300, blank=True)
    # Plain integer, not a foreign key: the scope must survive the agency's deletion.
    agency_id = models.BigIntegerField("所属单位", null=True, blank=True, db_index=True)
    data = models.JSONField("内容", default=dict, blank=True)
    prev_hash = models.CharField("前一哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"

    def __str__(self) -> str:
        return f"#{self.seq} {self.event} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_insert_only", False):
            raise RuntimeError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("审计日志只能追加，不能删除。")


class AuditCheckpointQuerySet(models.QuerySet):
    def update(self, **kwargs):  # pragma: no cover - guarded path
        raise RuntimeError("审计链锚点只能追加，不能修改。")


class AuditCheckpoint(models.Model):
    """A signed note of the chain's head at a moment (see ``checkpoints.py``).

    Kept outside the audit table, and written to a file under ``VAR_DIR`` as well, so that
    deleting the newest audit rows leaves a head that the checkpoints contradict.
    """

    created_at = models.DateTimeField("记录时间")
    chain_id = models.CharField("链首哈希", max_length=64)
    head_seq = models.BigIntegerField("链头序号")
    head_hash = models.CharField("链头哈希", max_length=64)
    signature = models.CharField("签名", max_length=64)

    objects = AuditCheckpointQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "审计链锚点"
        verbose_name_plural = "审计链锚点"

    def __str__(self) -> str:
        return f"#{self.head_seq} {self.head_hash[:12]}"
