"""The money of a ticket: the exact decimal formula rounded once, for any weights and prices;
a refund never exceeds the fee."""
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, strategies as st

from app.errors import ValidationError
from app.weighing.pricing import (UNIT_PRICE_MAX_FEN, WEIGHT_MAX_G, ApprovedTare, approved_tare, fee_fen,
                                  refund_fen)

weights = st.integers(min_value=1, max_value=WEIGHT_MAX_G)
prices = st.integers(min_value=0, max_value=UNIT_PRICE_MAX_FEN)
rules = st.sampled_from([1, 10, 100])


def exact(weight_g: int, price_fen: int, rounding: int) -> int:
    """(weight in t) × (price in yuan/t), in fen, rounded half up once to the rule's unit."""
    fen = Decimal(weight_g) * Decimal(price_fen) / Decimal(1_000_000)
    return int((fen / rounding).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * rounding


@given(gross=weights, tare_frac=st.floats(min_value=0, max_value=0.999), price=prices, rounding=rules)
def test_fee_is_the_formula_rounded_once(gross, tare_frac, price, rounding):
    tare = int(gross * tare_frac)
    if tare >= gross:
        return
    assert fee_fen(gross, tare, price, rounding) == exact(gross - tare, price, rounding)


@given(gross=weights, tare=st.integers(min_value=0, max_value=WEIGHT_MAX_G), exit_g=weights, price=prices,
       rounding=rules)
def test_refund_never_exceeds_the_fee(gross, tare, exit_g, price, rounding):
    if tare >= gross:
        return
    fee = fee_fen(gross, tare, price, rounding)
    refund = refund_fen(exit_g, tare, price, fee, rounding)
    assert 0 <= refund <= fee
    if exit_g <= tare:
        assert refund == 0
    else:
        assert refund == min(exact(exit_g - tare, price, rounding), fee)


def test_known_values():
    assert fee_fen(32_560_000, 12_080_000, 1500) == 30720          # 20.48 t × 15.00 = 307.20
    assert fee_fen(1_234_567, 0, 1234) == 1523                     # 1.234567 × 12.34 = 15.2345… -> 15.23
    assert fee_fen(1_234_567, 0, 1234, 10) == 1520                 # to the jiao
    assert fee_fen(1_250_000, 0, 1000, 100) == 1300                # 12.50 yuan -> 13 yuan (half up)
    assert refund_fen(11_960_000, 0, 1200, 36000) == 14352


@pytest.mark.parametrize("gross, tare, message", [(0, 0, "gross weight"), (10, 10, "must exceed"),
                                                  (10, 20, "must exceed"), (WEIGHT_MAX_G + 1, 0, "gross")])
def test_bad_weights_are_refused(gross, tare, message):
    with pytest.raises(ValidationError, match=message):
        fee_fen(gross, tare, 100)


def test_floats_never_reach_the_money():
    with pytest.raises(AssertionError):
        fee_fen(10_000, 0, 15.0)


def test_tare_rules_in_order():
    assert approved_tare(licensed_tare_g=9_000_000, type_tare_g=3_200_000, weigh_at_exit=True) == \
        ApprovedTare(9_000_000, "licensed", False)
    assert approved_tare(licensed_tare_g=None, type_tare_g=3_200_000, weigh_at_exit=True) == \
        ApprovedTare(3_200_000, "vehicle_type", False)
    assert approved_tare(licensed_tare_g=None, type_tare_g=None, weigh_at_exit=True) == \
        ApprovedTare(0, "weigh_at_exit", True)
    with pytest.raises(ValidationError, match="no approved tare"):
        approved_tare(licensed_tare_g=None, type_tare_g=None, weigh_at_exit=False)
