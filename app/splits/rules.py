"""Split rules per commodity category or single commodity, versioned and append-only.

Writing a rule (split.edit, audited) adds a version effective now or from a later time; the
version in force at a moment is the newest of its scope effective by then. A commodity's own
rule wins over its category's; a version without a remainder beneficiary clears the scope's
rule (a commodity falls back to its category's, a category to no split)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.auth.actor import Actor, Override, require
from app.db.clock import db_now
from app.db.database import Database
from app.errors import Conflict, ValidationError
from app.splits.beneficiaries import require_read
from app.splits.models import Beneficiary, RuleLine, RuleVersion
from app.splits.shares import Line, Rule, validate_rule
from app.weighing.fields import effective_time, flush_unique, id_field, record, text_field
from app.weighing.models import Commodity, CommodityCategory

NOTE_MAX_CHARS = 200
VERSIONS_MAX = 5_000            # list_rules reads every version


@dataclass(frozen=True)
class LineInfo:
    beneficiary_id: int
    beneficiary_name: str
    basis_points: int | None
    fixed_fen: int | None

    def as_line(self) -> Line:
        return Line(self.beneficiary_id, self.basis_points, self.fixed_fen)


@dataclass(frozen=True)
class VersionInfo:
    id: int
    scope: str                  # 'category' or 'commodity'
    scope_id: int
    scope_name: str
    version: int
    effective_at: datetime      # naive UTC
    lines: tuple[LineInfo, ...]
    remainder_beneficiary_id: int | None
    remainder_name: str | None
    created_by: str
    created_at: datetime
    note: str

    @property
    def cleared(self) -> bool:
        return self.remainder_beneficiary_id is None

    def as_rule(self) -> Rule:
        assert not self.cleared
        return Rule(tuple(line.as_line() for line in self.lines), self.remainder_beneficiary_id)


@dataclass(frozen=True)
class ScopeRules:
    """A category or commodity with a rule: the version in force, and every version, newest first."""
    scope: str
    scope_id: int
    name: str
    current: VersionInfo | None
    history: tuple[VersionInfo, ...]


def _scope(session: Session, category_id: int | None, commodity_id: int | None) -> tuple[str, int, str]:
    if (category_id is None) == (commodity_id is None):
        raise ValidationError("rule: for either a commodity category or a commodity")
    if commodity_id is not None:
        row = session.get(Commodity, id_field(commodity_id, "commodity"))
        if row is None:
            raise ValidationError(f"commodity {commodity_id} does not exist")
        return "commodity", row.id, row.name
    row = session.get(CommodityCategory, id_field(category_id, "category"))
    if row is None:
        raise ValidationError(f"category {category_id} does not exist")
    return "category", row.id, row.name


def set_rule(db: Database, actor: Actor, *, category_id: int | None = None, commodity_id: int | None = None,
             lines: Sequence[Line], remainder_beneficiary_id: int | None, effective_at: datetime | None = None,
             note: str = "", override: Override | None = None) -> VersionInfo:
    """A new version of the scope's rule. remainder_beneficiary_id None (and no lines) clears it."""
    grant = require(actor, "split.edit", override)
    lines = tuple(lines)
    note = text_field(note, "note", NOTE_MAX_CHARS)
    if remainder_beneficiary_id is None:
        if lines:
            raise ValidationError("remainder: choose who gets the rest of the fee")
    else:
        validate_rule(Rule(lines, id_field(remainder_beneficiary_id, "remainder beneficiary")))

    def work(session: Session) -> VersionInfo:
        scope, scope_id, scope_name = _scope(session, category_id, commodity_id)
        for line in lines:
            if session.get(Beneficiary, id_field(line.beneficiary_id, "beneficiary")) is None:
                raise ValidationError(f"beneficiary {line.beneficiary_id} does not exist")
        if remainder_beneficiary_id is not None and session.get(Beneficiary, remainder_beneficiary_id) is None:
            raise ValidationError(f"remainder: beneficiary {remainder_beneficiary_id} does not exist")
        key = f"{scope}:{scope_id}"
        now = db_now(session)
        at = effective_time(effective_at, now)
        last = session.scalar(select(func.max(RuleVersion.version)).where(RuleVersion.scope_key == key)) or 0
        if last == 0 and remainder_beneficiary_id is None:
            raise ValidationError(f"{scope_name} has no split rule to clear")
        row = RuleVersion(scope_key=key, category_id=scope_id if scope == "category" else None,
                          commodity_id=scope_id if scope == "commodity" else None, version=last + 1,
                          remainder_beneficiary_id=remainder_beneficiary_id, effective_at=at,
                          created_by=actor.username, created_at=now, note=note)
        session.add(row)
        flush_unique(session, Conflict(f"the split rule of {scope_name} was changed meanwhile: reload and "
                                       "write it again"))
        for no, line in enumerate(lines, start=1):
            session.add(RuleLine(version_id=row.id, line_no=no, beneficiary_id=line.beneficiary_id,
                                 basis_points=line.basis_points, fixed_fen=line.fixed_fen))
        session.flush()
        record(session, grant, "split.rule_set", key, {
            "name": scope_name, "version_id": row.id, "version": row.version, "effective_at": at, "note": note,
            "remainder_beneficiary_id": remainder_beneficiary_id,
            "lines": [[l.beneficiary_id, l.basis_points, l.fixed_fen] for l in lines]})
        return _versions(session, [row])[0]

    return db.transact(work)


def _versions(session: Session, rows: Sequence[RuleVersion]) -> list[VersionInfo]:
    """VersionInfo of each row, names resolved, in the order given."""
    if not rows:
        return []
    names = dict(session.execute(select(Beneficiary.id, Beneficiary.name)).all())
    scope_names = {("category", i): n for i, n in session.execute(select(CommodityCategory.id,
                                                                          CommodityCategory.name))}
    scope_names |= {("commodity", i): n for i, n in session.execute(select(Commodity.id, Commodity.name))}
    lines: dict[int, list[LineInfo]] = {}
    ids = [r.id for r in rows]
    for chunk in range(0, len(ids), 500):
        for l in session.scalars(select(RuleLine).where(RuleLine.version_id.in_(ids[chunk:chunk + 500]))
                                 .order_by(RuleLine.version_id, RuleLine.line_no)):
            lines.setdefault(l.version_id, []).append(
                LineInfo(l.beneficiary_id, names[l.beneficiary_id], l.basis_points, l.fixed_fen))
    out = []
    for r in rows:
        scope = "category" if r.category_id is not None else "commodity"
        scope_id = r.category_id if r.category_id is not None else r.commodity_id
        rem = r.remainder_beneficiary_id
        out.append(VersionInfo(r.id, scope, scope_id, scope_names[(scope, scope_id)], r.version, r.effective_at,
                               tuple(lines.get(r.id, ())), rem, names.get(rem) if rem is not None else None,
                               r.created_by, r.created_at, r.note))
    return out


def list_rules(db: Database, actor: Actor, override: Override | None = None) -> list[ScopeRules]:
    """Every scope that has a rule (or had one): categories first, then commodities, by name."""
    require_read(actor, override)

    def work(session: Session) -> list[ScopeRules]:
        now = db_now(session)
        rows = session.scalars(select(RuleVersion).order_by(RuleVersion.scope_key, RuleVersion.effective_at.desc(),
                                                            RuleVersion.id.desc()).limit(VERSIONS_MAX + 1)).all()
        if len(rows) > VERSIONS_MAX:
            raise ValidationError(f"split rules: more than {VERSIONS_MAX} versions; ask for support")
        by_scope: dict[tuple[str, int], list[VersionInfo]] = {}
        for v in _versions(session, rows):
            by_scope.setdefault((v.scope, v.scope_id), []).append(v)
        out = []
        for (scope, scope_id), versions in by_scope.items():
            current = next((v for v in versions if v.effective_at <= now), None)
            out.append(ScopeRules(scope, scope_id, versions[0].scope_name,
                                  None if current is None or current.cleared else current, tuple(versions)))
        return sorted(out, key=lambda s: (s.scope != "category", s.name))

    return db.transact(work, readonly=True)


def _newest(session: Session, key: str, at: datetime) -> RuleVersion | None:
    return session.scalar(select(RuleVersion).where(RuleVersion.scope_key == key, RuleVersion.effective_at <= at)
                          .order_by(RuleVersion.effective_at.desc(), RuleVersion.id.desc()).limit(1))


def rule_in_force(session: Session, category_id: int, commodity_id: int,
                  at: datetime) -> tuple[int, Rule] | None:
    """(version id, rule) that splits a fee of this commodity charged at `at`, inside the
    caller's transaction: the commodity's own, else its category's; None when neither has one.
    On the charge's hot path: two indexed lookups and the version's lines."""
    for key in (f"commodity:{commodity_id}", f"category:{category_id}"):
        row = _newest(session, key, at)
        if row is not None:
            if row.remainder_beneficiary_id is None:
                continue
            lines = session.execute(select(RuleLine.beneficiary_id, RuleLine.basis_points, RuleLine.fixed_fen)
                                    .where(RuleLine.version_id == row.id).order_by(RuleLine.line_no)).all()
            return row.id, Rule(tuple(Line(*l) for l in lines), row.remainder_beneficiary_id)
    return None
