"""Back-office pages of the proactive-disclosure catalogue (SPEC M2, M3 — the staff journey).

Items are read through ``gongkai.catalog.selectors`` (an item outside the user's units is a
404) and written through ``gongkai.catalog.services``, which check permissions and statuses;
a ``DomainError`` becomes a Chinese message on the page. No page here can set an item's
status, index number or public copy: only the review's approval publishes (SPEC R3.1).

The package, by page group: ``common`` (constants and helpers), ``items`` (list, create, edit,
submit, versions, attachments), ``detail``, ``review`` (redactions, consultations, the review
record), ``published`` (correction, withdrawal, self-check, clocks, reopening), ``taxonomy``
(categories and topics), ``guides`` and ``bulk_import``. ``backoffice/urls_catalog.py`` routes
to the modules directly.
"""
