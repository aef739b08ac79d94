"""Users at a counter for the print-queue tests."""
import pytest

from app.auth import service as auth

COUNTER = "1号收费台"


@pytest.fixture
def people(db):
    """boss (admin), a cashier and a manager, logged in at COUNTER."""
    auth.create_first_admin(db, "boss", "", "boss-pass")
    admin = auth.login(db, "boss", "boss-pass", counter=COUNTER)
    auth.create_user(db, admin, "cash1", "", "cash-pass", "cashier")
    auth.create_user(db, admin, "mgr", "", "mgr-pass", "manager")
    return {"admin": admin, "cashier": auth.login(db, "cash1", "cash-pass", counter=COUNTER),
            "manager": auth.login(db, "mgr", "mgr-pass", counter=COUNTER)}
