"""Merchants: fixed ones hold a prepaid account in the ledger (opened with the merchant, in
the same transaction); temporary ones pay cash. Edited in place (merchant.manage), every
change audited with its old and new values."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, or_, select, text
from sqlalchemy.orm import Session

from app.auth.actor import Actor, Override, require
from app.db.clock import db_now
from app.db.database import Database
from app.errors import Conflict, NotFound, ValidationError
from app.ledger import accounts
from app.ledger.models import Account
from app.ledger.queries import balance_of
from app.money import format_fen
from app.weighing.fields import NAME_MAX_CHARS, changes, id_field, record, text_field
from app.weighing.initials import initials
from app.weighing.matching import Matcher
from app.weighing.models import Merchant

KINDS = ("fixed", "temporary")
STATUSES = ("active", "suspended")
PHONE_MAX_CHARS = 32
PHONE_DIGITS_MIN, PHONE_DIGITS_MAX = 5, 20
OVERDRAFT_MAX_FEN = 100_000_00        # 100 000 yuan of credit: beyond that it is a typing mistake
SEARCH_LIMIT_MAX = 100
SEARCH_TEXT_MAX_CHARS = 64
CODE_PREFIX = "M"
_PHONE = re.compile(r"^[0-9+\- ]+$")
_ID_NUMBER = re.compile(r"^(\d{15}|\d{17}[0-9X])$")   # resident ID card: 15 (old) or 18 characters
_CODE = re.compile(r"^M(\d{1,9})$")



@dataclass(frozen=True)
class MerchantSummary:
    """What a vehicle or a search hit says about its merchant."""
    id: int
    code: str
    name: str
    kind: str
    status: str


@dataclass(frozen=True)
class MerchantInfo:
    id: int
    code: str
    kind: str
    name: str
    initials: str
    contact: str
    phone: str
    id_number: str
    status: str
    account_id: int | None
    available_fen: int | None        # fixed: balance + overdraft - reserved; temporary: None
    overdraft_limit_fen: int | None
    created_at: datetime
    updated_at: datetime

    @property
    def summary(self) -> MerchantSummary:
        return MerchantSummary(self.id, self.code, self.name, self.kind, self.status)


def merchant_code(merchant_id: int) -> str:
    """M000123: the number on the merchant's card and statements."""
    assert merchant_id > 0
    return f"{CODE_PREFIX}{merchant_id:06d}"


def summary_of(m: Merchant) -> MerchantSummary:
    return MerchantSummary(m.id, m.code, m.name, m.kind, m.status)


def _info(m: Merchant, account: Account | None) -> MerchantInfo:
    assert (account is not None) == (m.account_id is not None)
    bal = balance_of(account) if account is not None else None
    return MerchantInfo(m.id, m.code, m.kind, m.name, m.initials, m.contact, m.phone, m.id_number, m.status,
                        m.account_id, bal.available_fen if bal else None,
                        bal.overdraft_limit_fen if bal else None, m.created_at, m.updated_at)


# ---- checks --------------------------------------------------------------------------------

def _phone(value: str | None) -> str:
    phone = " ".join(text_field(value, "phone", PHONE_MAX_CHARS).split())
    if not phone:
        return ""
    digits = sum(ch.isdigit() for ch in phone)
    if not _PHONE.match(phone) or not PHONE_DIGITS_MIN <= digits <= PHONE_DIGITS_MAX:
        raise ValidationError(f"phone: {PHONE_DIGITS_MIN} to {PHONE_DIGITS_MAX} digits "
                              "(with +, - and spaces if you like)")
    return phone


def _id_number(value: str | None) -> str:
    number = text_field(value, "ID number", 18).upper()
    if number and not _ID_NUMBER.match(number):
        raise ValidationError("ID number: 15 or 18 characters, digits (the last may be X)")
    return number


def _name(value: str | None, kind: str) -> str:
    """Required for a fixed merchant (the account holder); a temporary one may stay anonymous."""
    return text_field(value, "name", NAME_MAX_CHARS, required=kind == "fixed")


def _merchant(session: Session, merchant_id: int, *, lock: bool = False) -> Merchant:
    stmt = select(Merchant).where(Merchant.id == id_field(merchant_id, "merchant"))
    if lock:
        stmt = stmt.with_for_update()
    merchant = session.scalar(stmt)
    if merchant is None:
        raise NotFound(f"merchant {merchant_id} does not exist")
    return merchant


def _account(session: Session, merchant: Merchant) -> Account | None:
    return session.get(Account, merchant.account_id) if merchant.account_id is not None else None


def _reserve_id(session: Session) -> int:
    """The new merchant's id before its row exists: the prepaid account's key carries it and
    the row must name the account (CHECK fixed_has_account)."""
    if session.get_bind().dialect.name == "postgresql":
        return session.scalar(text("SELECT nextval(pg_get_serial_sequence('merchants', 'id'))"))
    # SQLite: BEGIN IMMEDIATE has made us the only writer until COMMIT.
    return session.scalar(select(func.coalesce(func.max(Merchant.id), 0) + 1))


# ---- services ------------------------------------------------------------------------------

def create_merchant(db: Database, actor: Actor, *, kind: str, name: str, contact: str = "", phone: str = "",
                    id_number: str = "", overdraft_limit_fen: int = 0,
                    override: Override | None = None) -> MerchantInfo:
    grant = require(actor, "merchant.manage", override)
    if kind not in KINDS:
        raise ValidationError("kind: fixed (prepaid account) or temporary (cash)")
    name = _name(name, kind)
    contact = text_field(contact, "contact", NAME_MAX_CHARS)
    phone, id_number = _phone(phone), _id_number(id_number)
    if type(overdraft_limit_fen) is not int or not 0 <= overdraft_limit_fen <= OVERDRAFT_MAX_FEN:
        raise ValidationError(f"overdraft limit: 0 to {format_fen(OVERDRAFT_MAX_FEN)} yuan, in fen")
    if kind == "temporary" and overdraft_limit_fen:
        raise ValidationError("overdraft limit: only a fixed merchant has an account")

    def work(session: Session) -> MerchantInfo:
        merchant_id = _reserve_id(session)
        account = None
        if kind == "fixed":
            account = accounts.merchant_prepaid(session, merchant_id, name or merchant_code(merchant_id),
                                                overdraft_limit_fen)
            if account.debits_posted or account.credits_posted or account.debits_pending or \
                    account.credits_pending or account.overdraft_limit_fen != overdraft_limit_fen:
                # Only a hand-made account could be there already; never hand its money over.
                raise Conflict(f"ledger account {account.key} already exists with other terms; ask for support")
        now = db_now(session)
        merchant = Merchant(id=merchant_id, code=merchant_code(merchant_id), kind=kind, name=name,
                            initials=initials(name), contact=contact, phone=phone, id_number=id_number,
                            status="active", account_id=account.id if account else None,
                            created_at=now, updated_at=now)
        session.add(merchant)
        session.flush()
        record(session, grant, "merchant.create", merchant.code, {
            "kind": kind, "name": name, "contact": contact, "phone": phone, "id_number": id_number,
            "account_id": merchant.account_id, "overdraft_limit_fen": overdraft_limit_fen})
        return _info(merchant, account)

    return db.transact(work)


def update_merchant(db: Database, actor: Actor, merchant_id: int, *, name: str | None = None,
                    contact: str | None = None, phone: str | None = None, id_number: str | None = None,
                    status: str | None = None, override: Override | None = None) -> MerchantInfo:
    """Change what is given (None: keep). A suspended merchant stays on record and in
    searches (after the active ones); the desk refuses to charge it."""
    grant = require(actor, "merchant.manage", override)
    if status is not None and status not in STATUSES:
        raise ValidationError("status: active or suspended")
    given = {"contact": text_field(contact, "contact", NAME_MAX_CHARS) if contact is not None else None,
             "phone": _phone(phone) if phone is not None else None,
             "id_number": _id_number(id_number) if id_number is not None else None,
             "status": status}

    def work(session: Session) -> MerchantInfo:
        merchant = _merchant(session, merchant_id, lock=True)
        fields = dict(given, name=_name(name, merchant.kind) if name is not None else None)
        old = {k: getattr(merchant, k) for k in fields}
        new = {k: old[k] if v is None else v for k, v in fields.items()}
        diff = changes(old, new)
        if diff:
            for key, value in new.items():
                setattr(merchant, key, value)
            merchant.initials = initials(merchant.name)
            merchant.updated_at = db_now(session)
            session.flush()
            record(session, grant, "merchant.update", merchant.code, diff)
        return _info(merchant, _account(session, merchant))

    return db.transact(work)


def get_merchant(db: Database, merchant_id: int) -> MerchantInfo:
    """One merchant with its available balance (fixed) for the desk and the recharge desk."""
    def work(session: Session) -> MerchantInfo:
        merchant = _merchant(session, merchant_id)
        return _info(merchant, _account(session, merchant))

    return db.transact(work, readonly=True)


def get_merchant_by_code(db: Database, code: str) -> MerchantInfo:
    wanted = normalize_code(code)
    if wanted is None:
        raise ValidationError("merchant code: M and digits, e.g. M000123")

    def work(session: Session) -> MerchantInfo:
        merchant = session.scalar(select(Merchant).where(Merchant.code == wanted))
        if merchant is None:
            raise NotFound(f"merchant {wanted} does not exist")
        return _info(merchant, _account(session, merchant))

    return db.transact(work, readonly=True)


# ---- search --------------------------------------------------------------------------------

def normalize_code(text: str) -> str | None:
    """'m123' or 'M000123' -> 'M000123'; None when the text is no merchant code."""
    match = _CODE.match((text or "").strip().upper())
    if match is None or int(match.group(1)) == 0:
        return None
    return merchant_code(int(match.group(1)))


def match_tests(matcher: Matcher, text: str, *, phone: bool, latin_names: bool = True) -> list[tuple[str, object]]:
    """(reason, SQL predicate) pairs matching merchants against a search text, best first:
    the exact code, a prefix of the pinyin initials (Latin letters typed), a fragment of the
    name, and with `phone` a fragment of the phone number's digits. Without `latin_names`,
    Latin letters and digits alone are taken as initials only (the initials keep a name's
    Latin letters, so ABC贸易 is still found by ABC) and the names are not scanned for them."""
    cleaned = " ".join(text.split())
    upper = cleaned.upper()
    tests: list[tuple[str, object]] = []
    code = normalize_code(upper)
    if code is not None:
        tests.append(("merchant_code", Merchant.code == code))
    latin = upper.isascii() and upper.isalnum()
    if latin and any(ch.isalpha() for ch in upper):
        tests.append(("merchant_initials", matcher.startswith(Merchant.initials, upper)))
    if latin_names or not latin:
        tests.append(("merchant_name", matcher.contains(Merchant.name, cleaned, fold_case=True)))
    digits = "".join(ch for ch in cleaned if ch.isdigit())
    if phone and len(digits) >= 3 and _PHONE.match(cleaned):
        bare = func.replace(func.replace(func.replace(Merchant.phone, " ", ""), "-", ""), "+", "")
        tests.append(("merchant_phone", matcher.contains(bare, digits)))
    return tests


def search_merchants(db: Database, text: str, limit: int = 20) -> list[MerchantInfo]:
    """Merchants by exact code, name fragment, pinyin initials prefix or phone fragment; active
    ones first, then the better match. Empty text lists merchants by code."""
    if type(limit) is not int or not 0 < limit <= SEARCH_LIMIT_MAX:
        raise ValidationError(f"limit: 1 to {SEARCH_LIMIT_MAX}")
    query = (text or "").strip()[:SEARCH_TEXT_MAX_CHARS]

    def work(session: Session) -> list[MerchantInfo]:
        stmt = select(Merchant, Account).outerjoin(Account, Account.id == Merchant.account_id)
        inactive_last = case((Merchant.status == "active", 0), else_=1)
        if query:
            tests = match_tests(Matcher.of(session), query, phone=True)
            rank = case(*[(predicate, i) for i, (_, predicate) in enumerate(tests)], else_=len(tests))
            stmt = stmt.where(or_(*[p for _, p in tests])).order_by(inactive_last, rank, Merchant.code)
        else:
            stmt = stmt.order_by(inactive_last, Merchant.code)
        return [_info(m, a) for m, a in session.execute(stmt.limit(limit))]

    return db.transact(work, readonly=True)
