"""compute_shares and reverse_shares: integer arithmetic, shares add up to the fee exactly."""
import pytest
from hypothesis import given, strategies as st

from app.errors import ValidationError
from app.money import AMOUNT_MAX_FEN
from app.splits.shares import (LINES_MAX, Line, Rule, compute_shares, format_basis_points, format_share,
                               parse_share, reverse_shares, validate_rule)

fees = st.integers(min_value=0, max_value=AMOUNT_MAX_FEN)


@st.composite
def rules(draw):
    """Valid rules: distinct beneficiaries, percentages within 100 %, fixed amounts ≥ 0."""
    n = draw(st.integers(min_value=0, max_value=LINES_MAX))
    ids = draw(st.lists(st.integers(min_value=1, max_value=10_000), min_size=n + 1, max_size=n + 1, unique=True))
    lines, room = [], 10_000
    for beneficiary in ids[:n]:
        if draw(st.booleans()):
            bp = draw(st.integers(min_value=0, max_value=room))
            room -= bp
            lines.append(Line(beneficiary, basis_points=bp))
        else:
            lines.append(Line(beneficiary, fixed_fen=draw(st.integers(min_value=0, max_value=10**9))))
    return Rule(tuple(lines), ids[n])


@given(rules(), fees)
def test_shares_add_up_to_the_fee(rule, fee):
    validate_rule(rule)
    shares = compute_shares(fee, rule)
    assert sum(a for _, a in shares) == fee
    assert all(a >= 0 for _, a in shares)
    assert [b for b, _ in shares] == [l.beneficiary_id for l in rule.lines] + [rule.remainder_beneficiary_id]


@given(rules(), fees)
def test_percentages_are_floored_and_never_exceed_their_nominal(rule, fee):
    shares = dict(compute_shares(fee, rule))
    for line in rule.lines:
        nominal = line.fixed_fen if line.basis_points is None else fee * line.basis_points // 10_000
        assert shares[line.beneficiary_id] <= nominal


@given(rules(), fees)
def test_without_fixed_amounts_every_percentage_gets_its_full_floor(rule, fee):
    percent_only = Rule(tuple(l for l in rule.lines if l.basis_points is not None), rule.remainder_beneficiary_id)
    shares = dict(compute_shares(fee, percent_only))
    for line in percent_only.lines:
        assert shares[line.beneficiary_id] == fee * line.basis_points // 10_000


@given(rules(), fees, st.data())
def test_a_refund_takes_back_in_proportion_and_adds_up(rule, fee, data):
    shares = compute_shares(fee, rule)
    part = data.draw(st.integers(min_value=0, max_value=fee))
    back = reverse_shares(shares, part)
    assert sum(r for _, r in back) == part
    for (b, given_fen), (b2, taken) in zip(shares, back):
        assert b == b2 and 0 <= taken <= given_fen
        if fee:   # within one fen of the exact proportion
            assert abs(taken * fee - given_fen * part) < fee


def test_worked_example():
    rule = Rule((Line(2, basis_points=1250), Line(3, fixed_fen=300)), remainder_beneficiary_id=1)
    assert compute_shares(1001, rule) == [(2, 125), (3, 300), (1, 576)]
    assert compute_shares(0, rule) == [(2, 0), (3, 0), (1, 0)]


def test_fixed_amounts_larger_than_the_fee_are_capped_in_line_order():
    rule = Rule((Line(2, fixed_fen=300), Line(3, fixed_fen=500), Line(4, basis_points=5000)), 1)
    assert compute_shares(600, rule) == [(2, 300), (3, 300), (4, 0), (1, 0)]
    assert compute_shares(200, rule) == [(2, 200), (3, 0), (4, 0), (1, 0)]


@pytest.mark.parametrize("rule, message", [
    (Rule((Line(2, basis_points=6000), Line(3, basis_points=4001)), 1), "100.01 %, more than 100"),
    (Rule((Line(2, basis_points=10), Line(2, fixed_fen=1)), 1), "line 2: a beneficiary appears twice"),
    (Rule((Line(1, basis_points=10),), 1), "line 1: the remainder beneficiary appears twice"),
    (Rule((Line(2, fixed_fen=-1),), 1), "line 1: a fixed amount of 0 yuan or more"),
    (Rule((Line(2, basis_points=10001),), 1), "line 1: a percentage from 0 to 100"),
    (Rule((Line(2),), 1), "line 1: either a percentage or a fixed amount"),
    (Rule((Line(2, 10, 10),), 1), "line 1: either a percentage or a fixed amount"),
    (Rule(tuple(Line(i, basis_points=1) for i in range(2, 3 + LINES_MAX)), 1), "at most 10 lines"),
])
def test_invalid_rules_are_refused(rule, message):
    with pytest.raises(ValidationError, match=message):
        validate_rule(rule)


def test_share_text():
    assert parse_share("12.5%", "line") == (1250, None)
    assert parse_share(" 0.01 ％", "line") == (1, None)
    assert parse_share("3", "line") == (None, 300)
    assert parse_share("3.05", "line") == (None, 305)
    assert format_share(Line(1, basis_points=1250)) == "12.5%"
    assert format_share(Line(1, fixed_fen=305)) == "3.05"
    assert format_basis_points(10_000) == "100"
    for bad in ("12.555%", "101%", "-1%", "abc%", "1e2%", "-3.00", "3.001", "x"):
        with pytest.raises(ValidationError, match="line"):
            parse_share(bad, "line")
