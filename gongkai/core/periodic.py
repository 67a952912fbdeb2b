"""In-process runner for the periodic jobs of ``settings.PERIODIC_JOBS``.

Production runs the same table with Celery beat (``CELERY_BEAT_SCHEDULE``); the
embedded default (no broker) runs it here, inside ``manage.py serve``.
"""

from __future__ import annotations

import logging
import threading
import time

from celery import current_app
from django.conf import settings

logger = logging.getLogger("gongkai.periodic")


def _load_task_modules() -> None:
    # Celery's autodiscovery is lazy: import every app's tasks module so the jobs are registered.
    current_app.loader.import_default_modules()


def run_job(task_name: str):
    """Run one periodic task in this process and return its result."""
    if task_name not in current_app.tasks:
        _load_task_modules()
    task = current_app.tasks[task_name]
    return task.apply().get()


def run_forever(stop: threading.Event, tick: float = 1.0) -> None:
    _load_task_modules()
    jobs = dict(settings.PERIODIC_JOBS)
    next_run = dict.fromkeys(jobs, 0.0)
    while not stop.is_set():
        now = time.monotonic()
        for name, job in jobs.items():
            if now < next_run[name]:
                continue
            next_run[name] = now + float(job["seconds"])
            try:
                result = run_job(job["task"])
                logger.info("periodic job %s done: %s", name, result)
            except Exception:  # a failing job must not stop the others or the server
                logger.exception("periodic job %s failed", name)
        stop.wait(tick)
