"""Recharge a fixed merchant's prepaid account, and reverse a mistaken recharge.

One transaction each: receipt number, ledger event, recharge row, print job and audit entry.
Cash goes into the clerk's shift drawer; other methods to that channel's clearing account,
with the channel's transaction reference, which can be credited only once (unique index).
A reversal takes the money back the way it came, only while the balance still covers it."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.clock import db_now, to_local
from app.db.rawsql import Sql
from app.errors import Conflict, NotFound, ValidationError
from app.ledger import accounts, queries
from app.ledger.codes import PaymentMethod, TransferCode
from app.ledger.errors import AccountClosed, ExceedsCredits, ExceedsDebits, IdempotencyConflict
from app.ledger.posting import post_event
from app.ledger.requests import EventRequest, NewTransfer
from app.money import format_fen
from app.printing import queue
from app.printing.documents import RechargeReceipt
from app.printing.numbers import next_voucher_no
from app.printing.signing import signer_for
from app.recharge.channels import channel
from app.recharge.limits import limits_in
from app.recharge.models import Recharge, RechargeReversal
from app.weighing.desk_shift import require_open_shift
from app.weighing.models import Merchant

REASON_MAX_CHARS = 200


@dataclass(frozen=True)
class RechargeResult:
    recharge_id: int
    receipt_no: str
    merchant_code: str
    amount_fen: int
    method: str
    reference: str | None
    balance_before_fen: int
    balance_after_fen: int
    print_job_id: int
    replayed: bool


def _merchant_for_money(session: Session, merchant_id: int, *, lock: bool) -> Merchant:
    sql = _LOCK_MERCHANT if lock else _GET_MERCHANT
    if sql.run(session, dict(id=merchant_id)).first() is None:
        raise NotFound(f"account of merchant {merchant_id} does not exist")
    merchant = session.get(Merchant, merchant_id)
    if merchant.kind != "fixed" or merchant.account_id is None:
        raise ValidationError(f"{merchant.name or merchant.code} is a temporary customer: no prepaid account")
    if merchant.status == "closed":
        raise ValidationError(f"account {merchant.code} is closed")
    if merchant.status != "active":
        raise ValidationError(f"account {merchant.code} is frozen: unfreeze it first")
    return merchant


_GET_MERCHANT = Sql("SELECT id FROM merchants WHERE id = :id")
_LOCK_MERCHANT = Sql("SELECT id FROM merchants WHERE id = :id", pg_suffix=" FOR UPDATE")


def recharge(db, actor: Actor, merchant_id: int, *, amount_fen: int, method: str, reference: str | None,
             event_id: str, confirmed_large: bool = False) -> RechargeResult:
    require(actor, "account.recharge")
    confirmation = channel(method).confirm(reference, amount_fen)

    def work(session: Session) -> RechargeResult:
        replay = _replay(session, event_id, merchant_id, amount_fen, confirmation.reference)
        if replay is not None:
            return replay
        limits_in(session).check(amount_fen, confirmed_large)
        merchant = _merchant_for_money(session, merchant_id, lock=True)  # a freeze or close waits, or came first
        replay = _replay(session, event_id, merchant_id, amount_fen, confirmation.reference)
        if replay is not None:  # a twin of this request committed while this one waited for the lock
            return replay
        _check_reference_unused(session, method, confirmation.reference)
        shift = require_open_shift(session, actor)
        now = db_now(session)
        receipt_no = next_voucher_no(session, "C", now)
        source = shift.drawer_account_id if method == "cash" else accounts.clearing(session, PaymentMethod(method)).id
        try:
            posted = post_event(session, EventRequest(event_id, "recharge", (NewTransfer(
                source, merchant.account_id, amount_fen, TransferCode.RECHARGE, ticket_ref=receipt_no,
                shift_id=shift.id, memo=f"{method} {confirmation.reference or ''}".strip()),)),
                operator_id=actor.user_id, operator_name=actor.username, counter=actor.counter)
        except AccountClosed:
            raise ValidationError(f"account {merchant.code} is closed") from None
        now = posted.transfers[0].created_at  # read after the account locks: statements stay in order
        after = queries.balance(session, merchant.account_id).posted_fen
        row = Recharge(receipt_no=receipt_no, event_id=event_id, merchant_id=merchant.id,
                       account_id=merchant.account_id, method=method, reference=confirmation.reference,
                       amount_fen=amount_fen, balance_before_fen=after - amount_fen, balance_after_fen=after,
                       shift_id=shift.id, counter=actor.counter, operator_id=actor.user_id,
                       operator_name=actor.username, created_at=now)
        session.add(row)
        try:
            with session.begin_nested():
                session.flush()
        except IntegrityError:  # the same payment credited by another counter a moment ago
            raise Conflict(_reference_used(method, confirmation.reference)) from None
        job_id = _print(session, db, actor, merchant, now, number=receipt_no, method=method,
                        reference=confirmation.reference, amount_fen=amount_fen, before_fen=row.balance_before_fen,
                        after_fen=after)
        audit.append(session, action="account.recharge", actor_id=actor.user_id, actor_name=actor.username,
                     counter=actor.counter, target=merchant.code, now=now,
                     details={"receipt": receipt_no, "amount_fen": amount_fen, "method": method,
                              "reference": confirmation.reference, "confirmed_by": confirmation.confirmed_by})
        return _result(row, merchant, job_id, False)

    try:
        return db.transact(work)
    except IdempotencyConflict:  # a twin committed while this one waited (see weighing.entry)
        replay = db.transact(lambda s: _replay(s, event_id, merchant_id, amount_fen, confirmation.reference),
                             readonly=True)
        if replay is None:
            raise
        return replay


def _reference_used(method: str, reference: str | None) -> str:
    return f"{method} payment {reference} has already been credited: the same payment cannot be credited twice"


def _check_reference_unused(session: Session, method: str, reference: str | None) -> None:
    if reference is None:
        return
    used = session.scalar(select(Recharge.receipt_no).where(Recharge.method == method,
                                                            Recharge.reference == reference))
    if used is not None:
        raise Conflict(_reference_used(method, reference) + f" (receipt {used})")


def _print(session, db, actor: Actor, merchant: Merchant, now, *, number: str, method: str, reference: str | None,
           amount_fen: int, before_fen: int, after_fen: int, reversal: bool = False, reason: str = "") -> int:
    document = queue.signed(RechargeReceipt(
        number=number, counter=actor.counter, cashier=actor.display_name or actor.username,
        issued_at=to_local(now).strftime("%Y-%m-%d %H:%M:%S"), account_no=merchant.code, holder=merchant.name,
        method=method, reference=reference or "", amount_fen=amount_fen, balance_before_fen=before_fen,
        balance_after_fen=after_fen, reversal=reversal, reason=reason), signer_for(db))
    return queue.enqueue(session, job_key=f"receipt:{number}", counter=actor.counter, document=document,
                         created_by=actor.username, open_drawer=method == "cash", now=now)


def _result(row: Recharge, merchant: Merchant, job_id: int, replayed: bool) -> RechargeResult:
    return RechargeResult(row.id, row.receipt_no, merchant.code, row.amount_fen, row.method, row.reference,
                          row.balance_before_fen, row.balance_after_fen, job_id, replayed)


def _replay(session: Session, event_id: str, merchant_id: int, amount_fen: int,
            reference: str | None) -> RechargeResult | None:
    row = session.scalar(select(Recharge).where(Recharge.event_id == event_id))
    if row is None:
        return None
    if (row.merchant_id, row.amount_fen, row.reference) != (merchant_id, amount_fen, reference):
        raise IdempotencyConflict(event_id)
    return _result(row, session.get(Merchant, row.merchant_id),
                   queue.find_by_key(session, f"receipt:{row.receipt_no}"), True)


# ---- reversal --------------------------------------------------------------------------

@dataclass(frozen=True)
class ReversalResult:
    reversal_id: int
    receipt_no: str
    recharge_receipt_no: str
    amount_fen: int
    method: str
    balance_after_fen: int
    print_job_id: int
    replayed: bool


_LOCK_RECHARGE = Sql("SELECT id FROM recharges WHERE id = :id", pg_suffix=" FOR UPDATE")


def reverse_recharge(db, actor: Actor, recharge_id: int, *, reason: str, event_id: str,
                     override: Override | None = None) -> ReversalResult:
    """Only a whole recharge, only once, only while the balance still covers it; cash comes
    out of the clerk's drawer, a channel payment is recorded as owed back through it."""
    grant = require(actor, "account.recharge_reverse", override)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason: say why the recharge is reversed")
    if len(reason) > REASON_MAX_CHARS:
        raise ValidationError(f"reason: at most {REASON_MAX_CHARS} characters")

    def work(session: Session) -> ReversalResult:
        if _LOCK_RECHARGE.run(session, dict(id=recharge_id)).first() is None:
            raise NotFound(f"recharge {recharge_id} does not exist")
        existing = session.scalar(select(RechargeReversal).where(RechargeReversal.recharge_id == recharge_id))
        if existing is not None:
            if existing.event_id == event_id:
                return _reversal_result(session, existing, True)
            raise Conflict(f"recharge {session.get(Recharge, recharge_id).receipt_no} was already reversed "
                           f"(receipt {existing.receipt_no})")
        row = session.get(Recharge, recharge_id)
        merchant = _merchant_for_money(session, row.merchant_id, lock=True)
        shift = require_open_shift(session, actor)
        now = db_now(session)
        receipt_no = next_voucher_no(session, "X", now)
        back_to = shift.drawer_account_id if row.method == "cash" else \
            accounts.clearing(session, PaymentMethod(row.method)).id
        balance = queries.balance(session, merchant.account_id)
        if balance.posted_fen - balance.reserved_fen < row.amount_fen:
            # The overdraft does not count: reversing into it would pay out money already spent.
            raise Conflict(f"the balance of {merchant.code} is {format_fen(balance.posted_fen - balance.reserved_fen)}"
                           f" yuan, less than the recharge of {format_fen(row.amount_fen)} yuan: it cannot be "
                           "reversed")
        try:
            posted = post_event(session, EventRequest(event_id, "recharge.reverse", (NewTransfer(
                merchant.account_id, back_to, row.amount_fen, TransferCode.RECHARGE_REVERSAL, ticket_ref=row.receipt_no,
                shift_id=shift.id, memo=f"reversal {receipt_no}: {reason}"[:200]),)),
                operator_id=actor.user_id, operator_name=actor.username, counter=actor.counter)
        except ExceedsCredits as exc:
            raise Conflict(f"the balance of {merchant.code} is {format_fen(exc.available_fen)} yuan, less than "
                           f"the recharge of {format_fen(row.amount_fen)} yuan: it cannot be reversed") from None
        except ExceedsDebits as exc:
            raise Conflict(f"the drawer holds only {format_fen(exc.available_fen)} yuan in cash: not enough to "
                           "pay this reversal") from None
        now = posted.transfers[0].created_at
        reversal = RechargeReversal(recharge_id=row.id, receipt_no=receipt_no, event_id=event_id, reason=reason,
                                    shift_id=shift.id, counter=actor.counter, operator_id=actor.user_id,
                                    operator_name=actor.username, authorised_by=grant.supervisor_name,
                                    created_at=now)
        session.add(reversal)
        session.flush()
        after = queries.balance(session, merchant.account_id).posted_fen
        job_id = _print(session, db, actor, merchant, now, number=receipt_no, method=row.method,
                        reference=row.reference, amount_fen=row.amount_fen, before_fen=after + row.amount_fen,
                        after_fen=after, reversal=True, reason=reason)
        audit.append(session, action="account.recharge_reverse", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=grant.supervisor_name, counter=actor.counter, target=merchant.code, now=now,
                     details={"recharge": row.receipt_no, "receipt": receipt_no, "amount_fen": row.amount_fen,
                              "method": row.method, "reason": reason})
        return ReversalResult(reversal.id, receipt_no, row.receipt_no, row.amount_fen, row.method, after, job_id,
                              False)

    return db.transact(work)


def _reversal_result(session: Session, reversal: RechargeReversal, replayed: bool) -> ReversalResult:
    row = session.get(Recharge, reversal.recharge_id)
    merchant = session.get(Merchant, row.merchant_id)
    after = queries.balance(session, merchant.account_id).posted_fen
    return ReversalResult(reversal.id, reversal.receipt_no, row.receipt_no, row.amount_fen, row.method, after,
                          queue.find_by_key(session, f"receipt:{reversal.receipt_no}"), replayed)
