"""What the master-data services (catalog, merchants, vehicles) share: input checks whose
errors name the field, the audit entry of a grant, and inserts that turn a concurrent
duplicate into a Conflict instead of a driver error."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.auth import audit
from app.auth.actor import Grant
from app.errors import Conflict, ValidationError

NAME_MAX_CHARS = 64          # the models' String(64) name columns
TARE_MAX_G = 100_000_000     # 100 t: the tables' CHECK constraints


def text_field(value: str | None, field: str, max_chars: int, *, required: bool = False) -> str:
    """Stripped text of at most `max_chars`; ValidationError naming the field otherwise."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{field}: must be text")
    text = value.strip()
    if required and not text:
        raise ValidationError(f"{field}: must not be empty")
    if len(text) > max_chars:
        raise ValidationError(f"{field}: at most {max_chars} characters")
    if any(ord(ch) < 32 for ch in text):
        raise ValidationError(f"{field}: must not contain control characters")
    return text


def name_field(value: str | None, field: str = "name") -> str:
    return text_field(value, field, NAME_MAX_CHARS, required=True)


def id_field(value, field: str) -> int:
    if type(value) is not int or value <= 0:
        raise ValidationError(f"{field}: {value!r} is not an id")
    return value


def flag_field(value, field: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(f"{field}: yes or no")
    return value


def grams_field(value, field: str, *, max_g: int = TARE_MAX_G) -> int:
    """A positive whole number of grams (bool is not a weight)."""
    if type(value) is not int or not 0 < value <= max_g:
        raise ValidationError(f"{field}: more than 0 and at most {max_g // 1_000_000} t, in grams")
    return value


def utc_naive(value: datetime, field: str) -> datetime:
    """Stored times are naive UTC: an aware time is converted, a naive one taken as UTC."""
    if not isinstance(value, datetime):
        raise ValidationError(f"{field}: not a date and time")
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def record(session: Session, grant: Grant, action: str, target: str, details: dict | None = None) -> None:
    """The audit entry of a service call, in the caller's transaction."""
    actor = grant.actor
    audit.append(session, action=action, actor_id=actor.user_id, actor_name=actor.username,
                 supervisor_name=grant.supervisor_name, counter=actor.counter, target=target,
                 details=details)


def flush_unique(session: Session, conflict: Conflict) -> None:
    """Flush pending rows in a savepoint; a unique constraint broken meanwhile by another
    counter's commit (the pre-check passed in both) becomes `conflict`."""
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        if not _is_unique_violation(exc):
            raise
        raise conflict from None


def _is_unique_violation(exc: IntegrityError) -> bool:
    orig = exc.orig
    return getattr(orig, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(orig)


def changes(old: dict, new: dict) -> dict:
    """{field: {"old": .., "new": ..}} for the fields that differ: an audit entry's details."""
    assert old.keys() == new.keys()
    return {k: {"old": old[k], "new": new[k]} for k in old if old[k] != new[k]}


EFFECTIVE_FUTURE_MAX = timedelta(days=366)   # a change planned more than a year ahead is a typo
EFFECTIVE_PAST_GRACE = timedelta(seconds=60)  # "from now" picked on a clock a moment ago: effective now


def effective_time(requested: datetime | None, now: datetime) -> datetime:
    """When a price or a rule takes effect: now, or a future time (within a year). A time in
    the past would rewrite what was charged: refused."""
    if requested is None:
        return now
    at = utc_naive(requested, "effective time")
    if at < now - EFFECTIVE_PAST_GRACE:
        raise ValidationError("effective time: must not be in the past (leave it empty for now)")
    if at > now + EFFECTIVE_FUTURE_MAX:
        raise ValidationError(f"effective time: at most {EFFECTIVE_FUTURE_MAX.days} days ahead")
    return max(at, now)
