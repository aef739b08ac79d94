"""Money at the edges: yuan text <-> integer fen. Inside, money is always int fen."""
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.errors import ValidationError

FEN_PER_YUAN = 100
AMOUNT_MAX_FEN = 10**13  # 100 billion yuan: far beyond any counter, far below BIGINT


def parse_yuan(text: str, field: str = "amount") -> int:
    """'12.3' -> 1230. Refuses more than two decimals, signs, exponents and garbage."""
    raw = (text or "").strip().replace(",", "").replace("￥", "").replace("¥", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(f"{field}: '{text}' is not an amount in yuan") from None
    if not value.is_finite() or "e" in raw.lower():
        raise ValidationError(f"{field}: '{text}' is not an amount in yuan")
    if value.as_tuple().exponent < -2:
        raise ValidationError(f"{field}: at most two decimals (fen)")
    fen = int(value * FEN_PER_YUAN)
    if abs(fen) > AMOUNT_MAX_FEN:
        raise ValidationError(f"{field}: too large")
    return fen


def format_fen(fen: int, *, symbol: bool = False) -> str:
    """1230 -> '12.30' (or '￥12.30', the fullwidth sign printers need)."""
    assert isinstance(fen, int)
    sign = "-" if fen < 0 else ""
    yuan, rest = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{'￥' if symbol else ''}{yuan}.{rest:02d}"


def round_fen(amount_yuan: Decimal, quantum_fen: int = 1) -> int:
    """Round a yuan amount once, half up, to the market's unit (1 fen, 10 = jiao, 100 = yuan)."""
    assert quantum_fen in (1, 10, 100)
    units = (amount_yuan * FEN_PER_YUAN / quantum_fen).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(units) * quantum_fen
