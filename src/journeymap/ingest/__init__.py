"""Ingest: data files -> canonical tables (readers, mappings, validation, quarantine)."""
