"""Reconciliation settings kept in app_meta, changed with settings.manage and audited: a custom
column mapping per channel (for a bank whose export the presets do not know) and the time
window of matching by amount."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.meta import get_meta, put_meta
from app.errors import ValidationError
from app.reconcile.formats import DEFAULT_PRESET, PRESETS, ColumnMapping, check_channel
from app.reconcile.matching import DEFAULT_WINDOW

WINDOW_KEY = "reconcile_window_min"
WINDOW_MAX_MIN = 24 * 60
CUSTOM = "custom"


def _mapping_key(channel: str) -> str:
    return f"reconcile_mapping:{channel}"


def mapping_in(session: Session, channel: str, preset: str | None) -> ColumnMapping:
    """The named preset; "custom" (or no preset, when one is stored) the channel's own mapping;
    else the channel's usual preset."""
    check_channel(channel)
    stored = get_meta(session, _mapping_key(channel))
    if preset == CUSTOM or (preset is None and stored is not None):
        if stored is None:
            raise ValidationError(f"preset: no custom column mapping is set for {channel}")
        return ColumnMapping.from_json(stored)
    name = preset or DEFAULT_PRESET[channel]
    if name not in PRESETS:
        raise ValidationError(f"preset: one of {', '.join([*PRESETS, CUSTOM])}")
    return PRESETS[name]


def window_in(session: Session) -> timedelta:
    raw = get_meta(session, WINDOW_KEY)
    return timedelta(minutes=int(raw)) if raw is not None else DEFAULT_WINDOW


def set_custom_mapping(db, actor: Actor, channel: str, mapping: ColumnMapping,
                       override: Override | None = None) -> None:
    grant = require(actor, "settings.manage", override)
    check_channel(channel)
    mapping.validate()

    def work(session: Session) -> None:
        old = get_meta(session, _mapping_key(channel))
        put_meta(session, _mapping_key(channel), mapping.to_json())
        audit.append(session, action="settings.reconcile_mapping", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=grant.supervisor_name, counter=actor.counter, target=channel,
                     details={"old": old, "new": mapping.to_json()})
    db.transact(work)


def set_window(db, actor: Actor, minutes: int, override: Override | None = None) -> None:
    grant = require(actor, "settings.manage", override)
    if type(minutes) is not int or not 0 <= minutes <= WINDOW_MAX_MIN:
        raise ValidationError(f"time window: 0 to {WINDOW_MAX_MIN} minutes")

    def work(session: Session) -> None:
        old = get_meta(session, WINDOW_KEY)
        put_meta(session, WINDOW_KEY, str(minutes))
        audit.append(session, action="settings.reconcile_window", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=grant.supervisor_name, counter=actor.counter, target="reconcile",
                     details={"old": old, "new": minutes})
    db.transact(work)
