"""Routers of each domain, registered under /api/v1/<prefix>/."""

from . import health

ROUTERS = [
    ("/health", health.router),
]
