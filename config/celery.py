"""Celery application.

In production a broker (Redis or RabbitMQ) is named by ``CELERY_BROKER_URL`` and
workers plus one beat process run the periodic jobs. The embedded default has no
broker: tasks run eagerly and ``manage.py serve`` runs the periodic jobs in-process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("gongkai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
