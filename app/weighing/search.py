"""The desk's as-you-type search: plates by fragment, merchants by code, pinyin initials or
name. Runs on every keystroke, so every query is bounded (LIMIT) and either an index lookup
or one scan with cheap predicates (app.weighing.matching); hits carry only what the list
shows (no balances).

Ranking, best first: the exact plate and the exact merchant code; then, when digits were
typed (a cashier reads the last digits of a plate), plates ending with them, plates starting
with them, merchants by initials, merchants by name; when no digits were typed, merchants by
initials and by name before plates. Plates merely containing the fragment come last. Within
one kind of match, active merchants (and their vehicles) come first."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.errors import ValidationError
from app.weighing.matching import Matcher
from app.weighing.merchants import MerchantSummary, match_tests, summary_of
from app.weighing.models import Merchant, Vehicle
from app.weighing.plates import PROVINCES, SUFFIXES, plate_fragment

SEARCH_LIMIT_MAX = 100
SEARCH_TEXT_MAX_CHARS = 32
_PLATE_CHARS = frozenset(PROVINCES + SUFFIXES + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

# Every reason a hit can give, in the two orders described above.
WITH_DIGITS = ("plate_exact", "merchant_code", "plate_end", "plate_start", "merchant_initials", "merchant_name",
               "plate")
WITHOUT_DIGITS = ("plate_exact", "merchant_code", "merchant_initials", "merchant_name", "plate_start",
                  "plate_end", "plate")
assert set(WITH_DIGITS) == set(WITHOUT_DIGITS)


@dataclass(frozen=True)
class Hit:
    plate: str | None                 # None: a merchant hit (pick the merchant, then type the plate)
    vehicle_id: int | None
    merchant: MerchantSummary | None  # a vehicle's owner, or the merchant that matched
    reason: str                       # why it matched: one of WITH_DIGITS


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _ranked_plates(session: Session, matcher: Matcher, fragment: str, limit: int) -> list[tuple[int, str]]:
    """(vehicle id, reason) of the best plates, reading only (id, plate) while ranking."""
    plate = Vehicle.plate
    if fragment[0] in PROVINCES:
        # Every plate starts with its province character: the fragment can only be a prefix,
        # found by an index range in plate order.
        exact = session.execute(select(Vehicle.id).where(plate == fragment)).scalars().all()
        rest = session.execute(select(Vehicle.id).where(matcher.startswith(plate, fragment), plate != fragment)
                               .order_by(matcher.order_key(plate)).limit(limit)).scalars().all()
        return [(i, "plate_exact") for i in exact] + [(i, "plate_start") for i in rest]
    # Anywhere but the start: one scan over the plates; the few matches sorted.
    at_end = case((matcher.endswith(plate, fragment), 0), else_=1)
    rows = session.execute(select(Vehicle.id, at_end).where(matcher.contains(plate, fragment))
                           .order_by(at_end, matcher.order_key(plate)).limit(limit)).all()
    return [(i, "plate_end" if end == 0 else "plate") for i, end in rows]


def _plate_hits(session: Session, matcher: Matcher, fragment: str, limit: int) -> list[Hit]:
    ranked = _ranked_plates(session, matcher, fragment, limit)
    if not ranked:
        return []
    found = {v.id: (v, m) for v, m in session.execute(
        select(Vehicle, Merchant).outerjoin(Merchant, Merchant.id == Vehicle.merchant_id)
        .where(Vehicle.id.in_([vehicle_id for vehicle_id, _ in ranked])))}
    hits = []
    for vehicle_id, reason in ranked:
        vehicle, merchant = found[vehicle_id]
        hits.append(Hit(vehicle.plate, vehicle.id, summary_of(merchant) if merchant else None, reason))
    return hits


def _merchant_hits(session: Session, matcher: Matcher, text: str, limit: int) -> list[Hit]:
    """One bounded query per kind of match (each on its own best path: the code's unique
    index, the initials' index range, one scan of the names), best reason kept per merchant.
    Latin letters and digits are initials or a code here, never scanned for in names: the
    scan with case folding costs more than the plate scan on PostgreSQL."""
    inactive_last = case((Merchant.status == "active", 0), else_=1)
    hits: dict[int, Hit] = {}
    for reason, predicate in match_tests(matcher, text, phone=False, latin_names=False):
        for merchant in session.scalars(select(Merchant).where(predicate)
                                        .order_by(inactive_last, matcher.order_key(Merchant.code)).limit(limit)):
            hits.setdefault(merchant.id, Hit(None, None, summary_of(merchant), reason))
    return list(hits.values())


def search(db: Database, text: str, limit: int = 20) -> list[Hit]:
    """Hits for what is typed so far, best first; [] for nothing or a single Latin letter or
    digit (too many matches to be of use, and the next keystroke comes within ms)."""
    if type(limit) is not int or not 0 < limit <= SEARCH_LIMIT_MAX:
        raise ValidationError(f"limit: 1 to {SEARCH_LIMIT_MAX}")
    query = " ".join((text or "").split())[:SEARCH_TEXT_MAX_CHARS]
    if not query or (len(query) == 1 and not _is_cjk(query)):
        return []
    fragment = plate_fragment(query)
    plate_like = bool(fragment) and set(fragment) <= _PLATE_CHARS
    # A lone Hanzi that is not a province character is a name, not a plate.
    if len(fragment) == 1 and fragment not in PROVINCES:
        plate_like = False

    order = {reason: i for i, reason in enumerate(
        WITH_DIGITS if any(ch.isdigit() for ch in query) else WITHOUT_DIGITS)}

    def work(session: Session) -> list[Hit]:
        matcher = Matcher.of(session)
        hits = _plate_hits(session, matcher, fragment, limit) if plate_like else []
        hits += _merchant_hits(session, matcher, query, limit)
        # Stable: within a reason the database's order (plate, or code) stays.
        hits.sort(key=lambda h: (order[h.reason], h.merchant is not None and h.merchant.status != "active"))
        return hits[:limit]

    return db.transact(work, readonly=True)
