"""Celery tasks of public-opinion monitoring (filled in with the ingest pipeline)."""
