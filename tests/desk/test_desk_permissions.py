"""Every weigh-desk service refuses each role that lacks its permission, and writes nothing."""
import pytest
from sqlalchemy import text

from app.auth import service as auth
from app.auth.permissions import DEFAULT_ROLES
from app.errors import PermissionDenied
from app.ledger.ids import new_event_id
from app.weighing.entry import EntryDraft, charge_entry, quote_entry
from app.weighing.exit import find_entry, quote_refund, refund_exit
from app.weighing.void import void_entry
from tests.desk.conftest import COUNTER, scale
from tests.desk.test_entry import charge

DRAFT = lambda m: EntryDraft("鲁G12345", m.cabbage, 32_560_000)  # noqa: E731
CALLS = {
    "quote_entry": ("ticket.entry", lambda m, a, t: quote_entry(m.db, a, DRAFT(m))),
    "charge_entry": ("ticket.entry", lambda m, a, t: charge_entry(m.db, a, DRAFT(m), event_id=new_event_id(),
                                                                 capture=scale(32_560_000), fee_fen_shown=30720,
                                                                 cash_fen=0)),
    "find_entry": ("ticket.refund", lambda m, a, t: find_entry(m.db, a, t.voucher_no)),
    "quote_refund": ("ticket.refund", lambda m, a, t: quote_refund(m.db, a, t.ticket_id, 13_000_000)),
    "refund_exit": ("ticket.refund", lambda m, a, t: refund_exit(m.db, a, t.ticket_id, event_id=new_event_id(),
                                                               capture=scale(13_000_000), refund_fen_shown=138)),
    "void_entry": ("ticket.void", lambda m, a, t: void_entry(m.db, a, t.ticket_id, reason="x",
                                                            event_id=new_event_id())),
}


def _counts(db):
    with db.session() as s:
        return [s.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                for t in ("audit_log", "weigh_tickets", "weigh_refunds", "weigh_voids", "ledger_transfers")]


@pytest.mark.parametrize("name", CALLS)
def test_refused_without_permission(market, name):
    permission, call = CALLS[name]
    ticket = charge(market, DRAFT(market))
    lacking = [role for role, perms in DEFAULT_ROLES.items() if permission not in perms]
    assert lacking
    for role in lacking:
        auth.create_user(market.db, market.admin, f"u_{role}", "", "secret123", role)
        actor = auth.login(market.db, f"u_{role}", "secret123", counter=COUNTER)
        before = _counts(market.db)
        with pytest.raises(PermissionDenied, match=permission.replace(".", r"\.")):
            call(market, actor, ticket)
        assert _counts(market.db) == before
