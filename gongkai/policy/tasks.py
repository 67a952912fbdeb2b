from celery import shared_task

from .services.consultation import consultation_sweep


@shared_task(name="gongkai.policy.tasks.sweep_consultations")
def sweep_consultations() -> dict:
    """Hourly (settings.PERIODIC_JOBS "policy-consultation-sweep"): end the consultations whose last day
    has passed and close their clocks. Idempotent."""
    return {"closed": consultation_sweep()}
