"""Everything the Prices screen lists, read in one background call through the catalog
services: categories with their own price in force and the changes planned for them, every
commodity (inactive ones too) with its price row, and the fee rounding rule. No Qt here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from app.auth.actor import Actor
from app.db.database import Database
from app.weighing import catalog
from app.weighing.catalog import CategoryInfo, CommodityInfo, PriceChange, PriceRow


@dataclass(frozen=True)
class CategoryPrices:
    info: CategoryInfo
    price: PriceChange | None              # the category's own price in force
    pending: tuple[PriceChange, ...]       # its own changes decided for later, soonest first


@dataclass(frozen=True)
class CommodityPrices:
    info: CommodityInfo
    row: PriceRow | None                   # None for an inactive commodity (not on the price list)


@dataclass(frozen=True)
class PriceCatalog:
    categories: tuple[CategoryPrices, ...]
    commodities: tuple[CommodityPrices, ...]
    rounding_fen: int


def _category_prices(db: Database, actor: Actor, info: CategoryInfo, now: datetime) -> CategoryPrices:
    # Latest effective first: the first row not in the future is the one in force. "Now" is
    # this PC's clock: it only sorts rows for display; the desk charges by the database clock.
    history = catalog.price_history(db, actor, category_id=info.id)
    in_force = next((p for p in history if p.effective_at <= now), None)
    pending = tuple(reversed([p for p in history if p.effective_at > now]))
    return CategoryPrices(info, in_force, pending)


def load_price_catalog(db: Database, actor: Actor) -> PriceCatalog:
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    rows = {r.commodity_id: r for r in catalog.price_list(db, actor)}
    categories = tuple(_category_prices(db, actor, c, now) for c in catalog.list_categories(db))
    commodities = tuple(CommodityPrices(c, rows.get(c.id)) for c in catalog.list_catalog(db))
    return PriceCatalog(categories, commodities, catalog.current_fee_rounding(db))


@dataclass(frozen=True)
class PriceTarget:
    """What a price, a history or an (de)activation is about: one commodity or one category."""
    kind: str                  # 'commodity' | 'category'
    id: int
    name: str
    category_id: int
    active: bool

    @property
    def key(self) -> tuple[str, int]:
        return self.kind, self.id
