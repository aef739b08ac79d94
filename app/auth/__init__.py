"""Users, roles, permissions, supervisor overrides and the audit chain. No Qt here."""
