"""Small helpers about the HTTP request itself."""

from __future__ import annotations

from django.conf import settings


def client_address(request) -> str:
    """The client's IP address.

    ``REMOTE_ADDR`` unless the installation sits behind ``TRUSTED_PROXY_HOPS`` reverse proxies
    that each append to ``X-Forwarded-For``: then the address the outermost trusted proxy saw.
    Entries further left are written by the client and cannot be trusted.
    """
    hops = getattr(settings, "TRUSTED_PROXY_HOPS", 0)
    if hops > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops][:64]
    return (request.META.get("REMOTE_ADDR") or "unknown")[:64]
