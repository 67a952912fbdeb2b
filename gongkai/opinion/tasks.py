"""Celery tasks of public-opinion monitoring.

- ``ingest_batch(source_id, records)``: store and analyse a batch of raw records for a source (the
  API's queued mode, large imports); idempotent, so a retried task adds nothing twice.
- ``poll_feeds()``: periodic (settings.PERIODIC_JOBS "opinion-feeds"): poll the RSS/Atom sources
  whose interval has passed.
"""

from celery import shared_task

from .ingest.feeds import poll_due
from .models import Source
from .services import ingest_records


@shared_task(name="gongkai.opinion.tasks.ingest_batch", acks_late=True)
def ingest_batch(source_id: int, records: list, channel: str = "api") -> dict:
    source = Source.objects.get(pk=source_id)
    outcome = ingest_records(source=source, rows=list(records), channel=channel)
    return {
        "run": outcome.run.pk,
        "received": outcome.received,
        "created": outcome.created,
        "existing": outcome.existing,
        "rejected": [r.as_dict() for r in outcome.rejected[:200]],
        "events_created": outcome.events_created,
        "raised": outcome.raised,
    }


@shared_task(name="gongkai.opinion.tasks.poll_feeds")
def poll_feeds() -> int:
    return poll_due()
