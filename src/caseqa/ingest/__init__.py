"""Ingest: corpus files → Documents (formats/, structure) → sentence-aligned Passages."""
