"""Shift close, handover and finance receipt tables (filled by migration 0006)."""
