"""Applying split rules inside the weigh desk's own transactions (no permission of their own:
the charge, refund or void that calls them has checked its permission).

Charge: the rule in force shares the fee; each external beneficiary's share moves from the
category's fee income to its payable account (SPLIT transfers in the charge's own event), the
market's shares stay in the income. Refund: every share gives back its part of the refund in
proportion (payable -> income, SPLIT, in the refund's event). Void: the void reverses every
transfer of the charge's event, splits included; here only its log rows are written.
The split log gets one row per beneficiary and event, so per ticket it adds up to what was
kept of the fee."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.ledger.codes import TransferCode
from app.ledger.requests import EventResult, NewTransfer
from app.splits.models import Beneficiary, SplitLogEntry
from app.splits.rules import rule_in_force
from app.splits.shares import compute_shares, reverse_shares


@dataclass(frozen=True)
class SplitPlan:
    kind: str                                   # 'charge', 'refund' or 'void'
    version_id: int
    shares: tuple[tuple[int, int], ...]         # (beneficiary id, fen given (charge) or taken back (refund))
    beneficiaries: dict[int, tuple[str, int | None]]   # id -> (name, payable account id or None)

    def transfers(self, income_account_id: int, *, ticket_ref: str, shift_id: int) -> tuple[NewTransfer, ...]:
        out = []
        for beneficiary_id, amount in self.shares:
            name, payable = self.beneficiaries[beneficiary_id]
            if payable is None or amount == 0:
                continue    # the market's share stays in the income; nothing moves for 0
            debit, credit = (income_account_id, payable) if self.kind == "charge" else (payable, income_account_id)
            out.append(NewTransfer(debit, credit, amount, TransferCode.SPLIT, ticket_ref=ticket_ref,
                                   shift_id=shift_id, memo=f"split {self.kind}: {name}"[:200]))
        return tuple(out)


def _beneficiaries(session: Session, ids) -> dict[int, tuple[str, int | None]]:
    rows = session.execute(select(Beneficiary.id, Beneficiary.name, Beneficiary.account_id)
                           .where(Beneficiary.id.in_(list(ids)))).all()
    return {r[0]: (r[1], r[2]) for r in rows}


def plan_charge(session: Session, *, category_id: int, commodity_id: int, fee_fen: int,
                at: datetime) -> SplitPlan | None:
    found = rule_in_force(session, category_id, commodity_id, at)
    if found is None:
        return None
    version_id, rule = found
    shares = tuple(compute_shares(fee_fen, rule))
    return SplitPlan("charge", version_id, shares, _beneficiaries(session, (b for b, _ in shares)))


def _charged(session: Session, ticket_id: int) -> list[SplitLogEntry]:
    return list(session.scalars(select(SplitLogEntry).where(SplitLogEntry.ticket_id == ticket_id,
                                                            SplitLogEntry.kind == "charge")
                                .order_by(SplitLogEntry.id)))


def plan_refund(session: Session, *, ticket_id: int, refund_fen: int) -> SplitPlan | None:
    """None when the charge was not split (no rule then)."""
    charged = _charged(session, ticket_id)
    if not charged:
        return None
    shares = tuple(reverse_shares([(r.beneficiary_id, r.amount_fen) for r in charged], refund_fen))
    return SplitPlan("refund", charged[0].version_id, shares,
                     _beneficiaries(session, (r.beneficiary_id for r in charged)))


def _transfer_ids(plan_accounts: dict[int, tuple[str, int | None]], posted: EventResult) -> dict[int, int]:
    """beneficiary id -> the transfer of the event that touched its payable account."""
    by_account = {}
    for t in posted.transfers:
        by_account[t.debit_account_id] = t.id
        by_account[t.credit_account_id] = t.id
    return {b: by_account[acc] for b, (_, acc) in plan_accounts.items() if acc is not None and acc in by_account}


def record(session: Session, plan: SplitPlan, *, ticket_id: int, voucher_no: str, event_id: str,
           posted: EventResult) -> None:
    """The plan's log rows, after its transfers were posted in `posted` (a void's transfers are
    the charge's reversed, posted by the void itself)."""
    sign = 1 if plan.kind == "charge" else -1
    transfer_ids = _transfer_ids(plan.beneficiaries, posted)
    at = posted.transfers[0].created_at
    for beneficiary_id, amount in plan.shares:
        session.add(SplitLogEntry(ticket_id=ticket_id, voucher_no=voucher_no, kind=plan.kind, event_id=event_id,
                                  version_id=plan.version_id, beneficiary_id=beneficiary_id,
                                  amount_fen=sign * amount, transfer_id=transfer_ids.get(beneficiary_id) if amount
                                  else None, created_at=at))
    session.flush()


def record_void(session: Session, *, ticket_id: int, voucher_no: str, event_id: str, posted: EventResult) -> None:
    """A void gives every share back in full (the void reversed each transfer of the charge)."""
    charged = _charged(session, ticket_id)
    if not charged:
        return
    plan = SplitPlan("void", charged[0].version_id, tuple((r.beneficiary_id, r.amount_fen) for r in charged),
                     _beneficiaries(session, (r.beneficiary_id for r in charged)))
    record(session, plan, ticket_id=ticket_id, voucher_no=voucher_no, event_id=event_id, posted=posted)
