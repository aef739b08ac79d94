"""How much one recharge may be, and above what amount the clerk confirms twice: market
settings kept in the database (app_meta), changed with settings.manage and audited."""
from __future__ import annotations

from dataclasses import dataclass

from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.meta import get_meta, put_meta
from app.errors import ValidationError
from app.money import format_fen

KEYS = {"min_fen": "recharge_min_fen", "max_fen": "recharge_max_fen", "confirm_above_fen": "recharge_confirm_above_fen"}
HARD_MAX_FEN = 10_000_000_00          # 10 million yuan: no single top-up is more


@dataclass(frozen=True)
class RechargeLimits:
    min_fen: int = 1_00                # 1 yuan
    max_fen: int = 500_000_00          # 500 000 yuan
    confirm_above_fen: int = 20_000_00 # ask "are you sure?" above 20 000 yuan

    def validate(self) -> None:
        if not 1 <= self.min_fen <= self.max_fen <= HARD_MAX_FEN:
            raise ValidationError(f"recharge limits: 0.01 ≤ minimum ≤ maximum ≤ {format_fen(HARD_MAX_FEN)} yuan")
        if not 0 <= self.confirm_above_fen <= self.max_fen:
            raise ValidationError("second confirmation: between 0 and the maximum")

    def check(self, amount_fen: int, confirmed_large: bool) -> None:
        if type(amount_fen) is not int or amount_fen <= 0:
            raise ValidationError("amount: a positive amount in yuan")
        if amount_fen < self.min_fen:
            raise ValidationError(f"amount: at least {format_fen(self.min_fen)} yuan")
        if amount_fen > self.max_fen:
            raise ValidationError(f"amount: at most {format_fen(self.max_fen)} yuan per recharge")
        if amount_fen > self.confirm_above_fen and not confirmed_large:
            raise LargeAmountNotConfirmed(amount_fen)


class LargeAmountNotConfirmed(ValidationError):
    def __init__(self, amount_fen: int):
        super().__init__(f"amount {format_fen(amount_fen)} yuan is large: confirm it a second time")
        self.amount_fen = amount_fen


def limits_in(session) -> RechargeLimits:
    values = {}
    for field, key in KEYS.items():
        raw = get_meta(session, key)
        if raw is not None:
            values[field] = int(raw)
    return RechargeLimits(**values)


def current_limits(db) -> RechargeLimits:
    return db.transact(limits_in, readonly=True)


def set_limits(db, actor: Actor, limits: RechargeLimits, override: Override | None = None) -> RechargeLimits:
    grant = require(actor, "settings.manage", override)
    limits.validate()

    def work(session) -> None:
        old = limits_in(session)
        if old == limits:
            return
        for field, key in KEYS.items():
            put_meta(session, key, str(getattr(limits, field)))
        audit.append(session, action="settings.recharge_limits", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=grant.supervisor_name, counter=actor.counter, target="recharge",
                     details={"old": vars(old), "new": vars(limits)})

    db.transact(work)
    return limits
