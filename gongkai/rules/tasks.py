from celery import shared_task

from .services import deadline_sweep


@shared_task(name="gongkai.rules.tasks.sweep_deadlines")
def sweep_deadlines() -> dict:
    """Periodic (settings.PERIODIC_JOBS "deadline-sweep"): notify newly overdue and due-soon deadlines."""
    return deadline_sweep()
