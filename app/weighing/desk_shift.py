"""Money at a desk belongs to the cashier's open shift at this counter. The shift row is
locked for the rest of the transaction (PostgreSQL: FOR SHARE), so a close of the shift
either waits for this posting or has already happened and refuses it."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app.auth.actor import Actor
from app.db.rawsql import Sql
from app.errors import ValidationError

_OPEN_SHIFT = Sql("SELECT id, drawer_account_id FROM shifts WHERE user_id = :user_id AND counter = :counter "
                  "AND closed_at IS NULL", pg_suffix=" FOR SHARE")


class OpenShift:
    __slots__ = ("id", "drawer_account_id")

    def __init__(self, shift_id: int, drawer_account_id: int):
        self.id = shift_id
        self.drawer_account_id = drawer_account_id


def require_open_shift(session: Session, actor: Actor) -> OpenShift:
    if not actor.counter:
        raise ValidationError("counter: this workstation has no counter name; set it in Settings")
    row = _OPEN_SHIFT.run(session, dict(user_id=actor.user_id, counter=actor.counter)).first()
    if row is None:
        raise ValidationError("no open shift: open your shift first (Shift → Open shift, Ctrl+Shift+O)")
    return OpenShift(row[0], row[1])
