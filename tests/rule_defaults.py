"""Restoring an app's shipped rule records after a test flushed the tables (test-only).

An app's default rule records ship in its data migrations (``<app>.rules.DEFAULTS``, a
``rules.defaults.RuleDefaults``, national defaults and any local profile records); a flushed test
database gets them back with ``ensure_rule_defaults("<app>")``.
"""

from importlib import import_module


def ensure_rule_defaults(app: str) -> bool:
    """Restore ``gongkai.<app>.rules.DEFAULTS`` if missing; True when something was restored."""
    return import_module(f"gongkai.{app}.rules").DEFAULTS.ensure()
