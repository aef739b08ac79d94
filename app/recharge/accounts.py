"""Prepaid accounts at the recharge desk: find one, freeze or unfreeze it, set its overdraft
limit, close it (paying out what is left). Opening one is creating a fixed merchant
(app.weighing.merchants.create_merchant)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.auth.actor import Actor, Override, require
from app.db.clock import db_now
from app.errors import Conflict, NotFound, ValidationError
from app.ledger import accounts as ledger_accounts
from app.ledger import queries
from app.ledger.codes import PaymentMethod, TransferCode
from app.ledger.errors import ExceedsDebits, LedgerError
from app.ledger.models import Account
from app.ledger.posting import post_event
from app.ledger.requests import EventRequest, NewTransfer
from app.money import format_fen
from app.printing.numbers import next_voucher_no
from app.recharge.models import AccountClosure
from app.recharge.service import _merchant_for_money, _print
from app.weighing import merchants as merchant_service
from app.weighing.desk_shift import require_open_shift
from app.weighing.fields import record
from app.weighing.models import Merchant, Vehicle
from app.weighing.plates import plate_fragment

OVERDRAFT_MAX_FEN = 100_000_00
REASON_MAX_CHARS = 200


@dataclass(frozen=True)
class AccountInfo:
    merchant_id: int
    code: str                 # the account number the merchant knows: M000123
    name: str
    phone: str
    status: str               # active | suspended (frozen) | closed
    account_id: int
    balance_fen: int          # posted
    available_fen: int        # balance - reserved + overdraft
    overdraft_limit_fen: int

    @property
    def frozen(self) -> bool:
        return self.status == "suspended"


def _info(merchant: Merchant, account: Account) -> AccountInfo:
    b = queries.balance_of(account)
    return AccountInfo(merchant.id, merchant.code, merchant.name, merchant.phone, merchant.status, account.id,
                       b.posted_fen, b.available_fen, account.overdraft_limit_fen)


def account_info(db, merchant_id: int) -> AccountInfo:
    def work(session: Session) -> AccountInfo:
        merchant = session.get(Merchant, merchant_id)
        if merchant is None or merchant.account_id is None:
            raise NotFound(f"no prepaid account for merchant {merchant_id}")
        return _info(merchant, session.get(Account, merchant.account_id))
    return db.transact(work, readonly=True)


def find_accounts(db, text: str, limit: int = 20) -> list[AccountInfo]:
    """By account number, name, pinyin initials or phone (merchant search), or by the plate
    of one of the merchant's vehicles. Prepaid accounts only."""
    hits = [m for m in merchant_service.search_merchants(db, text, limit) if m.account_id is not None]
    fragment = plate_fragment(text)
    if len(fragment) >= 5:
        def by_plate(session: Session) -> list[int]:
            return list(session.scalars(select(Vehicle.merchant_id).where(Vehicle.plate == fragment,
                                                                          Vehicle.merchant_id.is_not(None))))
        extra = db.transact(by_plate, readonly=True)
        known = {m.id for m in hits}
        hits += [merchant_service.get_merchant(db, mid) for mid in extra if mid not in known]
    ids = [m.id for m in hits if m.account_id is not None][:limit]

    def load(session: Session) -> list[AccountInfo]:
        rows = session.execute(select(Merchant, Account).join(Account, Account.id == Merchant.account_id)
                               .where(Merchant.id.in_(ids))).all()
        by_id = {m.id: _info(m, a) for m, a in rows}
        return [by_id[i] for i in ids if i in by_id]
    return db.transact(load, readonly=True) if ids else []


def set_frozen(db, actor: Actor, merchant_id: int, frozen: bool, *, reason: str = "",
               override: Override | None = None) -> AccountInfo:
    """A frozen account takes no recharge and no charge until unfrozen."""
    grant = require(actor, "merchant.manage", override)

    def work(session: Session) -> AccountInfo:
        merchant = session.get(Merchant, merchant_id)
        if merchant is None or merchant.account_id is None:
            raise NotFound(f"no prepaid account for merchant {merchant_id}")
        if merchant.status == "closed":
            raise ValidationError(f"account {merchant.code} is closed")
        new = "suspended" if frozen else "active"
        if merchant.status != new:
            merchant.status = new
            merchant.updated_at = db_now(session)
            record(session, grant, "account.freeze" if frozen else "account.unfreeze", merchant.code,
                   {"reason": (reason or "").strip()[:REASON_MAX_CHARS]})
        return _info(merchant, session.get(Account, merchant.account_id))
    return db.transact(work)


def set_overdraft_limit(db, actor: Actor, merchant_id: int, limit_fen: int,
                        override: Override | None = None) -> AccountInfo:
    grant = require(actor, "merchant.manage", override)
    if type(limit_fen) is not int or not 0 <= limit_fen <= OVERDRAFT_MAX_FEN:
        raise ValidationError(f"overdraft limit: 0 to {format_fen(OVERDRAFT_MAX_FEN)} yuan")

    def work(session: Session) -> AccountInfo:
        merchant = _merchant_for_money(session, merchant_id, lock=True)
        account = session.get(Account, merchant.account_id)
        old = account.overdraft_limit_fen
        if old != limit_fen:
            try:
                with session.begin_nested():  # the CHECK refuses a limit below what is already used
                    session.execute(update(Account).where(Account.id == account.id)
                                    .values(overdraft_limit_fen=limit_fen))
            except IntegrityError:
                used = account.debits_posted + account.debits_pending - account.credits_posted
                raise ValidationError(f"overdraft limit: the account already uses {format_fen(used)} yuan of "
                                      "overdraft; recharge first or choose a higher limit") from None
            session.expire(account)
            record(session, grant, "account.overdraft", merchant.code, {"old_fen": old, "new_fen": limit_fen})
        return _info(merchant, session.get(Account, merchant.account_id))
    return db.transact(work)


@dataclass(frozen=True)
class ClosureResult:
    merchant_code: str
    receipt_no: str
    paid_out_fen: int
    paid_by: str
    print_job_id: int | None


def close_account(db, actor: Actor, merchant_id: int, *, paid_by: str, reason: str, event_id: str,
                  reference: str | None = None, override: Override | None = None) -> ClosureResult:
    """Pay out what is left (cash from the clerk's drawer, or a bank transfer with its
    reference), then close the ledger account for good; a receipt says how much left how."""
    grant = require(actor, "merchant.manage", override)
    if paid_by not in ("cash", "transfer"):
        raise ValidationError("paid by: cash or transfer")
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_MAX_CHARS:
        raise ValidationError(f"reason: 1 to {REASON_MAX_CHARS} characters")
    reference = (reference or "").strip() or None
    if paid_by == "transfer" and reference is None:
        raise ValidationError("reference: the bank transfer's reference")

    def work(session: Session) -> ClosureResult:
        done = session.scalar(select(AccountClosure).where(AccountClosure.merchant_id == merchant_id))
        if done is not None and done.event_id in (event_id, None) and done.operator_id == actor.user_id:
            from app.printing import queue  # the same request again (double click, retry)
            return ClosureResult(session.get(Merchant, merchant_id).code, done.receipt_no, done.paid_out_fen,
                                 done.paid_by, queue.find_by_key(session, f"receipt:{done.receipt_no}"))
        merchant = _merchant_for_money(session, merchant_id, lock=True)
        account = session.get(Account, merchant.account_id)
        balance = queries.balance_of(account)
        if balance.reserved_fen:
            raise Conflict(f"account {merchant.code} has {format_fen(balance.reserved_fen)} yuan reserved: "
                           "wait for it to settle")
        if balance.posted_fen < 0:
            raise Conflict(f"account {merchant.code} owes {format_fen(-balance.posted_fen)} yuan: "
                           "settle the overdraft first")
        now = db_now(session)
        receipt_no = next_voucher_no(session, "K", now)
        shift = require_open_shift(session, actor) if balance.posted_fen and paid_by == "cash" else None
        event = None
        if balance.posted_fen:
            to = shift.drawer_account_id if paid_by == "cash" else \
                ledger_accounts.clearing(session, PaymentMethod.BANK_TRANSFER).id
            try:
                post_event(session, EventRequest(event_id, "account.close", (NewTransfer(
                    account.id, to, balance.posted_fen, TransferCode.ACCOUNT_CLOSE, ticket_ref=receipt_no,
                    shift_id=shift.id if shift else None, memo=reason[:200]),)),
                    operator_id=actor.user_id, operator_name=actor.username, counter=actor.counter)
            except ExceedsDebits as exc:
                raise Conflict(f"the drawer holds only {format_fen(exc.available_fen)} yuan: pay the "
                               f"{format_fen(balance.posted_fen)} yuan by transfer instead") from None
            event = event_id
        try:
            ledger_accounts.close(session, session.get(Account, account.id))
        except LedgerError as exc:
            raise Conflict(str(exc)) from None
        merchant.status = "closed"
        merchant.updated_at = now
        session.add(AccountClosure(merchant_id=merchant.id, receipt_no=receipt_no, event_id=event,
                                   paid_out_fen=balance.posted_fen,
                                   paid_by=paid_by if balance.posted_fen else "none", reference=reference,
                                   reason=reason, shift_id=shift.id if shift else None, operator_id=actor.user_id,
                                   operator_name=actor.username, created_at=now))
        session.flush()
        job_id = None
        if balance.posted_fen:
            job_id = _print(session, db, actor, merchant, now, number=receipt_no,
                            method="cash" if paid_by == "cash" else "bank_transfer", reference=reference,
                            amount_fen=balance.posted_fen, before_fen=balance.posted_fen, after_fen=0,
                            reversal=True, reason=f"销户：{reason}"[:200])
        record(session, grant, "account.close", merchant.code,
               {"receipt": receipt_no, "paid_out_fen": balance.posted_fen, "paid_by": paid_by, "reason": reason})
        return ClosureResult(merchant.code, receipt_no, balance.posted_fen, paid_by, job_id)

    return db.transact(work)
