"""Test-only helper of the review registry (the product registers templates once, at start-up)."""

from gongkai.workflow import registry


def unregister(key: str) -> None:
    """Remove a test's review template and its hooks."""
    registry._templates.pop(key, None)
    for hook_key in [k for k in registry._hooks if k[0] == key]:
        del registry._hooks[hook_key]
