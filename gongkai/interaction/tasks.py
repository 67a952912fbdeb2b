from celery import shared_task

from .services.sweep import interaction_sweep


@shared_task(name="gongkai.interaction.tasks.sweep_letters")
def sweep_letters() -> dict:
    """Periodic (settings.PERIODIC_JOBS "interaction-sweep"): escalation of overdue letters, closing
    replies left unrated."""
    return interaction_sweep()
