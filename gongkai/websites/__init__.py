"""政府网站与政务新媒体 (see docs/architecture.md)."""
