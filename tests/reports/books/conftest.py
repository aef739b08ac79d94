"""A hand-computed day: two cashiers at two counters charge, refund and void real tickets
through the services, a clerk takes recharges (one reversed), finance books over/short.

    ticket  cashier  commodity  net t   fee      paid (account / cash)  then
    #1      张晓梅    大白菜      20.48   307.20   307.20 / 0
    #2      张晓梅    土豆        30      360.00   0 / 360.00             refunded 120.00 cash
    #3      张晓梅    大白菜      30      450.00   192.80 / 257.20        voided
    #4      王强      土豆        20      240.00   0 / 240.00             (2号收费台)
recharges: wechat 1000.00; cash 200.00 reversed. over/short: 张晓梅 short 5.00, 王强 over 2.00."""
from dataclasses import dataclass

import pytest

from app.auth import service as auth
from app.auth.actor import Actor
from app.ledger import accounts
from app.ledger.codes import TransferCode
from app.ledger.ids import new_event_id
from app.ledger.requests import EventRequest, NewTransfer
from app.ledger.service import current_shift, open_shift, submit
from app.recharge.service import recharge, reverse_recharge
from app.weighing.entry import EntryDraft
from app.weighing.void import void_entry
from tests.desk.conftest import COUNTER, Market, market  # noqa: F401  (a fixture, used by name)
from tests.desk.test_entry import charge
from tests.desk.test_exit_and_void import refund

COUNTER_2 = "2号收费台"


@dataclass
class Books:
    m: Market
    finance: Actor
    cashier2: Actor
    clerk: Actor
    vouchers: list[str]


def book_over_short(m: Market, shift_id: int, drawer_id: int, amount_fen: int) -> None:
    """Positive: cash over (drawer -> over_short credit); negative: short."""
    over_short = m.db.transact(lambda s: accounts.over_short(s).id, readonly=True)
    debit, credit = (drawer_id, over_short) if amount_fen > 0 else (over_short, drawer_id)
    submit(m.db, EventRequest(new_event_id(), "test.over_short", (
        NewTransfer(debit, credit, abs(amount_fen), TransferCode.OVER_SHORT, shift_id=shift_id),)), m.admin)


@pytest.fixture
def books(market) -> Books:  # noqa: F811
    m = market
    db = m.db
    auth.create_user(db, m.admin, "cash2", "王强", "cash-pass", "cashier")
    auth.create_user(db, m.admin, "clerk1", "李会计", "clerk-pass", "recharge_clerk")
    auth.create_user(db, m.admin, "fin", "赵财务", "fin-pass", "finance")
    cashier2 = auth.login(db, "cash2", "cash-pass", counter=COUNTER_2)
    clerk = auth.login(db, "clerk1", "clerk-pass", counter=COUNTER)
    finance = auth.login(db, "fin", "fin-pass", counter=COUNTER)
    open_shift(db, cashier2, 500_00)
    open_shift(db, clerk, 200_00)
    t1 = charge(m, EntryDraft("鲁G12345", m.cabbage, 32_560_000))
    t2 = charge(m, EntryDraft("苏A88888", m.potato, 30_000_000, weigh_tare_at_exit=True))
    refund(m, t2.ticket_id, 10_000_000)
    t3 = charge(m, EntryDraft("鲁G33333", m.cabbage, 30_000_000))
    assert (t3.paid_account_fen, t3.paid_cash_fen) == (19280, 25720)
    override = auth.authorize_override(db, "mgr", "mgr-pass", "ticket.void")
    void_entry(db, m.cashier, t3.ticket_id, reason="=称错车", event_id=new_event_id(), override=override)
    t4 = charge(m, EntryDraft("苏B11111", m.potato, 20_000_000, weigh_tare_at_exit=True), actor=cashier2)
    recharge(db, clerk, m.fixed, amount_fen=1000_00, method="wechat", reference="4200001234202611231234567890",
             event_id=new_event_id())
    cash = recharge(db, clerk, m.fixed, amount_fen=200_00, method="cash", reference=None, event_id=new_event_id())
    reverse_recharge(db, clerk, cash.recharge_id, reason="录错金额", event_id=new_event_id(),
                     override=auth.authorize_override(db, "mgr", "mgr-pass", "account.recharge_reverse"))
    for actor, amount in ((m.cashier, -500), (cashier2, 200)):
        shift = current_shift(db, actor)
        book_over_short(m, shift.id, shift.drawer_account_id, amount)
    return Books(m, finance, cashier2, clerk, [t.voucher_no for t in (t1, t2, t3, t4)])
