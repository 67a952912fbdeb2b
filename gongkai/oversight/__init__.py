"""监督保障 (see docs/architecture.md)."""
