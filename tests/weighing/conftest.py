"""Users of each role at a counter, and the audit trail, for the weighing tests."""
import pytest

from app.auth import service as auth

from tests.weighing.helpers import AuditLog

COUNTER = "1号收费台"
ROLES = ("cashier", "recharge_clerk", "finance", "manager", "meter_reader")


@pytest.fixture
def people(db):
    """boss (admin) and one user per other default role, logged in at COUNTER, by role name."""
    auth.create_first_admin(db, "boss", "", "boss-pass")
    admin = auth.login(db, "boss", "boss-pass", counter=COUNTER)
    out = {"admin": admin}
    for role in ROLES:
        auth.create_user(db, admin, f"u_{role}", "", "secret123", role)
        out[role] = auth.login(db, f"u_{role}", "secret123", counter=COUNTER)
    return out


@pytest.fixture
def audit_log(db):
    return AuditLog(db)
