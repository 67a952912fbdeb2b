from celery import shared_task

from .reminders import send_quarter_reminders


@shared_task(name="gongkai.press.tasks.quarter_reminders")
def quarter_reminders() -> dict:
    """Periodic (settings.PERIODIC_JOBS "press-reminders"): units behind on their quarterly duties."""
    return send_quarter_reminders()
