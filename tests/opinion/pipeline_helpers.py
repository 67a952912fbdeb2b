"""Test-only helpers of the opinion pipeline (not in the product: nothing there needs them)."""

from gongkai.opinion.pipeline import gazetteer


def reset_gazetteer() -> None:
    """Forget the process's gazetteer, so the next batch builds it from the register as it is
    now (tests roll the register back; the product rebuilds it when its version changes)."""
    with gazetteer._lock:
        gazetteer._cached = None
        gazetteer._checked_at = 0.0
