"""Periodic jobs of websites and new media (settings.PERIODIC_JOBS "websites-checks")."""

from celery import shared_task

from .checks import run_all


@shared_task(name="gongkai.websites.tasks.daily_checks")
def daily_checks() -> int:
    """The update-gap and daily-share checks of every running account (yesterday and today)."""
    return run_all()
