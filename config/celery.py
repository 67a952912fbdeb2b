"""Celery application.

In production a broker (Redis or RabbitMQ) is named by ``CELERY_BROKER_URL`` and
workers plus one beat process run the periodic jobs. The embedded default has no
broker: tasks run eagerly and ``manage.py serve`` runs the periodic jobs in-process.

Database connections in a worker: Celery's Django fix-up closes them before and after every
task, so each task opened a new connection — on PostgreSQL a new server backend, whose start-up
and cold catalogue caches cost the server CPU on every task (docs/performance.md, "Opinion
pipeline"). A worker instead treats a task as Django treats a request: ``close_old_connections``
before and after it, so ``CONN_MAX_AGE`` decides (60 s on PostgreSQL, a new connection per task on
SQLite as shipped) and a connection left unusable by an error is dropped. ``CELERY_DB_REUSE_MAX``
(settings) keeps the fix-up's own closing out of the way.
"""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("gongkai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect(weak=False, dispatch_uid="gongkai.close_old_connections.prerun")
@task_postrun.connect(weak=False, dispatch_uid="gongkai.close_old_connections.postrun")
def close_old_connections(sender=None, **kwargs) -> None:
    """Around a task in a worker: drop the connections that are too old or unusable (an eager task
    runs inside its caller's request and transaction: left alone)."""
    if getattr(getattr(sender, "request", None), "is_eager", False):
        return
    from django.db import close_old_connections as close

    close()
