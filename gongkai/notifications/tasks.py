from celery import shared_task

from .services import outbox_dispatch


@shared_task(name="gongkai.notifications.tasks.dispatch_outbox")
def dispatch_outbox() -> dict:
    return outbox_dispatch()
