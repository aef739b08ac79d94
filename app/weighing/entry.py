"""Entry: weigh the loaded truck and charge the trade fee.

`quote_entry` shows the cashier what will happen (read-only); `charge_entry` does it in one
transaction: voucher number, ledger event (account and/or cash), ticket, print job and audit
entry commit together, and the voucher prints after COMMIT. Everything is recomputed at
commit; if the fee changed meanwhile (a price took effect), the charge is refused and the
cashier confirms the new figure. The cash the cashier agreed to collect is exactly what is
booked: the account pays the rest, or the ledger refuses (balance changed)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.clock import db_now, to_local
from app.db.rawsql import Sql
from app.errors import Conflict, ValidationError
from app.ledger import accounts, queries
from app.ledger.codes import TransferCode
from app.ledger.errors import AccountClosed, ExceedsCredits, IdempotencyConflict
from app.ledger.posting import post_event
from app.ledger.requests import EventRequest, NewTransfer
from app.money import format_fen
from app.printing import queue
from app.printing.documents import EntryVoucher
from app.printing.signing import signer_for
from app.splits import apply as splits
from app.weighing import catalog
from app.weighing.capture import ScaleCapture
from app.weighing.desk_shift import require_open_shift
from app.weighing.models import Commodity, Merchant, Ticket, Vehicle, VehicleType
from app.printing.numbers import next_voucher_no
from app.weighing.plates import normalize_plate
from app.weighing.pricing import ApprovedTare, approved_tare, fee_fen

TEMPORARY_NAME = "临时户"
TEMPORARY_NAME_MAX_CHARS = 32


@dataclass(frozen=True)
class EntryDraft:
    """What the cashier has on screen."""
    plate: str
    commodity_id: int
    gross_g: int
    merchant_id: int | None = None      # None: the vehicle's merchant, else a temporary (cash) customer
    temporary_name: str = ""            # a walk-in's name for the voucher (may stay empty)
    vehicle_type_id: int | None = None  # an unknown vehicle: its type gives the tare
    weigh_tare_at_exit: bool = False    # this ticket: tare 0, the empty truck weighed at exit
    all_cash: bool = False              # a fixed merchant prefers to pay cash


@dataclass(frozen=True)
class Quote:
    plate: str
    vehicle_id: int | None
    merchant_id: int | None
    merchant_code: str | None
    merchant_name: str
    merchant_kind: str
    account_id: int | None
    commodity_id: int
    commodity_name: str
    category_id: int
    category_name: str
    price_id: int
    unit_price_fen: int
    price_source: str
    rounding_fen: int
    gross_g: int
    tare: ApprovedTare
    fee_fen: int
    available_fen: int | None   # the merchant's account, before this charge
    paid_account_fen: int       # suggested split: the account first, the shortfall in cash
    paid_cash_fen: int

    @property
    def net_g(self) -> int:
        return self.gross_g - self.tare.tare_g


@dataclass(frozen=True)
class EntryResult:
    ticket_id: int
    voucher_no: str
    fee_fen: int
    paid_account_fen: int
    paid_cash_fen: int
    balance_after_fen: int | None
    print_job_id: int
    replayed: bool


def quote_entry(db, actor: Actor, draft: EntryDraft) -> Quote:
    require(actor, "ticket.entry")
    return db.transact(lambda session: _quote(session, draft), readonly=True)


def _quote(session: Session, draft: EntryDraft) -> Quote:
    plate = normalize_plate(draft.plate)
    now = db_now(session)
    vehicle = session.scalar(select(Vehicle).where(Vehicle.plate == plate))
    merchant = _merchant(session, draft, vehicle)
    commodity = session.get(Commodity, draft.commodity_id) if type(draft.commodity_id) is int else None
    if commodity is None or not commodity.active:
        raise ValidationError("commodity: choose one from the list")
    price = catalog.price_in_force(session, commodity.id, now)
    tare = _tare(session, draft, vehicle)
    rounding = catalog.fee_rounding(session)
    fee = fee_fen(draft.gross_g, tare.tare_g, price.unit_price_fen, rounding)
    if fee == 0:
        raise ValidationError("the fee rounds to 0: check the weight and the price")
    available = None
    if merchant is not None and merchant.kind == "fixed":
        available = queries.balance(session, merchant.account_id).available_fen
    account_part = 0 if available is None or draft.all_cash else max(0, min(fee, available))
    category = commodity_category_name(session, commodity.category_id)
    return Quote(plate, vehicle.id if vehicle else None, merchant.id if merchant else None,
                 merchant.code if merchant else None, _merchant_name(draft, merchant),
                 merchant.kind if merchant else "temporary", merchant.account_id if merchant else None,
                 commodity.id, commodity.name, commodity.category_id, category, price.price_id,
                 price.unit_price_fen, price.source, rounding, draft.gross_g, tare, fee, available,
                 account_part, fee - account_part)


def commodity_category_name(session: Session, category_id: int) -> str:
    from app.weighing.models import CommodityCategory
    return session.get(CommodityCategory, category_id).name


def _merchant(session: Session, draft: EntryDraft, vehicle: Vehicle | None) -> Merchant | None:
    merchant_id = draft.merchant_id if draft.merchant_id is not None else (vehicle.merchant_id if vehicle else None)
    if merchant_id is None:
        return None
    merchant = session.get(Merchant, merchant_id)
    if merchant is None:
        raise ValidationError("merchant: not found")
    if merchant.status != "active":
        state = "closed" if merchant.status == "closed" else "suspended"
        raise ValidationError(f"the account of {merchant.name} is {state}: charge as a temporary customer "
                              "or ask the office")
    return merchant


def _merchant_name(draft: EntryDraft, merchant: Merchant | None) -> str:
    if merchant is not None:
        return merchant.name
    name = (draft.temporary_name or "").strip()
    if len(name) > TEMPORARY_NAME_MAX_CHARS:
        raise ValidationError(f"customer name: at most {TEMPORARY_NAME_MAX_CHARS} characters")
    return name or TEMPORARY_NAME


def _tare(session: Session, draft: EntryDraft, vehicle: Vehicle | None) -> ApprovedTare:
    if draft.weigh_tare_at_exit:
        return ApprovedTare(0, "weigh_at_exit", True)
    type_id = draft.vehicle_type_id if draft.vehicle_type_id is not None else (
        vehicle.vehicle_type_id if vehicle else None)
    type_tare = None
    if type_id is not None:
        vtype = session.get(VehicleType, type_id)
        if vtype is None or not vtype.active:
            raise ValidationError("vehicle type: choose one from the list")
        type_tare = vtype.tare_g
    return approved_tare(licensed_tare_g=vehicle.licensed_tare_g if vehicle else None, type_tare_g=type_tare,
                         weigh_at_exit=bool(vehicle and vehicle.weigh_tare_at_exit))


def charge_entry(db, actor: Actor, draft: EntryDraft, *, event_id: str, capture: ScaleCapture,
                 fee_fen_shown: int, cash_fen: int, override: Override | None = None) -> EntryResult:
    """Charge the fee the cashier was shown, taking `cash_fen` in cash and the rest from the
    merchant's account. Resubmitting the same event_id returns the first result."""
    require(actor, "ticket.entry")
    grant = require(actor, "ticket.manual_weight", override) if capture.manual else None
    capture.validate("gross weight")
    if capture.weight_g != draft.gross_g:
        raise ValidationError("gross weight: the capture and the ticket disagree")
    if type(cash_fen) is not int or not 0 <= cash_fen <= fee_fen_shown:
        raise ValidationError("cash: between 0 and the fee")
    authorised_by = grant.supervisor_name if grant else None

    def work(session: Session) -> EntryResult:
        replay = _replay(session, event_id, draft, cash_fen)
        if replay is not None:
            return replay
        shift = require_open_shift(session, actor)
        _lock_merchant_of(session, draft)  # a freeze or close elsewhere waits, or came first and is seen
        q = _quote(session, draft)
        if q.fee_fen != fee_fen_shown:
            raise Conflict(f"the fee is now {format_fen(q.fee_fen)} yuan (the price or the rounding changed): "
                           "check and confirm again")
        if q.merchant_kind == "temporary" and cash_fen != q.fee_fen:
            raise ValidationError("a temporary customer pays the whole fee in cash")
        paid_account = q.fee_fen - cash_fen
        now = db_now(session)
        voucher_no = next_voucher_no(session, "E", now)
        income = accounts.fee_income(session, q.category_id, q.category_name)
        transfers = []
        if paid_account:
            transfers.append(NewTransfer(q.account_id, income.id, paid_account, TransferCode.FEE,
                                         ticket_ref=voucher_no, shift_id=shift.id, memo=f"{q.plate} {q.commodity_name}"))
        if cash_fen:
            transfers.append(NewTransfer(shift.drawer_account_id, income.id, cash_fen, TransferCode.FEE,
                                         ticket_ref=voucher_no, shift_id=shift.id, memo=f"{q.plate} {q.commodity_name}"))
        # The fee's split (if a rule is in force) moves in the same event: all or nothing.
        split = splits.plan_charge(session, category_id=q.category_id, commodity_id=q.commodity_id,
                                   fee_fen=q.fee_fen, at=now)
        if split is not None:
            transfers.extend(split.transfers(income.id, ticket_ref=voucher_no, shift_id=shift.id))
        try:
            # The time comes from the clock read after the account locks, so transfers of one
            # account are in time order as they are in posting order (statements rely on it).
            posted = post_event(session, EventRequest(event_id, "weigh.entry", tuple(transfers)),
                                operator_id=actor.user_id, operator_name=actor.username, counter=actor.counter)
        except AccountClosed:
            raise ValidationError(f"the account of {q.merchant_name} is closed: charge as a temporary customer") \
                from None
        except ExceedsCredits as exc:
            raise Conflict(f"the balance of {q.merchant_name} is now {format_fen(exc.available_fen)} yuan: "
                           "take more in cash and confirm again") from None
        now = posted.transfers[0].created_at
        ticket = Ticket(voucher_no=voucher_no, event_id=event_id, shift_id=shift.id, counter=actor.counter,
                        operator_id=actor.user_id, operator_name=actor.username, vehicle_id=q.vehicle_id,
                        plate=q.plate, merchant_id=q.merchant_id, merchant_name=q.merchant_name,
                        merchant_kind=q.merchant_kind, commodity_id=q.commodity_id, commodity_name=q.commodity_name,
                        category_id=q.category_id, price_id=q.price_id, unit_price_fen=q.unit_price_fen,
                        rounding_fen=q.rounding_fen, gross_g=q.gross_g, tare_g=q.tare.tare_g,
                        tare_source=q.tare.source, fee_fen=q.fee_fen, paid_account_fen=paid_account,
                        paid_cash_fen=cash_fen, manual_weight=capture.manual, authorised_by=authorised_by,
                        refundable_by_weight=q.tare.refundable_by_weight, scale_frames=capture.frames_json(),
                        created_at=now)
        session.add(ticket)
        session.flush()
        if split is not None:
            splits.record(session, split, ticket_id=ticket.id, voucher_no=voucher_no, event_id=event_id, posted=posted)
        if q.vehicle_id is not None:
            session.get(Vehicle, q.vehicle_id).last_commodity_id = q.commodity_id
        balance_after = queries.balance(session, q.account_id).posted_fen if q.account_id else None
        document = queue.signed(EntryVoucher(
            number=voucher_no, counter=actor.counter, cashier=actor.display_name or actor.username,
            issued_at=to_local(now).strftime("%Y-%m-%d %H:%M:%S"), plate=q.plate, merchant=q.merchant_name,
            merchant_kind=q.merchant_kind, commodity=q.commodity_name, gross_g=q.gross_g, tare_g=q.tare.tare_g,
            tare_source=q.tare.source, unit_price_fen=q.unit_price_fen, fee_fen=q.fee_fen,
            paid_account_fen=paid_account, paid_cash_fen=cash_fen, balance_after_fen=balance_after,
            manual_weight=capture.manual, refundable_by_weight=q.tare.refundable_by_weight), signer_for(db))
        job_id = queue.enqueue(session, job_key=f"voucher:{voucher_no}", counter=actor.counter, document=document,
                               created_by=actor.username, open_drawer=cash_fen > 0, now=now)
        audit.append(session, action="weigh.entry", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=authorised_by, counter=actor.counter, target=voucher_no, now=now,
                     details={"plate": q.plate, "gross_g": q.gross_g, "tare_g": q.tare.tare_g,
                              "fee_fen": q.fee_fen, "cash_fen": cash_fen, "manual_weight": capture.manual})
        return EntryResult(ticket.id, voucher_no, q.fee_fen, paid_account, cash_fen, balance_after, job_id, False)

    try:
        return db.transact(work)
    except IdempotencyConflict:
        # A twin of this request (double click, retry after a timeout) committed while this
        # one waited; its voucher number differed, so the ledger saw other content. Answer
        # with the twin's result if it was really the same charge.
        replay = db.transact(lambda session: _replay(session, event_id, draft, cash_fen), readonly=True)
        if replay is None:
            raise
        return replay


_LOCK_MERCHANT = Sql("SELECT id FROM merchants WHERE id = :id", pg_suffix=" FOR SHARE")


def _lock_merchant_of(session: Session, draft: EntryDraft) -> None:
    merchant_id = draft.merchant_id
    if merchant_id is None:
        vehicle = session.scalar(select(Vehicle).where(Vehicle.plate == normalize_plate(draft.plate)))
        merchant_id = vehicle.merchant_id if vehicle else None
    if merchant_id is not None:
        _LOCK_MERCHANT.run(session, dict(id=merchant_id))


def _replay(session: Session, event_id: str, draft: EntryDraft, cash_fen: int) -> EntryResult | None:
    ticket = session.scalar(select(Ticket).where(Ticket.event_id == event_id))
    if ticket is None:
        return None
    same = (ticket.plate == normalize_plate(draft.plate) and ticket.gross_g == draft.gross_g
            and ticket.commodity_id == draft.commodity_id and ticket.paid_cash_fen == cash_fen)
    if not same:
        raise IdempotencyConflict(event_id)
    job_id = queue.find_by_key(session, f"voucher:{ticket.voucher_no}")
    balance = None
    if ticket.merchant_id is not None and ticket.merchant_kind == "fixed":
        balance = queries.balance(session, session.get(Merchant, ticket.merchant_id).account_id).posted_fen
    return EntryResult(ticket.id, ticket.voucher_no, ticket.fee_fen, ticket.paid_account_fen, ticket.paid_cash_fen,
                       balance, job_id, True)

