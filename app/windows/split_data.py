"""What the Payment splits screen shows, loaded in one background call, and the session's hub
that tells its views to reload after a change (kept as a child of the session's ChangeHub, as
the master-data screens keep theirs)."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from app.splits.beneficiaries import BeneficiaryInfo
from app.splits.rules import ScopeRules
from app.windows.context import GuiContext

HUB_NAME = "split_changes"


@dataclass(frozen=True)
class Scope:
    kind: str       # 'category' or 'commodity'
    id: int
    name: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class SplitData:
    beneficiaries: tuple[BeneficiaryInfo, ...]
    rules: tuple[ScopeRules, ...]
    scopes: tuple[Scope, ...]       # every category, then every commodity: what a rule can be for


def load_split_data(db, actor) -> SplitData:
    from app.splits.beneficiaries import list_beneficiaries
    from app.splits.rules import list_rules
    from app.weighing.catalog import list_catalog, list_categories
    scopes = [Scope("category", c.id, c.name) for c in list_categories(db) if c.active]
    scopes += [Scope("commodity", c.id, c.name) for c in list_catalog(db) if c.active]
    return SplitData(tuple(list_beneficiaries(db, actor)), tuple(list_rules(db, actor)), tuple(scopes))


class SplitChanges(QObject):
    changed = Signal()   # a beneficiary or a rule version was added


def split_changes(ctx: GuiContext) -> SplitChanges:
    hub = ctx.changes.findChild(SplitChanges, HUB_NAME)
    if hub is None:
        hub = SplitChanges(ctx.changes)
        hub.setObjectName(HUB_NAME)
    return hub
