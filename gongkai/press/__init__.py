"""新闻发布 (see docs/architecture.md)."""
