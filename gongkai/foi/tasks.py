from celery import shared_task

from .services.sweep import foi_sweep


@shared_task(name="gongkai.foi.tasks.sweep_applications")
def sweep_applications() -> dict:
    """Periodic (settings.PERIODIC_JOBS "foi-sweep"): lapsed 补正 / fee periods, lapsed
    consultations, escalation of overdue applications to the disclosure office heads."""
    return foi_sweep()
