"""How the weigh desk writes money, weights and the domain's code words (tare sources, merchant
kinds, ticket states) in the interface language. Money is integer fen and weight integer grams
everywhere else; only here do they become text, exactly (no float on the way)."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

from app.money import format_fen

translate = QCoreApplication.translate
CONTEXT = "DeskFormat"
GRAMS_PER_TONNE = 1_000_000

_TARE_SOURCES = {
    "licensed": QT_TRANSLATE_NOOP("DeskFormat", "licensed curb weight"),
    "vehicle_type": QT_TRANSLATE_NOOP("DeskFormat", "vehicle type"),
    "weigh_at_exit": QT_TRANSLATE_NOOP("DeskFormat", "weighed at exit"),
    "manual": QT_TRANSLATE_NOOP("DeskFormat", "entered by hand"),
}
_MERCHANT_KINDS = {
    "fixed": QT_TRANSLATE_NOOP("DeskFormat", "fixed merchant"),
    "temporary": QT_TRANSLATE_NOOP("DeskFormat", "temporary customer"),
}
_TICKET_STATES = {
    "open": QT_TRANSLATE_NOOP("DeskFormat", "on site"),
    "refunded": QT_TRANSLATE_NOOP("DeskFormat", "refunded"),
    "void": QT_TRANSLATE_NOOP("DeskFormat", "voided"),
}
_PAID_TO = {
    "account": QT_TRANSLATE_NOOP("DeskFormat", "to the account"),
    "cash": QT_TRANSLATE_NOOP("DeskFormat", "in cash"),
}


def money(fen: int | None) -> str:
    """1230 -> '¥12.30'; None -> '—'."""
    if fen is None:
        return "—"
    text = format_fen(fen)
    return f"-¥{text[1:]}" if text.startswith("-") else f"¥{text}"


def weight(grams: int | None) -> str:
    """32_560_000 -> '32.560 t' (Chinese: 吨); a weight finer than a kilogram keeps every digit."""
    if grams is None:
        return "—"
    places = 3 if grams % 1000 == 0 else 6
    number = f"{Decimal(grams).scaleb(-6):.{places}f}"
    return translate("DeskFormat", "%1 t").replace("%1", number)


def unit_price(fen_per_tonne: int) -> str:
    return translate("DeskFormat", "%1 / t").replace("%1", money(fen_per_tonne))


def _title(table: dict[str, str], key: str | None) -> str:
    source = table.get(key or "")
    return translate(CONTEXT, source) if source else (key or "")


def tare_source(source: str | None) -> str:
    return _title(_TARE_SOURCES, source)


def merchant_kind(kind: str | None) -> str:
    return _title(_MERCHANT_KINDS, kind)


def ticket_state(state: str | None) -> str:
    return _title(_TICKET_STATES, state)


def paid_to(where: str | None) -> str:
    return _title(_PAID_TO, where)


def parse_weight_g(text: str) -> int:
    """What a cashier types for a manual weight: kilograms ('32560', '32 560', '32560.5'), or
    tonnes with a 't' ('32.56t'). Whole grams only; ValidationError otherwise."""
    from decimal import InvalidOperation

    from app.errors import ValidationError
    raw = (text or "").strip().lower().replace(" ", "").replace(",", "")
    factor = 1000
    for suffix, grams in (("kg", 1000), ("吨", GRAMS_PER_TONNE), ("t", GRAMS_PER_TONNE), ("公斤", 1000)):
        if raw.endswith(suffix):
            raw, factor = raw[: -len(suffix)], grams
            break
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(translate("DeskFormat", "weight: type kilograms, e.g. 32560, or tonnes, e.g. 32.56t")) \
            from None
    if not value.is_finite():
        raise ValidationError(translate("DeskFormat", "weight: type kilograms, e.g. 32560, or tonnes, e.g. 32.56t"))
    grams = value * factor
    if grams != grams.to_integral_value() or grams <= 0:
        raise ValidationError(translate("DeskFormat", "weight: more than 0, in whole grams"))
    return int(grams)
