"""Celery tasks of the response side (periodic jobs in ``settings.PERIODIC_JOBS``).

The services and webhooks modules queue these tasks, so each task imports the function it runs
when it runs (the cycle services -> webhooks -> tasks -> services stays out of import time).
"""

from celery import shared_task


@shared_task(name="gongkai.opinion.response.tasks.sweep_responses")
def sweep_responses() -> dict:
    """Periodic ("opinion-response-sweep"): escalate overdue response clocks, route missed warnings."""
    from .services import response_sweep

    return response_sweep()


@shared_task(name="gongkai.opinion.response.tasks.dispatch_webhooks")
def dispatch_webhooks() -> dict:
    """Periodic ("opinion-webhook-dispatch") and after a warning: send the webhook deliveries due."""
    from .webhooks import webhook_dispatch

    return webhook_dispatch()


@shared_task(name="gongkai.opinion.response.tasks.warning_received")
def warning_received(event_id: int) -> dict:
    from .services import event_warning_received

    return event_warning_received(event_id=event_id)
