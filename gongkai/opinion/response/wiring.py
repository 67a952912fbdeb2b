"""Start-up wiring of the response side (``OpinionConfig.ready`` calls ``connect``): the review
template, the Celery tasks and the receivers of the monitoring side's warning signals
(``gongkai.opinion.signals``)."""

from __future__ import annotations

import logging

from django.db import transaction

from .. import signals
from . import reviews, tasks  # noqa: F401  (register the review template and the tasks)

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
    signals.warning_raised.connect(on_warning_raised, dispatch_uid="opinion.response.warning_raised")
    signals.level_changed.connect(on_level_changed, dispatch_uid="opinion.response.level_changed")


def on_level_changed(sender=None, event_id=None, old_level=None, new_level=None, **kwargs) -> None:
    """Orange → red after the first warning: the red warning is news to the coordinators and the webhook."""
    if new_level == "red" and old_level == "orange":
        on_warning_raised(sender=sender, event_id=event_id)
