"""Opening, finding and closing accounts. System accounts come from the migration; the
others (prepaid, drawers, income per category, split payables) are created on demand by key,
race-free on both engines (INSERT .. ON CONFLICT DO NOTHING, then SELECT)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.db.clock import db_now
from app.ledger.codes import LEDGER_CNY, AccountCode, PaymentMethod
from app.ledger.errors import AccountNotFound, LedgerError
from app.ledger.models import Account

KEY_MAX_CHARS = 96


@dataclass(frozen=True)
class AccountSpec:
    key: str
    code: AccountCode
    name: str
    debits_must_not_exceed_credits: bool = False
    credits_must_not_exceed_debits: bool = False
    overdraft_limit_fen: int = 0
    ledger: int = LEDGER_CNY

    def __post_init__(self):
        assert 0 < len(self.key) <= KEY_MAX_CHARS
        assert self.overdraft_limit_fen >= 0
        assert not (self.debits_must_not_exceed_credits and self.credits_must_not_exceed_debits)
        assert self.overdraft_limit_fen == 0 or self.debits_must_not_exceed_credits


def ensure_account(session: Session, spec: AccountSpec) -> Account:
    """The account with this key, created with `spec` if it does not exist yet."""
    account = session.scalar(select(Account).where(Account.key == spec.key))
    if account is None:
        account = _insert_if_missing(session, spec)
    if account.code != str(spec.code):
        raise LedgerError(f"account key '{spec.key}' already belongs to a {account.code} account")
    return account


def _insert_if_missing(session: Session, spec: AccountSpec) -> Account:
    values = dict(key=spec.key, ledger=spec.ledger, code=str(spec.code), name=spec.name,
                  debits_must_not_exceed_credits=spec.debits_must_not_exceed_credits,
                  credits_must_not_exceed_debits=spec.credits_must_not_exceed_debits,
                  overdraft_limit_fen=spec.overdraft_limit_fen, debits_pending=0, debits_posted=0,
                  credits_pending=0, credits_posted=0, closed=False, opened_at=db_now(session))
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(Account).values(**values).on_conflict_do_nothing(index_elements=["key"]))
    account = session.scalar(select(Account).where(Account.key == spec.key))
    assert account is not None
    return account


def get_by_key(session: Session, key: str) -> Account:
    account = session.scalar(select(Account).where(Account.key == key))
    if account is None:
        raise AccountNotFound(f"'{key}'")
    return account


def get(session: Session, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None:
        raise AccountNotFound(account_id)
    return account


# ---- the chart of accounts -----------------------------------------------------------------

def safe(session: Session) -> Account:
    return get_by_key(session, "safe")


def bank(session: Session) -> Account:
    return get_by_key(session, "bank")


def over_short(session: Session) -> Account:
    return get_by_key(session, "over_short")


def cash_payouts(session: Session) -> Account:
    return ensure_account(session, AccountSpec("cash_payouts", AccountCode.CASH_PAYOUTS, "Cash paid out"))


def clearing(session: Session, method: PaymentMethod) -> Account:
    return get_by_key(session, f"clearing:{PaymentMethod(method)}")


def fee_income(session: Session, category_id: int, category_name: str) -> Account:
    return ensure_account(session, AccountSpec(f"income:category:{category_id}", AccountCode.FEE_INCOME,
                                               f"Fee income: {category_name}"))


def merchant_prepaid(session: Session, merchant_id: int, merchant_name: str,
                     overdraft_limit_fen: int = 0) -> Account:
    return ensure_account(session, AccountSpec(
        f"prepaid:merchant:{merchant_id}", AccountCode.MERCHANT_PREPAID, f"Prepaid: {merchant_name}",
        debits_must_not_exceed_credits=True, overdraft_limit_fen=overdraft_limit_fen))


def tenant_prepaid(session: Session, tenant_id: int, tenant_name: str) -> Account:
    return ensure_account(session, AccountSpec(
        f"prepaid:tenant:{tenant_id}", AccountCode.TENANT_PREPAID, f"Prepaid: {tenant_name}",
        debits_must_not_exceed_credits=True))


def split_payable(session: Session, beneficiary_id: int, beneficiary_name: str) -> Account:
    return ensure_account(session, AccountSpec(
        f"payable:split:{beneficiary_id}", AccountCode.SPLIT_PAYABLE, f"Payable: {beneficiary_name}"))


def shift_drawer(session: Session, shift_id: int, label: str) -> Account:
    """A drawer cannot pay out more cash than it holds."""
    return ensure_account(session, AccountSpec(
        f"drawer:shift:{shift_id}", AccountCode.CASH_DRAWER, f"Cash drawer: {label}",
        credits_must_not_exceed_debits=True))


def close(session: Session, account: Account) -> None:
    """Closed accounts refuse every new transfer; only an empty account with nothing reserved
    may be closed (pay out or transfer the balance first). One guarded statement, so another
    counter's recharge committed a moment ago cannot slip in between check and close."""
    if account.closed:
        return
    t = Account.__table__
    closed = session.execute(
        update(t).where(t.c.id == account.id, t.c.closed.is_(False), t.c.debits_posted == t.c.credits_posted,
                        t.c.debits_pending == 0, t.c.credits_pending == 0)
        .values(closed=True, closed_at=db_now(session)).returning(t.c.id)).first()
    session.expire(account)
    if closed is None:
        raise LedgerError(f"account '{account.name}' still holds money or reservations; "
                          f"settle it before closing")
