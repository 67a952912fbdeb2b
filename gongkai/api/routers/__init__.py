"""Routers of each domain, registered under /api/v1/<prefix>/."""

from . import health, orgs

ROUTERS = [
    ("/health", health.router),
    ("/orgs", orgs.router),
]
