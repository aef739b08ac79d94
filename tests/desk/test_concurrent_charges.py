"""Two counters charging the same fixed merchant at once: the account never goes past its
limit, every ticket has exactly its transfers, and the ledger stays consistent."""
from sqlalchemy import text

from app.errors import Conflict
from app.ledger.ids import new_event_id
from app.ledger.service import verify_ledger
from app.weighing.entry import EntryDraft, charge_entry, quote_entry
from tests.concurrency import run_together
from tests.desk.conftest import scale

ROUNDS = 8


def test_two_counters_never_overdraw_the_account(market):
    draft = EntryDraft("鲁G12345", market.cabbage, 28_080_000)   # 16 t × 15 = 240.00; 500.00 on the account
    outcomes = []

    def counter(actor):
        for _ in range(ROUNDS):
            q = quote_entry(market.db, actor, draft)
            try:
                # the cashier agreed to the split shown; the other counter may spend the balance first
                outcomes.append(charge_entry(market.db, actor, draft, event_id=new_event_id(),
                                             capture=scale(draft.gross_g), fee_fen_shown=q.fee_fen,
                                             cash_fen=q.paid_cash_fen))
            except Conflict:
                outcomes.append(None)

    run_together(lambda: counter(market.cashier), lambda: counter(market.manager))
    done = [o for o in outcomes if o is not None]
    assert len(outcomes) == 2 * ROUNDS and done
    assert market.balance() >= 0
    assert market.balance() == 500_00 - sum(o.paid_account_fen for o in done)
    with market.db.session() as s:
        mismatched = s.execute(text(
            "SELECT t.voucher_no FROM weigh_tickets t JOIN ledger_transfers x ON x.event_id = t.event_id "
            "GROUP BY t.voucher_no, t.fee_fen HAVING sum(x.amount_fen) <> t.fee_fen")).all()
        tickets = s.execute(text("SELECT count(*) FROM weigh_tickets")).scalar()
    assert mismatched == [] and tickets == len(done)
    assert verify_ledger(market.db).violations == 0
