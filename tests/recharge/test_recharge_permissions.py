"""Every recharge-desk service refuses each role that lacks its permission, and writes nothing."""
from datetime import datetime

import pytest
from sqlalchemy import text

from app.auth import service as auth
from app.auth.permissions import DEFAULT_ROLES
from app.errors import PermissionDenied
from app.ledger.ids import new_event_id
from app.recharge import accounts as acct
from app.recharge.service import recharge, reverse_recharge
from app.recharge.statements import statement_page, statement_pdf
from tests.desk.conftest import COUNTER

T0, T1 = datetime(2000, 1, 1), datetime(2100, 1, 1)
CALLS = {
    "recharge": ("account.recharge", lambda m, a, r: recharge(m.db, a, m.fixed, amount_fen=100, method="cash",
                                                              reference=None, event_id=new_event_id())),
    "reverse_recharge": ("account.recharge_reverse", lambda m, a, r: reverse_recharge(
        m.db, a, r.recharge_id, reason="x", event_id=new_event_id())),
    "set_frozen": ("merchant.manage", lambda m, a, r: acct.set_frozen(m.db, a, m.fixed, True)),
    "set_overdraft_limit": ("merchant.manage", lambda m, a, r: acct.set_overdraft_limit(m.db, a, m.fixed, 100)),
    "close_account": ("merchant.manage", lambda m, a, r: acct.close_account(
        m.db, a, m.fixed, paid_by="cash", reason="x", event_id=new_event_id())),
}
READERS = {"statement_page": lambda m, a: statement_page(m.db, a, m.fixed, T0, T1),
           "statement_pdf": lambda m, a: statement_pdf(m.db, a, m.fixed, T0, T1, printed_at=T1)}


def _counts(db):
    with db.session() as s:
        return [s.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                for t in ("audit_log", "recharges", "recharge_reversals", "account_closures", "ledger_transfers")]


def _actor(market, role):
    auth.create_user(market.db, market.admin, f"u_{role}", "", "secret123", role)
    return auth.login(market.db, f"u_{role}", "secret123", counter=COUNTER)


@pytest.mark.parametrize("name", CALLS)
def test_refused_without_permission(market, clerk, name):
    permission, call = CALLS[name]
    done = recharge(market.db, clerk, market.fixed, amount_fen=100_00, method="cash", reference=None,
                    event_id=new_event_id())
    for role in [r for r, perms in DEFAULT_ROLES.items() if permission not in perms]:
        actor = _actor(market, role)
        before = _counts(market.db)
        with pytest.raises(PermissionDenied, match=permission.replace(".", r"\.")):
            call(market, actor, done)
        assert _counts(market.db) == before


@pytest.mark.parametrize("name", READERS)
def test_statements_need_recharge_or_report_permission(market, name):
    for role, perms in DEFAULT_ROLES.items():
        actor = _actor(market, role)
        if "account.recharge" in perms or "report.view" in perms:
            READERS[name](market, actor)
        else:
            with pytest.raises(PermissionDenied):
                READERS[name](market, actor)
