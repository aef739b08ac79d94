"""How the market runs handovers: blind count or not, and the cash difference finance may
accept without handover.accept_difference. Kept in the database (app_meta), changed with
settings.manage and audited."""
from __future__ import annotations

from dataclasses import dataclass

from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.meta import get_meta, put_meta
from app.errors import ValidationError
from app.money import format_fen

KEYS = {"blind_count": "finance_blind_count", "tolerance_fen": "finance_tolerance_fen"}
TOLERANCE_MAX_FEN = 1_000_00   # 1 000 yuan: a larger "tolerance" is no control at all


@dataclass(frozen=True)
class FinancePolicy:
    blind_count: bool = True      # the cashier does not see the expected figures before submitting
    tolerance_fen: int = 0        # |counted − expected| above this needs handover.accept_difference

    def validate(self) -> None:
        if type(self.tolerance_fen) is not int or not 0 <= self.tolerance_fen <= TOLERANCE_MAX_FEN:
            raise ValidationError(f"difference tolerance: between 0 and {format_fen(TOLERANCE_MAX_FEN)} yuan")


def policy_in(session) -> FinancePolicy:
    blind = get_meta(session, KEYS["blind_count"])
    tolerance = get_meta(session, KEYS["tolerance_fen"])
    return FinancePolicy(blind_count=FinancePolicy.blind_count if blind is None else blind == "1",
                         tolerance_fen=FinancePolicy.tolerance_fen if tolerance is None else int(tolerance))


def current_policy(db) -> FinancePolicy:
    return db.transact(policy_in, readonly=True)


def set_policy(db, actor: Actor, policy: FinancePolicy, override: Override | None = None) -> FinancePolicy:
    grant = require(actor, "settings.manage", override)
    policy.validate()

    def work(session) -> None:
        old = policy_in(session)
        if old == policy:
            return
        values = {"blind_count": "1" if policy.blind_count else "0", "tolerance_fen": str(policy.tolerance_fen)}
        for field, key in KEYS.items():
            put_meta(session, key, values[field])
        audit.append(session, action="settings.finance", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=grant.supervisor_name, counter=actor.counter, target="finance",
                     details={"old": vars(old), "new": vars(policy)})

    db.transact(work)
    return policy
