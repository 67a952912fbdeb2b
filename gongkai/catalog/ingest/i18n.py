"""gettext that also works when the package is used outside a configured Django (bench scripts)."""

from __future__ import annotations


def _(message: str) -> str:
    try:
        from django.conf import settings

        if settings.configured:
            from django.utils.translation import gettext

            return gettext(message)
    except Exception:  # pragma: no cover - Django missing or half configured
        pass
    return message
