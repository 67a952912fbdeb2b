"""政策制定与解读 (see docs/architecture.md)."""
