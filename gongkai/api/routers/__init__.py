"""Routers of each domain, registered under /api/v1/<prefix>/."""

from . import (
    annual,
    audit,
    catalog,
    foi,
    health,
    interaction,
    notifications,
    opinion,
    opinion_oversight,
    opinion_response,
    orgs,
    oversight,
    press,
    rules,
    websites,
    workflow,
)

ROUTERS = [
    ("/health", health.router),
    ("/orgs", orgs.router),
    ("/reviews", workflow.router),
    ("/audit", audit.router),
    ("/notifications", notifications.router),
    ("/rules", rules.router),
    ("/catalog", catalog.router),
    ("/foi", foi.router),
    ("/interaction", interaction.router),
    ("/opinion", opinion.router),
    ("/opinion/response", opinion_response.router),
    ("/opinion/oversight", opinion_oversight.router),
    ("/oversight", oversight.router),
    ("/websites", websites.router),
    ("/annual", annual.router),
    ("/press", press.router),
]
