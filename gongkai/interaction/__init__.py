"""政民互动（信箱与热线） (see docs/architecture.md)."""
