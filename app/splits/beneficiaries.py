"""Beneficiaries of payment splits: the market itself or an external party (a cooperative, a
tax payable ...) whose shares accumulate on its own payable account in the ledger.

Adding one needs split.edit and is audited; reading the list needs report.view or split.edit."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.auth.actor import Actor, Grant, Override, require
from app.db.clock import db_now
from app.db.database import Database
from app.errors import Conflict, ValidationError
from app.ledger import accounts
from app.splits.models import Beneficiary
from app.weighing.fields import flush_unique, name_field, record

KINDS = ("market", "external")
BENEFICIARIES_MAX = 200


@dataclass(frozen=True)
class BeneficiaryInfo:
    id: int
    name: str
    kind: str
    account_id: int | None    # the payable account of an external beneficiary


def require_read(actor: Actor, override: Override | None = None) -> Grant:
    """Rules, history, logs and reports: report.view, or split.edit (who writes rules reads them)."""
    if actor.can("split.edit"):
        return Grant(actor, "split.edit")
    return require(actor, "report.view", override)


def info(b: Beneficiary) -> BeneficiaryInfo:
    return BeneficiaryInfo(b.id, b.name, b.kind, b.account_id)


def add_beneficiary(db: Database, actor: Actor, name: str, kind: str,
                    override: Override | None = None) -> BeneficiaryInfo:
    grant = require(actor, "split.edit", override)
    name = name_field(name)
    if kind not in KINDS:
        raise ValidationError("kind: 'market' (the market's own income) or 'external' (paid out to them later)")

    def work(session: Session) -> BeneficiaryInfo:
        if session.scalar(select(Beneficiary.id).where(Beneficiary.name == name)) is not None:
            raise Conflict(f"name: a beneficiary called {name} exists already")
        if session.scalar(select(func.count()).select_from(Beneficiary)) >= BENEFICIARIES_MAX:
            raise ValidationError(f"beneficiaries: at most {BENEFICIARIES_MAX}")
        row = Beneficiary(name=name, kind=kind, created_by=actor.username, created_at=db_now(session))
        session.add(row)
        flush_unique(session, Conflict(f"name: a beneficiary called {name} exists already"))
        if kind == "external":
            row.account_id = accounts.split_payable(session, row.id, name).id
            session.flush()
        assert (row.account_id is not None) == (kind == "external")
        record(session, grant, "split.beneficiary_add", f"beneficiary:{row.id}",
               {"name": name, "kind": kind, "account_id": row.account_id})
        return info(row)

    return db.transact(work)


def list_beneficiaries(db: Database, actor: Actor, override: Override | None = None) -> list[BeneficiaryInfo]:
    require_read(actor, override)

    def work(session: Session) -> list[BeneficiaryInfo]:
        rows = session.scalars(select(Beneficiary).order_by(Beneficiary.id).limit(BENEFICIARIES_MAX)).all()
        return [info(b) for b in rows]

    return db.transact(work, readonly=True)


def beneficiary_by_name(session: Session, name: str) -> Beneficiary:
    row = session.scalar(select(Beneficiary).where(Beneficiary.name == (name or "").strip()))
    if row is None:
        raise ValidationError(f"beneficiary: no beneficiary called {name!r} (add it first)")
    return row
