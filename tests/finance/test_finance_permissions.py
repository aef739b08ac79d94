"""The finance desk's services refuse a user without their permission and write nothing."""
import pytest
from sqlalchemy import text

from app.errors import PermissionDenied
from app.finance.cash import move_cash
from app.finance.close import close_shift
from app.finance.day import close_day
from app.finance.handovers import close_preview, find_handover, handover_detail
from app.finance.receive import adjust_handover, receive_handover
from app.ledger.ids import new_event_id
from app.ledger.service import current_shift
from tests.finance.conftest import cash, close


def _writes(db):
    with db.session() as s:
        return s.execute(text("SELECT (SELECT COUNT(*) FROM audit_log) + (SELECT COUNT(*) FROM ledger_transfers) "
                              "+ (SELECT COUNT(*) FROM handovers) + (SELECT COUNT(*) FROM handover_receipts)")).scalar()


def test_each_refuses_and_writes_nothing(market, clerk, tmp_path):
    reports = tmp_path / "reports"
    manager_shift = current_shift(market.db, market.manager).id
    handover = close(market, market.cashier, 1000_00)
    before = _writes(market.db)
    cashier, db = market.cashier, market.db
    refusals = [
        ("shift.close_other", lambda: close_shift(db, cashier, manager_shift, count=cash(0), declared_fen={},
                                                  event_id=new_event_id())),
        ("shift.close_other", lambda: close_preview(db, cashier, manager_shift)),
        ("cash.drop", lambda: move_cash(db, clerk.__class__(**{**clerk.__dict__, "permissions": frozenset()}),
                                        "drop", 1_00, reason="x", event_id=new_event_id())),
        ("cash.payout", lambda: move_cash(db, clerk, "payout", 1_00, reason="x", payee="y", event_id=new_event_id())),
        ("handover.receive", lambda: receive_handover(db, clerk, handover.handover_id, event_id=new_event_id())),
        ("handover.receive", lambda: handover_detail(db, clerk, handover.handover_id)),
        ("handover.receive", lambda: find_handover(db, clerk, handover.handover_no)),
        ("handover.receive", lambda: close_day(db, clerk, __import__("datetime").date.today(), report_dir=reports)),
        ("handover.accept_difference", lambda: adjust_handover(db, clerk, handover.handover_id, 1_00, reason="x",
                                                               event_id=new_event_id())),
    ]
    for permission, call in refusals:
        with pytest.raises(PermissionDenied, match=permission.replace(".", r"\.")):
            call()
    assert _writes(db) == before
    assert not reports.exists()
