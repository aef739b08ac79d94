"""Payment split tables (filled by migration 0007)."""
