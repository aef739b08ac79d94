"""Recharges at one counter while the weighbridge charges the same account at another:
every invariant holds afterwards (`ledger verify` clean) and nothing is lost."""
from app.errors import Conflict
from app.ledger.ids import new_event_id
from app.ledger.service import verify_ledger
from app.recharge.service import recharge
from app.weighing.entry import EntryDraft, charge_entry, quote_entry
from tests.concurrency import run_together
from tests.desk.conftest import scale

ROUNDS = 8


def test_recharges_and_charges_side_by_side(market, clerk):
    start = market.balance()
    charged, recharged = [], []

    def recharge_desk():
        for _ in range(ROUNDS):
            recharged.append(recharge(market.db, clerk, market.fixed, amount_fen=100_00, method="cash",
                                      reference=None, event_id=new_event_id()))

    def weighbridge():
        draft = EntryDraft("鲁G12345", market.cabbage, 25_000_000)   # 12.92 t × 15 = 193.80
        for _ in range(ROUNDS):
            q = quote_entry(market.db, market.cashier, draft)
            try:
                charged.append(charge_entry(market.db, market.cashier, draft, event_id=new_event_id(),
                                            capture=scale(draft.gross_g), fee_fen_shown=q.fee_fen,
                                            cash_fen=q.paid_cash_fen))
            except Conflict:  # the balance moved between quote and confirm: the cashier re-confirms
                pass

    run_together(recharge_desk, weighbridge)
    assert len(recharged) == ROUNDS
    expected = start + sum(r.amount_fen for r in recharged) - sum(c.paid_account_fen for c in charged)
    assert market.balance() == expected >= 0
    assert verify_ledger(market.db).violations == 0
