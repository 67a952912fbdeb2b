from celery import shared_task

from .checkpoints import checkpoint_write


@shared_task(name="gongkai.audit.tasks.write_checkpoint")
def write_checkpoint() -> dict:
    """Periodic (settings.PERIODIC_JOBS "audit-checkpoint"): anchor the chain's head."""
    row = checkpoint_write()
    return {"written": row is not None, "head_seq": row.head_seq if row else None}
