"""Money and weights as the master-data screens show and read them. Inside, money is integer
fen and weight integer grams; only here do they become text and back, through Decimal (never
float), with refusals that say what to type."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication

from app.errors import ValidationError
from app.money import format_fen, parse_yuan
from app.weighing.fields import TARE_MAX_G

GRAMS_PER_TONNE = 1_000_000
GRAMS_PER_KG = 1_000
UNITS = {"t": GRAMS_PER_TONNE, "kg": GRAMS_PER_KG}
# What may follow the number instead of choosing the unit: "12.08t", "12080 kg", "12.08吨".
_SUFFIXES = (("公斤", "kg"), ("千克", "kg"), ("kg", "kg"), ("吨", "t"), ("t", "t"))
WEIGHT_DECIMALS_MAX = 3     # tonnes to the kilogram, kilograms to the gram


translate = QCoreApplication.translate   # with the literal context "MasterUnits", so lupdate finds them


# ---- money ---------------------------------------------------------------------------------

def yuan(fen: int | None) -> str:
    """12350 -> '123.50'; None -> '' (nothing to show)."""
    return "" if fen is None else format_fen(fen)


def parse_price_fen(text: str, *, required: bool = True) -> int | None:
    """A price in yuan per tonne, typed with at most two decimals: '12.5' -> 1250. Empty:
    None when not required."""
    if not (text or "").strip():
        if required:
            raise ValidationError(translate("MasterUnits", "Price: type the yuan per tonne, e.g. 12.50."))
        return None
    return _yuan_fen(text, translate("MasterUnits", "Price: '%1' is not an amount in yuan per tonne with at "
                                     "most two decimals, e.g. 12.50."))


def parse_amount_fen(text: str) -> int:
    """A non-negative amount in yuan (empty is 0): the overdraft limit."""
    if not (text or "").strip():
        return 0
    return _yuan_fen(text, translate("MasterUnits", "Amount: '%1' is not an amount in yuan with at most two "
                                     "decimals, e.g. 500.00."))


def _yuan_fen(text: str, refusal: str) -> int:
    try:
        fen = parse_yuan(text)
    except ValidationError:
        raise ValidationError(refusal.replace("%1", text.strip())) from None
    if fen < 0:
        raise ValidationError(refusal.replace("%1", text.strip()))
    return fen


# ---- weights -------------------------------------------------------------------------------

def tonnes(grams: int | None) -> str:
    """12_080_000 -> '12.080'; a weight finer than a kilogram keeps every digit; None -> ''."""
    if grams is None:
        return ""
    places = 3 if grams % GRAMS_PER_KG == 0 else 6
    return f"{Decimal(grams).scaleb(-6):.{places}f}"


def tonnes_text(grams: int | None) -> str:
    """'12.080 t' in the interface language; '' for None."""
    return "" if grams is None else translate("MasterUnits", "%1 t").replace("%1", tonnes(grams))


def parse_weight_g(text: str, unit: str) -> int | None:
    """What is typed in a weight field, in `unit` ('t' or 'kg') unless the text names its own:
    '12.08' t -> 12_080_000 g. Empty: None. At most three decimals, more than 0, at most the
    100 t the tables allow."""
    assert unit in UNITS
    raw = (text or "").strip().lower().replace(" ", "").replace(",", "")
    if not raw:
        return None
    for suffix, named in _SUFFIXES:
        if raw.endswith(suffix):
            raw, unit = raw[: -len(suffix)], named
            break
    refusal = translate("MasterUnits", "Weight: '%1' is not a number of tonnes or kilograms with at most "
                        "three decimals, e.g. 12.08 t or 12080 kg.").replace("%1", text.strip())
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(refusal) from None
    if not value.is_finite() or "e" in raw or value.as_tuple().exponent < -WEIGHT_DECIMALS_MAX:
        raise ValidationError(refusal)
    grams = value * UNITS[unit]
    if grams <= 0 or grams > TARE_MAX_G:
        raise ValidationError(translate("MasterUnits", "Weight: more than 0 and at most %1 t.")
                              .replace("%1", str(TARE_MAX_G // GRAMS_PER_TONNE)))
    assert grams == grams.to_integral_value()   # three decimals of kg or t are whole grams
    return int(grams)
