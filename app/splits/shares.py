"""Splitting a fee into shares: pure functions over integer fen, no database.

A version's lines are served in line order, each at most what is still left of the fee:
a percentage line's share is floor(fee × basis points / 10 000), a fixed line's its amount.
Percentages add up to at most 100 %, so only fixed amounts can run out of fee: when the fee
is smaller than the fixed amounts, the later lines get less (or 0). The remainder
beneficiary gets whatever is left, so the shares always add up to the fee exactly.

A refund takes back part of every share in proportion to what it got (largest remainders:
each share floored, the fen left over go one each to the largest fractions, ties in line
order), so no beneficiary gives back more than it received and the parts add up exactly."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.errors import ValidationError
from app.money import AMOUNT_MAX_FEN, format_fen, parse_yuan

BASIS_POINTS_FULL = 10_000          # 100 %
LINES_MAX = 10                      # a charge event holds two fee transfers and one per line
PERCENT_DECIMALS_MAX = 2            # 12.34 % is 1234 basis points


@dataclass(frozen=True)
class Line:
    beneficiary_id: int
    basis_points: int | None = None
    fixed_fen: int | None = None


@dataclass(frozen=True)
class Rule:
    """A version's content: its lines and who gets the rest."""
    lines: tuple[Line, ...]
    remainder_beneficiary_id: int


def validate_rule(rule: Rule) -> None:
    """Refuse what compute_shares could not apply: ValidationError naming the line."""
    if len(rule.lines) > LINES_MAX:
        raise ValidationError(f"shares: at most {LINES_MAX} lines")
    seen = {rule.remainder_beneficiary_id}
    total_bp = 0
    for no, line in enumerate(rule.lines, start=1):
        if line.beneficiary_id in seen:
            what = "the remainder beneficiary" if line.beneficiary_id == rule.remainder_beneficiary_id \
                else "a beneficiary"
            raise ValidationError(f"line {no}: {what} appears twice (one line per beneficiary; the remainder "
                                  "beneficiary gets the rest without a line)")
        seen.add(line.beneficiary_id)
        if (line.basis_points is None) == (line.fixed_fen is None):
            raise ValidationError(f"line {no}: either a percentage or a fixed amount")
        if line.basis_points is not None:
            if type(line.basis_points) is not int or not 0 <= line.basis_points <= BASIS_POINTS_FULL:
                raise ValidationError(f"line {no}: a percentage from 0 to 100")
            total_bp += line.basis_points
        elif type(line.fixed_fen) is not int or not 0 <= line.fixed_fen <= AMOUNT_MAX_FEN:
            raise ValidationError(f"line {no}: a fixed amount of 0 yuan or more")
    if total_bp > BASIS_POINTS_FULL:
        raise ValidationError(f"shares: the percentages add up to {format_basis_points(total_bp)} %, more than 100 %")


def compute_shares(fee_fen: int, rule: Rule) -> list[tuple[int, int]]:
    """[(beneficiary id, amount fen)] in line order, the remainder beneficiary last."""
    assert type(fee_fen) is int and 0 <= fee_fen <= AMOUNT_MAX_FEN
    left = fee_fen
    shares = []
    for line in rule.lines:
        nominal = line.fixed_fen if line.basis_points is None else fee_fen * line.basis_points // BASIS_POINTS_FULL
        amount = min(nominal, left)
        left -= amount
        shares.append((line.beneficiary_id, amount))
    shares.append((rule.remainder_beneficiary_id, left))
    assert sum(a for _, a in shares) == fee_fen and all(a >= 0 for _, a in shares), "shares add up to the fee"
    return shares


def reverse_shares(shares: list[tuple[int, int]], part_fen: int) -> list[tuple[int, int]]:
    """What each beneficiary gives back when `part_fen` of the fee (the sum of `shares`) is
    refunded: in proportion, never more than its share, adding up to part_fen exactly."""
    fee_fen = sum(a for _, a in shares)
    assert all(a >= 0 for _, a in shares) and 0 <= part_fen <= fee_fen
    if fee_fen == 0:
        return [(b, 0) for b, _ in shares]
    floors = [a * part_fen // fee_fen for _, a in shares]
    fractions = [a * part_fen % fee_fen for _, a in shares]
    short = part_fen - sum(floors)
    for i in sorted(range(len(shares)), key=lambda i: -fractions[i])[:short]:
        assert fractions[i] > 0
        floors[i] += 1
    out = [(b, amount) for (b, _), amount in zip(shares, floors)]
    assert sum(a for _, a in out) == part_fen and all(0 <= r <= a for (_, a), (_, r) in zip(shares, out))
    return out


# ---- text at the edges: "12.5%" and "3.00" -------------------------------------------------

def format_basis_points(basis_points: int) -> str:
    """1250 -> '12.5', 1234 -> '12.34', 500 -> '5'."""
    text = f"{Decimal(basis_points).scaleb(-2):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_share(text: str, field: str) -> tuple[int | None, int | None]:
    """'12.5%' -> (1250 basis points, None); '3.00' (yuan) -> (None, 300 fen)."""
    raw = (text or "").strip().replace("％", "%")
    if raw.endswith("%"):
        number = raw[:-1].strip()
        try:
            value = Decimal(number)
        except InvalidOperation:
            raise ValidationError(f"{field}: '{text}' is not a percentage like 12.5%") from None
        if (not value.is_finite() or "e" in number.lower() or value.as_tuple().exponent < -PERCENT_DECIMALS_MAX
                or not 0 <= value <= 100):
            raise ValidationError(f"{field}: a percentage from 0 to 100 with at most two decimals, like 12.5%")
        return int(value * 100), None
    fen = parse_yuan(raw, field)
    if fen < 0:
        raise ValidationError(f"{field}: a fixed amount of 0 yuan or more")
    return None, fen


def format_share(line: Line) -> str:
    return f"{format_basis_points(line.basis_points)}%" if line.basis_points is not None else format_fen(line.fixed_fen)
