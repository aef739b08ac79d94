"""Commodity categories, commodities and their fee prices (yuan per tonne, kept in fen), and
the market's fee rounding rule.

Prices are append-only: a change is a new row, effective now or from a future time. The price
in force at a moment is the newest row of the commodity effective by then, else the newest of
its category. Three permissions, as the market wants them apart: price.view (the price list
and its history), price.edit (changing a price), price.create (new categories and commodities,
which may come with their first price). The desk reads the catalog (names, no prices) freely
and applies prices through price_in_force inside its own transaction."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, select, tuple_
from sqlalchemy.orm import Session, aliased

from app.auth.actor import Actor, Override, require
from app.db.clock import db_now
from app.db.database import Database
from app.db.meta import AppMeta, get_meta
from app.errors import Conflict, NotFound, ValidationError
from app.money import format_fen
from app.weighing.fields import (changes, effective_time, flag_field, flush_unique, id_field, name_field, record,
                                 text_field, utc_naive)
from app.weighing.initials import initials
from app.weighing.models import Commodity, CommodityCategory, Price
from app.weighing.pricing import ROUNDING_RULES, UNIT_PRICE_MAX_FEN

NOTE_MAX_CHARS = 200                  # Price.note
CATALOG_ROWS_MAX = 5_000              # far beyond any market's list of commodities
PRICE_ROWS_MAX = 100_000              # price_list reads the price table whole
HISTORY_ROWS_MAX = 500
FEE_ROUNDING_KEY = "fee_rounding_fen"
FEE_ROUNDING_DEFAULT_FEN = 1


# ---- results -------------------------------------------------------------------------------

@dataclass(frozen=True)
class CategoryInfo:
    id: int
    name: str
    initials: str
    active: bool


@dataclass(frozen=True)
class CommodityInfo:
    """What the desk needs to pick a commodity: no price (that needs price.view)."""
    id: int
    name: str
    initials: str
    category_id: int
    category_name: str
    active: bool


@dataclass(frozen=True)
class PriceInfo:
    id: int
    commodity_id: int | None
    category_id: int | None
    target_name: str
    unit_price_fen: int           # per tonne
    effective_at: datetime        # naive UTC
    created_by: str
    created_at: datetime
    note: str


@dataclass(frozen=True)
class AppliedPrice:
    price_id: int
    unit_price_fen: int
    source: str                   # 'commodity' | 'category'


@dataclass(frozen=True)
class PendingPrice:
    """A change that will take effect for a commodity (already decided, not yet in force)."""
    price_id: int
    unit_price_fen: int
    effective_at: datetime
    source: str


@dataclass(frozen=True)
class PriceRow:
    commodity_id: int
    commodity_name: str
    commodity_initials: str
    category_id: int
    category_name: str
    price_id: int | None          # None: no price yet (the desk cannot charge it)
    unit_price_fen: int | None
    source: str | None            # 'commodity' | 'category'
    effective_since: datetime | None
    pending: tuple[PendingPrice, ...]


@dataclass(frozen=True)
class PriceChange:
    price_id: int
    commodity_id: int | None
    category_id: int | None
    target_name: str
    old_unit_price_fen: int | None   # the same target's price before this one took effect
    new_unit_price_fen: int
    effective_at: datetime
    created_at: datetime
    created_by: str
    note: str


# ---- checks --------------------------------------------------------------------------------

def _unit_price(value) -> int:
    if type(value) is not int or not 0 <= value <= UNIT_PRICE_MAX_FEN:
        raise ValidationError(f"unit price: 0 to {format_fen(UNIT_PRICE_MAX_FEN)} yuan per tonne, in fen")
    return value


def _category(session: Session, category_id: int) -> CommodityCategory:
    category = session.get(CommodityCategory, id_field(category_id, "category"))
    if category is None:
        raise NotFound(f"category {category_id} does not exist")
    return category


def _commodity(session: Session, commodity_id: int) -> Commodity:
    commodity = session.get(Commodity, id_field(commodity_id, "commodity"))
    if commodity is None:
        raise NotFound(f"commodity {commodity_id} does not exist")
    return commodity


def _category_info(c: CommodityCategory) -> CategoryInfo:
    return CategoryInfo(c.id, c.name, c.initials, c.active)


def _commodity_info(c: Commodity, category: CommodityCategory) -> CommodityInfo:
    assert c.category_id == category.id
    return CommodityInfo(c.id, c.name, c.initials, category.id, category.name, c.active)


def _price_info(p: Price, target_name: str) -> PriceInfo:
    return PriceInfo(p.id, p.commodity_id, p.category_id, target_name, p.unit_price_fen, p.effective_at,
                     p.created_by, p.created_at, p.note)


# ---- categories and commodities ------------------------------------------------------------

def create_category(db: Database, actor: Actor, name: str, override: Override | None = None) -> CategoryInfo:
    grant = require(actor, "price.create", override)
    name = name_field(name, "category name")

    def work(session: Session) -> CategoryInfo:
        conflict = Conflict(f"category {name} already exists")
        if session.scalar(select(CommodityCategory.id).where(CommodityCategory.name == name)) is not None:
            raise conflict
        category = CommodityCategory(name=name, initials=initials(name), active=True, created_at=db_now(session))
        session.add(category)
        flush_unique(session, conflict)
        record(session, grant, "category.create", f"category:{category.id}", {"name": name})
        return _category_info(category)

    return db.transact(work)


def update_category(db: Database, actor: Actor, category_id: int, *, name: str | None = None,
                    active: bool | None = None, override: Override | None = None) -> CategoryInfo:
    """Rename or (de)activate; an inactive category takes no new commodities."""
    grant = require(actor, "price.create", override)
    new_name = name_field(name, "category name") if name is not None else None
    new_active = flag_field(active, "active") if active is not None else None

    def work(session: Session) -> CategoryInfo:
        category = _category(session, category_id)
        old = {"name": category.name, "active": category.active}
        new = {"name": new_name or category.name, "active": category.active if new_active is None else new_active}
        diff = changes(old, new)
        if not diff:
            return _category_info(category)
        conflict = Conflict(f"category {new['name']} already exists")
        if "name" in diff and session.scalar(select(CommodityCategory.id).where(
                CommodityCategory.name == new["name"])) is not None:
            raise conflict
        category.name, category.initials, category.active = new["name"], initials(new["name"]), new["active"]
        flush_unique(session, conflict)
        record(session, grant, "category.update", f"category:{category.id}", diff)
        return _category_info(category)

    return db.transact(work)


def list_categories(db: Database) -> list[CategoryInfo]:
    """Every category with its active flag (names only: no permission needed)."""
    def work(session: Session) -> list[CategoryInfo]:
        rows = session.scalars(select(CommodityCategory).order_by(CommodityCategory.id)
                               .limit(CATALOG_ROWS_MAX)).all()
        return [_category_info(c) for c in rows]

    return db.transact(work, readonly=True)


def create_commodity(db: Database, actor: Actor, category_id: int, name: str, unit_price_fen: int | None,
                     effective_at: datetime | None = None, override: Override | None = None) -> CommodityInfo:
    """A commodity of an active category, with its first price when one is given (else the
    category's price applies)."""
    grant = require(actor, "price.create", override)
    name = name_field(name, "commodity name")
    if unit_price_fen is not None:
        _unit_price(unit_price_fen)
    elif effective_at is not None:
        raise ValidationError("effective time: only with a unit price")

    def work(session: Session) -> CommodityInfo:
        category = _category(session, category_id)
        if not category.active:
            raise ValidationError(f"category: {category.name} is not active")
        conflict = Conflict(f"commodity {name} already exists")
        if session.scalar(select(Commodity.id).where(Commodity.name == name)) is not None:
            raise conflict
        now = db_now(session)
        at = effective_time(effective_at, now) if unit_price_fen is not None else None
        commodity = Commodity(category_id=category.id, name=name, initials=initials(name), active=True,
                              created_at=now)
        session.add(commodity)
        flush_unique(session, conflict)
        details = {"name": name, "category": category.name}
        if unit_price_fen is not None:
            price = Price(commodity_id=commodity.id, unit_price_fen=unit_price_fen, effective_at=at,
                          created_by=actor.username, created_at=now, note="")
            session.add(price)
            session.flush()
            details |= {"price_id": price.id, "unit_price_fen": unit_price_fen, "effective_at": at}
        record(session, grant, "commodity.create", f"commodity:{commodity.id}", details)
        return _commodity_info(commodity, category)

    return db.transact(work)


def update_commodity(db: Database, actor: Actor, commodity_id: int, *, name: str | None = None,
                     category_id: int | None = None, active: bool | None = None,
                     override: Override | None = None) -> CommodityInfo:
    """Rename, move to another category (whose price then applies when the commodity has none
    of its own), or (de)activate. Tickets keep the names they were written with."""
    grant = require(actor, "price.create", override)
    new_name = name_field(name, "commodity name") if name is not None else None
    new_active = flag_field(active, "active") if active is not None else None

    def work(session: Session) -> CommodityInfo:
        commodity = _commodity(session, commodity_id)
        category = _category(session, category_id if category_id is not None else commodity.category_id)
        old = {"name": commodity.name, "category": _category(session, commodity.category_id).name,
               "active": commodity.active}
        new = {"name": new_name or commodity.name, "category": category.name,
               "active": commodity.active if new_active is None else new_active}
        diff = changes(old, new)
        if not diff:
            return _commodity_info(commodity, category)
        if "category" in diff and not category.active:
            raise ValidationError(f"category: {category.name} is not active")
        conflict = Conflict(f"commodity {new['name']} already exists")
        if "name" in diff and session.scalar(select(Commodity.id).where(Commodity.name == new["name"])) is not None:
            raise conflict
        commodity.name, commodity.initials = new["name"], initials(new["name"])
        commodity.category_id, commodity.active = category.id, new["active"]
        flush_unique(session, conflict)
        record(session, grant, "commodity.update", f"commodity:{commodity.id}", diff)
        return _commodity_info(commodity, category)

    return db.transact(work)


def list_catalog(db: Database) -> list[CommodityInfo]:
    """Every commodity with its category and active flag, by category then initials: what the
    desk shows to pick from. No prices, so no permission."""
    def work(session: Session) -> list[CommodityInfo]:
        rows = session.execute(
            select(Commodity, CommodityCategory).join(CommodityCategory, CommodityCategory.id == Commodity.category_id)
            .order_by(CommodityCategory.id, Commodity.initials, Commodity.id).limit(CATALOG_ROWS_MAX)).all()
        return [_commodity_info(c, k) for c, k in rows]

    return db.transact(work, readonly=True)


# ---- prices --------------------------------------------------------------------------------

def _newest(session: Session, column, target_id: int, at: datetime) -> tuple[int, int] | None:
    """(price id, unit price) of the target's newest row effective at `at` (ties: the later row)."""
    row = session.execute(
        select(Price.id, Price.unit_price_fen).where(column == target_id, Price.effective_at <= at)
        .order_by(Price.effective_at.desc(), Price.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row else None


def price_in_force(session: Session, commodity_id: int, at: datetime) -> AppliedPrice:
    """The price applied to a ticket weighed at `at` (naive UTC): the commodity's own, else
    its category's. Inside the caller's transaction (the entry charge); no permission, the
    desk charges at the applied price without seeing the list."""
    commodity = _commodity(session, commodity_id)
    at = utc_naive(at, "time")
    own = _newest(session, Price.commodity_id, commodity.id, at)
    if own is not None:
        return AppliedPrice(own[0], own[1], "commodity")
    inherited = _newest(session, Price.category_id, commodity.category_id, at)
    if inherited is not None:
        return AppliedPrice(inherited[0], inherited[1], "category")
    raise ValidationError(f"no price for {commodity.name}: set one in Prices")


def set_price(db: Database, actor: Actor, *, commodity_id: int | None = None, category_id: int | None = None,
              unit_price_fen: int, effective_at: datetime | None = None, note: str = "",
              override: Override | None = None) -> PriceInfo:
    """A new price for one commodity or one category (its commodities' default), effective
    now or from a future time. Never an UPDATE: the history stays as it was charged."""
    grant = require(actor, "price.edit", override)
    if (commodity_id is None) == (category_id is None):
        raise ValidationError("price: for either a commodity or a category")
    _unit_price(unit_price_fen)
    note = text_field(note, "note", NOTE_MAX_CHARS)

    def work(session: Session) -> PriceInfo:
        if commodity_id is not None:
            target = _commodity(session, commodity_id)
            column, key = Price.commodity_id, f"commodity:{target.id}"
        else:
            target = _category(session, category_id)
            column, key = Price.category_id, f"category:{target.id}"
        now = db_now(session)
        at = effective_time(effective_at, now)
        old = _newest(session, column, target.id, at)
        price = Price(commodity_id=commodity_id, category_id=category_id, unit_price_fen=unit_price_fen,
                      effective_at=at, created_by=actor.username, created_at=now, note=note)
        session.add(price)
        session.flush()
        record(session, grant, "price.set", key, {
            "name": target.name, "price_id": price.id, "old_unit_price_fen": old[1] if old else None,
            "new_unit_price_fen": unit_price_fen, "effective_at": at, "note": note})
        return _price_info(price, target.name)

    return db.transact(work)


def _resolve(own: list[tuple], inherited: list[tuple], at: datetime) -> tuple[tuple | None, str | None]:
    """The row in force at `at` from rows (id, unit_price_fen, effective_at) sorted by
    (effective_at, id): the commodity's own first, then the category's."""
    for rows, source in ((own, "commodity"), (inherited, "category")):
        current = None
        for row in rows:
            if row[2] <= at:
                current = row
        if current is not None:
            return current, source
    return None, None


def _pending(own: list[tuple], inherited: list[tuple], at: datetime) -> tuple[PendingPrice, ...]:
    """Future rows that will actually apply: a category change reaches a commodity only while
    the commodity has no price of its own in force."""
    out = [PendingPrice(r[0], r[1], r[2], "commodity") for r in own if r[2] > at]
    for row in inherited:
        if row[2] > at and not any(o[2] <= row[2] for o in own):
            out.append(PendingPrice(row[0], row[1], row[2], "category"))
    return tuple(sorted(out, key=lambda p: (p.effective_at, p.price_id)))


def price_list(db: Database, actor: Actor, at: datetime | None = None,
               override: Override | None = None) -> list[PriceRow]:
    """Every active commodity with the price in force at `at` (default now), where it comes
    from, since when, and the changes already decided for later."""
    require(actor, "price.view", override)
    when = utc_naive(at, "time") if at is not None else None

    def work(session: Session) -> list[PriceRow]:
        moment = when or db_now(session)
        rows = session.execute(
            select(Price.id, Price.unit_price_fen, Price.effective_at, Price.commodity_id, Price.category_id)
            .order_by(Price.effective_at, Price.id).limit(PRICE_ROWS_MAX + 1)).all()
        if len(rows) > PRICE_ROWS_MAX:
            raise ValidationError(f"price list: more than {PRICE_ROWS_MAX} price rows; ask for support")
        by_commodity: dict[int, list[tuple]] = {}
        by_category: dict[int, list[tuple]] = {}
        for pid, fen, eff, com, cat in rows:
            target = by_commodity.setdefault(com, []) if com is not None else by_category.setdefault(cat, [])
            target.append((pid, fen, eff))
        out = []
        for commodity, category in session.execute(
                select(Commodity, CommodityCategory).join(CommodityCategory,
                                                          CommodityCategory.id == Commodity.category_id)
                .where(Commodity.active.is_(True))
                .order_by(CommodityCategory.id, Commodity.initials, Commodity.id).limit(CATALOG_ROWS_MAX)):
            own, inherited = by_commodity.get(commodity.id, []), by_category.get(category.id, [])
            current, source = _resolve(own, inherited, moment)
            out.append(PriceRow(commodity.id, commodity.name, commodity.initials, category.id, category.name,
                                current[0] if current else None, current[1] if current else None, source,
                                current[2] if current else None, _pending(own, inherited, moment)))
        return out

    return db.transact(work, readonly=True)


def price_history(db: Database, actor: Actor, *, commodity_id: int | None = None, category_id: int | None = None,
                  limit: int = HISTORY_ROWS_MAX, override: Override | None = None) -> list[PriceChange]:
    """Price changes of one commodity, one category, or (neither given) of all, the latest
    effective first: who, when, from when, old and new."""
    require(actor, "price.view", override)
    if commodity_id is not None and category_id is not None:
        raise ValidationError("price history: of a commodity or of a category, not both")
    if type(limit) is not int or not 0 < limit <= HISTORY_ROWS_MAX:
        raise ValidationError(f"limit: 1 to {HISTORY_ROWS_MAX}")

    def work(session: Session) -> list[PriceChange]:
        p, prev = Price, aliased(Price)
        earlier = tuple_(prev.effective_at, prev.id) < tuple_(p.effective_at, p.id)

        def previous(column):
            return (select(prev.unit_price_fen).where(getattr(prev, column.key) == column, earlier)
                    .order_by(prev.effective_at.desc(), prev.id.desc()).limit(1).scalar_subquery())

        old = case((p.commodity_id.is_not(None), previous(p.commodity_id)), else_=previous(p.category_id))
        stmt = (select(p, old, Commodity.name, CommodityCategory.name)
                .outerjoin(Commodity, Commodity.id == p.commodity_id)
                .outerjoin(CommodityCategory, CommodityCategory.id == p.category_id))
        if commodity_id is not None:
            stmt = stmt.where(p.commodity_id == _commodity(session, commodity_id).id)
        elif category_id is not None:
            stmt = stmt.where(p.category_id == _category(session, category_id).id)
        rows = session.execute(stmt.order_by(p.effective_at.desc(), p.id.desc()).limit(limit)).all()
        return [PriceChange(price.id, price.commodity_id, price.category_id, commodity_name or category_name,
                            old_fen, price.unit_price_fen, price.effective_at, price.created_at,
                            price.created_by, price.note)
                for price, old_fen, commodity_name, category_name in rows]

    return db.transact(work, readonly=True)


# ---- the fee rounding rule -----------------------------------------------------------------

def fee_rounding(session: Session) -> int:
    """The market's rounding unit in fen (1 fen, 10 = jiao, 100 = yuan), read inside the
    caller's transaction so a ticket records the rule it was charged with."""
    raw = get_meta(session, FEE_ROUNDING_KEY)
    if raw is None:
        return FEE_ROUNDING_DEFAULT_FEN
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value not in ROUNDING_RULES:
        # Charging with a guessed rule would be worse than not charging.
        raise ValidationError(f"fee rounding: the database holds {raw!r}; set it again in Settings")
    return value


def current_fee_rounding(db: Database) -> int:
    return db.transact(fee_rounding, readonly=True)


def set_fee_rounding(db: Database, actor: Actor, rounding_fen: int, override: Override | None = None) -> int:
    """Round fees to the fen (1), the jiao (10) or the yuan (100); tickets already written
    keep the rule they were charged with."""
    grant = require(actor, "settings.manage", override)
    if type(rounding_fen) is not int or rounding_fen not in ROUNDING_RULES:
        raise ValidationError("fee rounding: 1 (fen), 10 (jiao) or 100 (yuan)")

    def work(session: Session) -> int:
        row = session.get(AppMeta, FEE_ROUNDING_KEY)
        # The old value as stored (even if unreadable): this is also how a bad one is repaired.
        old = row.value if row is not None else str(FEE_ROUNDING_DEFAULT_FEN)
        if old == str(rounding_fen):
            return rounding_fen
        if row is None:
            session.add(AppMeta(key=FEE_ROUNDING_KEY, value=str(rounding_fen)))
        else:
            row.value = str(rounding_fen)
        flush_unique(session, Conflict("fee rounding: changed at another counter just now; look and try again"))
        record(session, grant, "settings.fee_rounding", FEE_ROUNDING_KEY, {"old": old, "new": str(rounding_fen)})
        return rounding_fen

    return db.transact(work)
