"""Start-up wiring of the response side (imported from ``gongkai/opinion/response_models.py``,
which ``gongkai/opinion/models.py`` imports): the review template, the Celery tasks and the
receiver of new orange/red warnings."""

from __future__ import annotations

import importlib
import logging

from django.db import transaction

from . import reviews, tasks  # noqa: F401  (register the review template and the tasks)
from .signals import warning_raised as _own_signal

logger = logging.getLogger("gongkai.opinion.response")


def on_warning_raised(sender=None, event=None, event_id=None, **kwargs) -> None:
    """Route and alert after the monitoring transaction commits (a failure there is logged and the
    periodic sweep tries again; the monitoring write is never undone by the response side)."""
    pk = event_id if event_id is not None else getattr(event, "pk", None)
    if pk is None:
        return

    def run() -> None:
        try:
            tasks.warning_received.delay(pk)
        except Exception:
            logger.exception("reacting to the warning of event %s failed; the sweep will retry", pk)

    transaction.on_commit(run)


def connect() -> None:
    _own_signal.connect(on_warning_raised, dispatch_uid="opinion.response.warning_raised")
    try:
        module = importlib.import_module("gongkai.opinion.signals")
    except ImportError:
        return
    except Exception:  # the monitoring side's module failed to import: keep our own signal and the sweep
        logger.exception("gongkai.opinion.signals could not be imported; the periodic sweep routes warnings")
        return
    signal = getattr(module, "warning_raised", None)
    if signal is not None and signal is not _own_signal:
        signal.connect(on_warning_raised, dispatch_uid="opinion.response.warning_raised.monitoring")
    changed = getattr(module, "level_changed", None)
    if changed is not None:
        changed.connect(on_level_changed, dispatch_uid="opinion.response.level_changed")


def on_level_changed(sender=None, event_id=None, old_level=None, new_level=None, **kwargs) -> None:
    """Orange → red after the first warning: the red warning is news to the coordinators and the webhook."""
    if new_level == "red" and old_level == "orange":
        on_warning_raised(sender=sender, event_id=event_id)


connect()
