from celery import shared_task

from .services.consultations import consultation_sweep
from .services.disclosure_clock import disclosure_clock_backfill


@shared_task(name="gongkai.catalog.tasks.sweep_consultations")
def sweep_consultations() -> dict:
    """Periodic (settings.PERIODIC_JOBS "consultation-sweep"): consultations past their due date
    without an answer — another agency's silence counts as consent (004 附件6), a third party's is
    recorded as no answer (条例 art. 32). Also gives items from before the art. 26 clock their
    clock (``disclosure_clock_backfill``). Idempotent."""
    return {"expired": consultation_sweep(), "disclosure_clocks": disclosure_clock_backfill()}
