"""The monitoring pipeline: one function (``batch.process_batch``) for every ingest path, with the
matchers (``matcher``: plans; ``gazetteer``: the register's names), signatures (``signatures``),
keywords, warning levels (``levels``) and the per-process indexes (``state``)."""
