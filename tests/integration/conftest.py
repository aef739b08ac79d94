"""Fixtures shared by the integration tests (the ledger's small chart of accounts)."""
from tests.integration.ledger_fixtures import chart  # noqa: F401  (a fixture, used by name)
