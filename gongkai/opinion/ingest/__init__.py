"""Ingest of public-opinion records: checks (``records``), files (``files``), feeds (``feeds``).
Every path ends in ``pipeline.batch.process_batch`` through ``services.ingest_records``."""
