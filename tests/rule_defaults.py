"""Restoring an app's shipped rule records after a test flushed the tables (test-only).

An app's default rule records ship in its data migrations (``<app>.rules.DEFAULTS``, a
``rules.defaults.RuleDefaults``; an app with local records too also has ``seed_local_records``);
a flushed test database gets them back with ``ensure_rule_defaults("<app>")``.
"""

from importlib import import_module

from django.apps import apps


def ensure_rule_defaults(app: str) -> bool:
    """Restore ``gongkai.<app>.rules.DEFAULTS`` (and its local records) if missing; True when something
    was restored."""
    module = import_module(f"gongkai.{app}.rules")
    restored = module.DEFAULTS.ensure()
    seed_local = getattr(module, "seed_local_records", None)
    if seed_local is not None:
        restored = seed_local(apps) > 0 or restored
    return restored
