"""Entry charges: the fee by the formula, account first and the shortfall in cash, temporary
customers in cash; one transaction for ticket, transfers, voucher number, print job and audit."""
import json

import pytest
from sqlalchemy import text

from app.errors import Conflict, PermissionDenied, ValidationError
from app.ledger.ids import new_event_id
from app.ledger.service import verify_ledger
from app.printing import queue
from app.printing.documents import from_json
from app.printing.signing import signer_for
from app.weighing.capture import ScaleCapture
from app.weighing.entry import EntryDraft, charge_entry, quote_entry
from tests.desk.conftest import scale


def charge(m, draft, cash_fen=None, event_id=None, capture=None, actor=None, **kw):
    actor = actor or m.cashier
    q = quote_entry(m.db, actor, draft)
    return charge_entry(m.db, actor, draft, event_id=event_id or new_event_id(),
                        capture=capture or scale(draft.gross_g), fee_fen_shown=q.fee_fen,
                        cash_fen=q.paid_cash_fen if cash_fen is None else cash_fen, **kw)


def rows(db, sql):
    with db.session() as s:
        return s.execute(text(sql)).all()


def test_fixed_merchant_with_enough_balance(market):
    draft = EntryDraft("鲁g·12345", market.cabbage, 32_560_000)
    q = quote_entry(market.db, market.cashier, draft)
    assert (q.tare.tare_g, q.tare.source, q.fee_fen, q.paid_account_fen, q.paid_cash_fen) == \
        (12_080_000, "licensed", 30720, 30720, 0)
    result = charge(market, draft)
    assert (result.fee_fen, result.paid_account_fen, result.paid_cash_fen) == (30720, 30720, 0)
    assert result.voucher_no.startswith("E") and result.balance_after_fen == 500_00 - 30720
    assert market.balance() == 500_00 - 30720
    job = market.db.transact(lambda tx: queue.get(tx, result.print_job_id), raw=True)
    voucher = from_json(job.kind, job.document)
    assert (voucher.number, voucher.plate, voucher.fee_fen, voucher.balance_after_fen) == \
        (result.voucher_no, "鲁G12345", 30720, 500_00 - 30720)
    assert signer_for(market.db).verify(voucher.qr).number == result.voucher_no
    assert not job.open_drawer  # no cash taken
    [(frames,)] = rows(market.db, "SELECT scale_frames FROM weigh_tickets")
    assert json.loads(frames)[0]["raw"] == "022b3030323030303231420d"
    assert rows(market.db, "SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1")[0][0] == "weigh.entry"
    assert verify_ledger(market.db).violations == 0


def test_shortfall_taken_in_cash(market):
    draft = EntryDraft("鲁G12345", market.cabbage, 60_000_000)   # 47.92 t × 15 = 718.80 > 500.00
    q = quote_entry(market.db, market.cashier, draft)
    assert (q.fee_fen, q.available_fen, q.paid_account_fen, q.paid_cash_fen) == (71880, 500_00, 500_00, 21880)
    result = charge(market, draft)
    assert (result.paid_account_fen, result.paid_cash_fen, result.balance_after_fen) == (500_00, 21880, 0)
    job = market.db.transact(lambda tx: queue.get(tx, result.print_job_id), raw=True)
    assert job.open_drawer  # cash taken: the drawer opens
    assert verify_ledger(market.db).violations == 0


def test_all_cash_by_choice(market):
    result = charge(market, EntryDraft("鲁G12345", market.cabbage, 32_560_000, all_cash=True))
    assert (result.paid_account_fen, result.paid_cash_fen) == (0, 30720) and market.balance() == 500_00


def test_temporary_customer_pays_cash(market):
    draft = EntryDraft("苏A88888", market.potato, 10_000_000, temporary_name="王师傅", weigh_tare_at_exit=True)
    q = quote_entry(market.db, market.cashier, draft)
    assert (q.merchant_kind, q.merchant_name, q.price_source, q.tare.source, q.fee_fen) == \
        ("temporary", "王师傅", "category", "weigh_at_exit", 12000)
    with pytest.raises(ValidationError, match="temporary customer pays the whole fee in cash"):
        charge(market, draft, cash_fen=0)
    assert charge(market, draft).paid_cash_fen == 12000


def test_vehicle_type_tare(market):
    q = quote_entry(market.db, market.cashier, EntryDraft("鲁G22222", market.cabbage, 10_000_000))
    assert (q.tare.tare_g, q.tare.source) == (3_200_000, "vehicle_type")


def test_unknown_vehicle_needs_a_tare_choice(market):
    with pytest.raises(ValidationError, match="no approved tare"):
        quote_entry(market.db, market.cashier, EntryDraft("鲁H55555", market.cabbage, 10_000_000))
    q = quote_entry(market.db, market.cashier, EntryDraft("鲁H55555", market.cabbage, 10_000_000,
                                                          vehicle_type_id=market.truck_type))
    assert q.tare.source == "vehicle_type" and q.vehicle_id is None


def test_gross_must_exceed_tare(market):
    with pytest.raises(ValidationError, match="must exceed the approved tare"):
        quote_entry(market.db, market.cashier, EntryDraft("鲁G12345", market.cabbage, 12_000_000))


def test_double_click_charges_once(market):
    from tests.concurrency import run_together
    draft = EntryDraft("鲁G12345", market.cabbage, 32_560_000)
    event_id = new_event_id()
    results, errors = [], []

    def click():
        try:
            results.append(charge(market, draft, event_id=event_id))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    run_together(click, click, click)
    assert not errors, errors
    assert len({r.ticket_id for r in results}) == 1 and sum(not r.replayed for r in results) == 1
    assert market.balance() == 500_00 - 30720
    assert rows(market.db, "SELECT count(*) FROM print_jobs")[0][0] == 1


def test_same_event_id_with_other_content_is_refused(market):
    event_id = new_event_id()
    charge(market, EntryDraft("鲁G12345", market.cabbage, 32_560_000), event_id=event_id)
    from app.ledger.errors import IdempotencyConflict
    with pytest.raises(IdempotencyConflict):
        charge(market, EntryDraft("鲁G12345", market.cabbage, 33_000_000), event_id=event_id)


def test_a_price_change_between_quote_and_confirm_is_caught(market):
    from app.weighing import catalog
    draft = EntryDraft("鲁G12345", market.cabbage, 32_560_000)
    q = quote_entry(market.db, market.cashier, draft)
    catalog.set_price(market.db, market.admin, commodity_id=market.cabbage, unit_price_fen=1600)
    with pytest.raises(Conflict, match="the fee is now 327.68"):
        charge_entry(market.db, market.cashier, draft, event_id=new_event_id(), capture=scale(draft.gross_g),
                     fee_fen_shown=q.fee_fen, cash_fen=0)
    assert rows(market.db, "SELECT count(*) FROM weigh_tickets")[0][0] == 0


def test_balance_spent_elsewhere_between_quote_and_confirm(market):
    draft = EntryDraft("鲁G12345", market.cabbage, 32_560_000)
    q = quote_entry(market.db, market.cashier, draft)
    charge(market, EntryDraft("鲁G33333", market.cabbage, 30_000_000, all_cash=False), actor=market.manager)
    with pytest.raises(Conflict, match="take more in cash"):
        charge_entry(market.db, market.cashier, draft, event_id=new_event_id(), capture=scale(draft.gross_g),
                     fee_fen_shown=q.fee_fen, cash_fen=q.paid_cash_fen)
    assert rows(market.db, "SELECT count(*) FROM weigh_tickets")[0][0] == 1  # only the manager's


def test_manual_weight_needs_permission_or_override(market):
    from app.auth import service as auth
    draft = EntryDraft("鲁G12345", market.cabbage, 32_560_000)
    typed = ScaleCapture(32_560_000, manual=True)
    with pytest.raises(PermissionDenied, match="ticket.manual_weight"):
        charge(market, draft, capture=typed)
    override = auth.authorize_override(market.db, "mgr", "mgr-pass", "ticket.manual_weight")
    result = charge(market, draft, capture=typed, override=override)
    [(manual, by)] = rows(market.db, "SELECT manual_weight, authorised_by FROM weigh_tickets")
    assert manual and by == "mgr"
    job = market.db.transact(lambda tx: queue.get(tx, result.print_job_id), raw=True)
    assert from_json(job.kind, job.document).manual_weight
    [(sup,)] = rows(market.db, "SELECT supervisor_name FROM audit_log WHERE action = 'weigh.entry'")
    assert sup == "mgr"


def test_a_scale_weight_needs_its_frames(market):
    with pytest.raises(ValidationError, match="frames"):
        charge(market, EntryDraft("鲁G12345", market.cabbage, 32_560_000), capture=ScaleCapture(32_560_000))


def test_no_open_shift_no_charge(market):
    from app.auth import service as auth
    auth.create_user(market.db, market.admin, "cash2", "", "cash-pass", "cashier")
    other = auth.login(market.db, "cash2", "cash-pass", counter="1号收费台")
    with pytest.raises(ValidationError, match="no open shift"):
        charge(market, EntryDraft("鲁G12345", market.cabbage, 32_560_000), actor=other)


def test_suspended_merchant_is_refused(market):
    from app.weighing import merchants
    merchants.update_merchant(market.db, market.admin, market.fixed, status="suspended")
    with pytest.raises(ValidationError, match="suspended"):
        quote_entry(market.db, market.cashier, EntryDraft("鲁G12345", market.cabbage, 32_560_000))


def test_entry_needs_permission(market):
    from app.auth import service as auth
    auth.create_user(market.db, market.admin, "fin", "", "fin-pass", "finance")
    finance = auth.login(market.db, "fin", "fin-pass", counter="1号收费台")
    with pytest.raises(PermissionDenied, match="ticket.entry"):
        quote_entry(market.db, finance, EntryDraft("鲁G12345", market.cabbage, 32_560_000))


def test_voucher_numbers_run_per_day(market):
    a = charge(market, EntryDraft("鲁G12345", market.cabbage, 32_560_000, all_cash=True))
    b = charge(market, EntryDraft("鲁G12345", market.cabbage, 32_560_000, all_cash=True))
    assert int(b.voucher_no[-4:]) == int(a.voucher_no[-4:]) + 1 and a.voucher_no[:7] == b.voucher_no[:7]
