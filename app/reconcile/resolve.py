"""Settle a difference with a note (who, when and why; audited). A resolution is never changed:
a second one for the same item is refused."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.clock import db_now
from app.errors import Conflict, NotFound, ValidationError
from app.reconcile.models import ReconResolution
from app.reconcile.queries import items

NOTE_MAX_CHARS = 200
ITEM_KINDS = {"L": "line", "R": "recharge", "V": "reversal"}
_KEY = re.compile(r"([LRV])(\d{1,18})")


@dataclass(frozen=True)
class Resolved:
    key: str
    outcome: str
    note: str


def parse_key(key: str) -> str:
    key = (key or "").strip().upper()
    if not _KEY.fullmatch(key):
        raise ValidationError(f"item: '{key}' is not an item number (L…, R… or V…, as the list shows)")
    return key


def resolve(db, actor: Actor, key: str, note: str, override: Override | None = None) -> Resolved:
    grant = require(actor, "reconcile.run", override)
    key = parse_key(key)
    note = (note or "").strip()
    if not note:
        raise ValidationError("note: say how the difference was settled")
    if len(note) > NOTE_MAX_CHARS:
        raise ValidationError(f"note: at most {NOTE_MAX_CHARS} characters")

    def work(session: Session) -> Resolved:
        found = items(session, open_only=False, key=key, limit=1)
        if not found:
            raise NotFound(f"item {key} is not a difference (it is matched, or no statement covers it)")
        item = found[0]
        if item.note is not None:
            raise Conflict(f"item {key} was already resolved by {item.resolved_by}: {item.note}")
        session.add(ReconResolution(item_kind=ITEM_KINDS[key[0]], item_id=int(key[1:]), outcome=item.outcome,
                                    note=note, resolved_by=actor.username, created_at=db_now(session)))
        session.flush()
        audit.append(session, action="reconcile.resolve", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=grant.supervisor_name, counter=actor.counter, target=key,
                     details={"outcome": item.outcome, "channel": item.channel, "reference": item.reference,
                              "channel_fen": item.channel_fen, "ours_fen": item.ours_fen, "note": note})
        return Resolved(key, item.outcome, note)

    try:
        return db.transact(work)
    except IntegrityError:
        raise Conflict(f"item {key} has just been resolved at another counter") from None
