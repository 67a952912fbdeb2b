"""年度报告与政府公报 (see docs/architecture.md)."""
