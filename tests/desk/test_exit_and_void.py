"""Exit refunds and voids: once per voucher, never more than charged, clear refusals."""
import pytest
from sqlalchemy import text

from app.auth import service as auth
from app.errors import Conflict, PermissionDenied, ValidationError
from app.ledger.ids import new_event_id
from app.ledger.service import verify_ledger
from app.printing import queue
from app.printing.documents import from_json
from app.printing.signing import ForgedVoucher, sample_signer, signer_for
from app.weighing.entry import EntryDraft
from app.weighing.exit import SupervisorRequired, find_entry, quote_refund, refund_exit
from app.weighing.void import void_entry
from tests.concurrency import run_together
from tests.desk.conftest import scale
from tests.desk.test_entry import charge, rows


def refund(m, ticket_id, exit_g, actor=None, event_id=None, **kw):
    actor = actor or m.cashier
    q = quote_refund(m.db, actor, ticket_id, exit_g)
    return refund_exit(m.db, actor, ticket_id, event_id=event_id or new_event_id(), capture=scale(exit_g),
                       refund_fen_shown=q.refund_fen, **kw)


def qr_of(m, job_id):
    job = m.db.transact(lambda tx: queue.get(tx, job_id), raw=True)
    return from_json(job.kind, job.document).qr


@pytest.fixture
def weigh_at_exit(market):
    """A fixed merchant's truck charged on its gross (tare weighed at exit): 30 t × 15 = 450.00."""
    return charge(market, EntryDraft("鲁G33333", market.cabbage, 30_000_000))


@pytest.fixture
def temporary(market):
    """A temporary customer, cash: 30 t × 12 = 360.00."""
    return charge(market, EntryDraft("苏A88888", market.potato, 30_000_000, weigh_tare_at_exit=True))


def test_scan_finds_the_entry(market, weigh_at_exit):
    entry = find_entry(market.db, market.cashier, qr_of(market, weigh_at_exit.print_job_id))
    assert (entry.voucher_no, entry.status, entry.fee_fen, entry.tare_g) == \
        (weigh_at_exit.voucher_no, "open", 45000, 0)
    assert find_entry(market.db, market.cashier, weigh_at_exit.voucher_no.lower()).ticket_id == entry.ticket_id


def test_forged_and_altered_vouchers_are_refused(market, weigh_at_exit):
    genuine = qr_of(market, weigh_at_exit.print_job_id)
    with pytest.raises(ForgedVoucher, match="forged or altered"):
        find_entry(market.db, market.cashier, genuine.replace("-45000-", "-90000-"))
    with pytest.raises(ForgedVoucher):
        find_entry(market.db, market.cashier, sample_signer().sign("entry_voucher", weigh_at_exit.voucher_no, 45000))
    other = signer_for(market.db).sign("entry_voucher", weigh_at_exit.voucher_no, 1)  # right key, wrong amount
    with pytest.raises(ForgedVoucher, match="amount does not match"):
        find_entry(market.db, market.cashier, other)
    from app.errors import NotFound
    with pytest.raises(NotFound, match="E9999999999 does not exist"):
        find_entry(market.db, market.cashier, "E9999999999")


def test_refund_to_the_account(market, weigh_at_exit):
    before = market.balance()
    result = refund(market, weigh_at_exit.ticket_id, 11_960_000)      # 11.96 t × 15 = 179.40
    assert (result.refund_fen, result.paid_to, result.balance_after_fen) == (17940, "account", before + 17940)
    assert market.balance() == before + 17940
    job = market.db.transact(lambda tx: queue.get(tx, result.print_job_id), raw=True)
    voucher = from_json(job.kind, job.document)
    assert (voucher.KIND, voucher.entry_number, voucher.refund_fen) == ("refund_voucher", weigh_at_exit.voucher_no,
                                                                          17940)
    assert not job.open_drawer and verify_ledger(market.db).violations == 0


def test_temporary_customer_refund_is_cash(market, temporary):
    result = refund(market, temporary.ticket_id, 10_000_000)          # 10 t × 12 = 120.00
    assert (result.refund_fen, result.paid_to) == (12000, "cash")
    assert market.db.transact(lambda tx: queue.get(tx, result.print_job_id), raw=True).open_drawer


def test_second_refund_is_refused(market, weigh_at_exit):
    refund(market, weigh_at_exit.ticket_id, 11_960_000)
    with pytest.raises(Conflict, match="already refunded"):
        refund(market, weigh_at_exit.ticket_id, 11_960_000)


def test_two_counters_refunding_at_once_refund_once(market, weigh_at_exit):
    q = quote_refund(market.db, market.cashier, weigh_at_exit.ticket_id, 11_960_000)
    outcomes = []

    def at(actor):
        try:
            outcomes.append(refund_exit(market.db, actor, weigh_at_exit.ticket_id, event_id=new_event_id(),
                                        capture=scale(11_960_000), refund_fen_shown=q.refund_fen))
        except Conflict as exc:
            outcomes.append(exc)

    run_together(lambda: at(market.cashier), lambda: at(market.manager))
    assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "RefundResult"]
    assert rows(market.db, "SELECT count(*) FROM weigh_refunds")[0][0] == 1
    assert verify_ledger(market.db).violations == 0


def test_double_click_refunds_once(market, weigh_at_exit):
    event_id = new_event_id()
    results = []
    run_together(*[lambda: results.append(refund(market, weigh_at_exit.ticket_id, 11_960_000,
                                                 event_id=event_id))] * 3)
    assert len({r.refund_id for r in results}) == 1 and len(results) == 3


def test_nothing_to_refund_below_the_tare(market):
    licensed = charge(market, EntryDraft("鲁G12345", market.cabbage, 32_560_000))   # tare 12.08 t
    with pytest.raises(ValidationError, match="not above the entry tare"):
        quote_refund(market.db, market.cashier, licensed.ticket_id, 12_080_000)


def test_exit_at_or_above_gross_needs_a_supervisor(market, weigh_at_exit):
    with pytest.raises(SupervisorRequired, match="supervisor must approve"):
        refund(market, weigh_at_exit.ticket_id, 30_000_000)
    supervisor = auth.authorize_override(market.db, "mgr", "mgr-pass", "ticket.void")
    result = refund(market, weigh_at_exit.ticket_id, 31_000_000, supervisor=supervisor)
    assert result.refund_fen == 45000   # never more than was charged
    assert rows(market.db, "SELECT authorised_by FROM weigh_refunds")[0][0] == "mgr"


def test_void_reverses_the_charge(market):
    before = market.balance()
    entry = charge(market, EntryDraft("鲁G12345", market.cabbage, 60_000_000))   # account 500 + cash 218.80
    with pytest.raises(ValidationError, match="another shift"):   # the manager's shift is not the cashier's
        void_entry(market.db, market.manager, entry.ticket_id, reason="x", event_id=new_event_id())
    override = auth.authorize_override(market.db, "mgr", "mgr-pass", "ticket.void")
    void = void_entry(market.db, market.cashier, entry.ticket_id, reason="weighed the wrong truck",
                      event_id=new_event_id(), override=override)
    assert (void.returned_cash_fen, void.returned_account_fen) == (21880, 500_00)
    assert market.balance() == before
    assert find_entry(market.db, market.cashier, entry.voucher_no).status == "void"
    with pytest.raises(Conflict, match="voided: no refund"):
        quote_refund(market.db, market.cashier, entry.ticket_id, 13_000_000)
    assert verify_ledger(market.db).violations == 0


def test_void_refusals(market, weigh_at_exit):
    with pytest.raises(PermissionDenied, match="ticket.void"):
        void_entry(market.db, market.cashier, weigh_at_exit.ticket_id, reason="x", event_id=new_event_id())
    override = auth.authorize_override(market.db, "mgr", "mgr-pass", "ticket.void")
    with pytest.raises(ValidationError, match="reason"):
        void_entry(market.db, market.cashier, weigh_at_exit.ticket_id, reason=" ", event_id=new_event_id(),
                   override=override)
    refund(market, weigh_at_exit.ticket_id, 11_960_000)
    override = auth.authorize_override(market.db, "mgr", "mgr-pass", "ticket.void")
    with pytest.raises(Conflict, match="vehicle has left"):
        void_entry(market.db, market.cashier, weigh_at_exit.ticket_id, reason="x", event_id=new_event_id(),
                   override=override)


def test_tickets_and_their_transfers_are_append_only(market, weigh_at_exit):
    from sqlalchemy.exc import DBAPIError
    for sql in ("UPDATE weigh_tickets SET fee_fen = 1", "DELETE FROM weigh_tickets"):
        with pytest.raises(DBAPIError):
            with market.db.session() as s:
                s.execute(text(sql))


def test_shift_totals_are_whole_fen(market, weigh_at_exit, temporary):
    from app.weighing.tickets import shift_totals
    refund(market, temporary.ticket_id, 10_000_000)
    [(shift_id,)] = rows(market.db, "SELECT DISTINCT shift_id FROM weigh_tickets")
    totals = shift_totals(market.db, shift_id)
    assert all(type(v) is int for v in vars(totals).values())
    assert (totals.vehicles, totals.fees_fen, totals.refunds_fen, totals.cash_out_fen) == (2, 81000, 12000, 12000)
    assert totals.income_fen == 69000


def test_refund_of_a_closed_account_is_paid_in_cash(market, weigh_at_exit):
    from app.recharge.accounts import close_account
    close_account(market.db, market.manager, market.fixed, paid_by="cash", reason="left the market",
                  event_id=new_event_id())
    result = refund(market, weigh_at_exit.ticket_id, 11_960_000)
    assert (result.paid_to, result.refund_fen) == ("cash", 17940)


def test_charging_a_closed_account_says_so(market):
    from app.recharge.accounts import close_account
    from app.weighing.entry import charge_entry, quote_entry
    draft = EntryDraft("鲁G12345", market.cabbage, 32_560_000)
    q = quote_entry(market.db, market.cashier, draft)
    close_account(market.db, market.manager, market.fixed, paid_by="cash", reason="left", event_id=new_event_id())
    with pytest.raises(ValidationError, match="is closed: charge as a temporary customer"):
        charge_entry(market.db, market.cashier, draft, event_id=new_event_id(), capture=scale(draft.gross_g),
                     fee_fen_shown=q.fee_fen, cash_fen=0)


def test_statement_order_follows_posting_order(market, weigh_at_exit):
    """Transfer times are read after the account locks: time order is posting order."""
    with market.db.session() as s:
        ids_by_time = [r[0] for r in s.execute(text(
            "SELECT id FROM ledger_transfers ORDER BY created_at, id"))]
    assert ids_by_time == sorted(ids_by_time)
