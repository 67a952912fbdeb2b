"""A Celery worker keeps its database connection from task to task while ``CONN_MAX_AGE`` allows,
and drops a connection that is too old or unusable (config/celery.py, ``CELERY_DB_REUSE_MAX``)."""

import time

import pytest
from celery.fixups.django import DjangoWorkerFixup
from celery.signals import task_postrun, task_prerun
from django.db import connection, transaction

from config.celery import app
from gongkai.opinion.tasks import ingest_batch


def run_hooks(fixup, signal, hook):
    """What a worker does around a task: the fix-up's hook and the project's receivers."""
    hook(sender=ingest_batch)
    signal.send(sender=ingest_batch, task_id="t1", task=ingest_batch, args=(), kwargs={})


@pytest.mark.django_db(transaction=True)
def test_a_worker_reuses_its_connection_until_it_is_too_old():
    # given a worker's fix-up (what `celery worker` installs for Django) and an open connection
    # that CONN_MAX_AGE = 60 (the PostgreSQL setting) allows to live for another minute
    fixup = DjangoWorkerFixup(app)
    connection.ensure_connection()
    raw = connection.connection
    connection.close_at = time.monotonic() + 60

    # when the worker runs three tasks
    for _ in range(3):
        run_hooks(fixup, task_prerun, fixup.on_task_prerun)
        run_hooks(fixup, task_postrun, fixup.on_task_postrun)

    # then every task used the same connection
    assert connection.connection is raw

    # and once the connection is older than CONN_MAX_AGE, the next task's hooks close it
    connection.close_at = time.monotonic() - 1
    run_hooks(fixup, task_prerun, fixup.on_task_prerun)
    assert connection.connection is None


@pytest.mark.django_db(transaction=True)
def test_an_eager_task_leaves_its_callers_transaction_alone():
    # given a caller inside a transaction with an obsolete connection (the embedded default runs tasks eagerly)
    connection.ensure_connection()
    with transaction.atomic():
        connection.close_at = time.monotonic() - 1
        ingest_batch.push_request(is_eager=True)
        try:
            # when an eager task starts and ends
            task_prerun.send(sender=ingest_batch, task_id="t2", task=ingest_batch, args=(), kwargs={})
            task_postrun.send(sender=ingest_batch, task_id="t2", task=ingest_batch, args=(), kwargs={})
        finally:
            ingest_batch.pop_request()
        # then the caller's connection and transaction are untouched
        assert connection.connection is not None
        assert not connection.needs_rollback
