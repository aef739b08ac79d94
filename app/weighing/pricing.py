"""The money of a ticket, exactly (Decimal, rounded once by the market's rule), and the
approved tare. Pure functions: the Hypothesis tests check them against the formula.

    fee    = (gross − approved tare) t × unit price (yuan/t), rounded once
    refund = (exit weight − entry tare) t × the entry's unit price, rounded once,
             never more than the fee"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.errors import ValidationError
from app.money import round_fen

GRAMS_PER_TONNE = 1_000_000
FEN_PER_YUAN = 100
ROUNDING_RULES = {1: "fen", 10: "jiao", 100: "yuan"}
WEIGHT_MAX_G = 200_000_000          # 200 t: beyond any weighbridge
UNIT_PRICE_MAX_FEN = 100_000_000    # 1 000 000 yuan a tonne: a typing mistake


def _amount_fen(weight_g: int, unit_price_fen: int, rounding_fen: int) -> int:
    assert type(weight_g) is int and type(unit_price_fen) is int, "grams and fen are integers"
    assert rounding_fen in ROUNDING_RULES, f"rounding {rounding_fen!r}"
    yuan = Decimal(weight_g) / GRAMS_PER_TONNE * Decimal(unit_price_fen) / FEN_PER_YUAN
    return round_fen(yuan, rounding_fen)


def fee_fen(gross_g: int, tare_g: int, unit_price_fen: int, rounding_fen: int = 1) -> int:
    if not 0 < gross_g <= WEIGHT_MAX_G:
        raise ValidationError(f"gross weight: more than 0 and at most {WEIGHT_MAX_G // GRAMS_PER_TONNE} t")
    if not 0 <= tare_g < gross_g:
        raise ValidationError("gross weight must exceed the approved tare")
    if not 0 <= unit_price_fen <= UNIT_PRICE_MAX_FEN:
        raise ValidationError("unit price out of range")
    fee = _amount_fen(gross_g - tare_g, unit_price_fen, rounding_fen)
    assert fee >= 0
    return fee


def refund_fen(exit_weight_g: int, entry_tare_g: int, unit_price_fen: int, charged_fen: int,
               rounding_fen: int = 1) -> int:
    """0 when nothing is due (exit weight not above the entry tare)."""
    if not 0 < exit_weight_g <= WEIGHT_MAX_G:
        raise ValidationError(f"exit weight: more than 0 and at most {WEIGHT_MAX_G // GRAMS_PER_TONNE} t")
    if exit_weight_g <= entry_tare_g:
        return 0
    refund = min(_amount_fen(exit_weight_g - entry_tare_g, unit_price_fen, rounding_fen), charged_fen)
    assert 0 <= refund <= charged_fen
    return refund


@dataclass(frozen=True)
class ApprovedTare:
    tare_g: int
    source: str                 # licensed | vehicle_type | weigh_at_exit | manual
    refundable_by_weight: bool  # tare 0: the empty truck is weighed at exit


def approved_tare(*, licensed_tare_g: int | None, type_tare_g: int | None, weigh_at_exit: bool) -> ApprovedTare:
    """Licensed curb weight; else the vehicle type's tare; else 0 when the tare is weighed at
    exit. With none of these the cashier must choose (ValidationError says how)."""
    if licensed_tare_g:
        return ApprovedTare(licensed_tare_g, "licensed", False)
    if type_tare_g:
        return ApprovedTare(type_tare_g, "vehicle_type", False)
    if weigh_at_exit:
        return ApprovedTare(0, "weigh_at_exit", True)
    raise ValidationError("no approved tare for this vehicle: enter its licensed curb weight, choose a "
                          "vehicle type, or weigh the tare at exit")
