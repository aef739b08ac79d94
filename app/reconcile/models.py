"""Channel reconciliation tables (filled by migration 0008)."""
