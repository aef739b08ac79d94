"""What each printed document says: plain data (integer fen and grams), turned into the text
fields its layout places. Stored as JSON with its print job, so a reprint years later shows
exactly what the first print showed."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal

from app.money import format_fen

GRAMS_PER_TONNE = 1_000_000
DOCUMENT_JSON_MAX_CHARS = 20_000

METHOD_LABELS = {"cash": "现金", "bank_card": "银行卡", "wechat": "微信支付", "alipay": "支付宝",
                 "bank_transfer": "银行转账", "account": "账户"}
METHOD_SHORT_LABELS = {"cash": "现金", "bank_card": "银行卡", "wechat": "微信", "alipay": "支付宝",
                       "bank_transfer": "转账", "account": "账户"}  # narrow table columns
TARE_SOURCE_LABELS = {"licensed": "行驶证", "vehicle_type": "车型皮重", "weigh_at_exit": "出场称皮",
                      "manual": "手工"}
MERCHANT_KIND_LABELS = {"fixed": "固定户", "temporary": "临时户"}


def tonnes(grams: int) -> str:
    """12_345_000 g -> '12.345 吨'; exact (Decimal, never float, never rounded): a weight
    finer than a kilogram shows all six decimals."""
    assert isinstance(grams, int)
    places = 3 if grams % 1000 == 0 else 6
    return f"{Decimal(grams).scaleb(-6):.{places}f} 吨"


def yuan(fen: int) -> str:
    return format_fen(fen, symbol=True)


def _blank_if_none(value, fmt) -> str:
    return "" if value is None else fmt(value)


@dataclass(frozen=True)
class Document:
    """Common to every document: who printed it where and when (local time, as text)."""
    number: str
    counter: str
    cashier: str
    issued_at: str
    qr: str = ""           # the signed payload (app.printing.signing), empty: no QR

    KIND = ""
    TITLE = ""

    def signed_amount_fen(self) -> int:
        """What the signed QR vouches for."""
        return 0

    def signed_kind(self) -> str:
        return self.KIND

    def common_fields(self) -> dict[str, str]:
        return {"title": self.TITLE, "number": self.number, "counter": self.counter,
                "cashier": self.cashier, "issued_at": self.issued_at}

    def text_fields(self) -> dict[str, str]:
        raise NotImplementedError

    def table_rows(self, name: str) -> list[list[str]]:
        raise KeyError(f"{self.KIND} has no table {name!r}")

    def to_json(self) -> str:
        text = json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        if len(text) > DOCUMENT_JSON_MAX_CHARS:
            raise ValueError(f"{self.KIND}: document too large to print ({len(text)} characters)")
        return text


@dataclass(frozen=True)
class EntryVoucher(Document):
    KIND = "entry_voucher"
    TITLE = "进场缴费凭证"

    plate: str = ""
    merchant: str = ""
    merchant_kind: str = "temporary"
    commodity: str = ""
    gross_g: int = 0
    tare_g: int = 0
    tare_source: str = "licensed"
    unit_price_fen: int = 0          # per tonne
    fee_fen: int = 0
    paid_account_fen: int = 0
    paid_cash_fen: int = 0
    balance_after_fen: int | None = None
    manual_weight: bool = False
    refundable_by_weight: bool = False

    def __post_init__(self):
        assert self.paid_account_fen + self.paid_cash_fen == self.fee_fen, "payments must add up to the fee"
        assert self.gross_g > self.tare_g >= 0, "gross must exceed tare"

    def signed_amount_fen(self) -> int:
        return self.fee_fen

    def text_fields(self) -> dict[str, str]:
        return {**self.common_fields(),
                "plate": self.plate, "merchant": self.merchant,
                "merchant_kind": MERCHANT_KIND_LABELS.get(self.merchant_kind, self.merchant_kind),
                "commodity": self.commodity, "gross": tonnes(self.gross_g), "tare": tonnes(self.tare_g),
                "tare_source": TARE_SOURCE_LABELS.get(self.tare_source, self.tare_source),
                "net": tonnes(self.gross_g - self.tare_g),
                "unit_price": f"{yuan(self.unit_price_fen)}/吨", "fee": yuan(self.fee_fen),
                "paid_account": yuan(self.paid_account_fen) if self.paid_account_fen else "",
                "paid_cash": yuan(self.paid_cash_fen) if self.paid_cash_fen else "",
                "balance_after": _blank_if_none(self.balance_after_fen, yuan),
                "manual_weight": "手工录入重量" if self.manual_weight else "",
                "refundable_by_weight": "出场称皮，按重量退费" if self.refundable_by_weight else ""}


@dataclass(frozen=True)
class RefundVoucher(Document):
    KIND = "refund_voucher"
    TITLE = "退费凭证"

    entry_number: str = ""
    plate: str = ""
    merchant: str = ""
    commodity: str = ""
    entry_gross_g: int = 0
    entry_tare_g: int = 0
    exit_weight_g: int = 0
    unit_price_fen: int = 0
    fee_fen: int = 0                  # charged at entry
    refund_fen: int = 0
    paid_to: str = "cash"             # cash | account
    balance_after_fen: int | None = None

    def __post_init__(self):
        assert 0 < self.refund_fen <= self.fee_fen, "a refund is positive and never more than the fee"
        assert self.paid_to in ("cash", "account")

    def signed_amount_fen(self) -> int:
        return self.refund_fen

    def text_fields(self) -> dict[str, str]:
        return {**self.common_fields(),
                "entry_number": self.entry_number, "plate": self.plate, "merchant": self.merchant,
                "commodity": self.commodity, "entry_gross": tonnes(self.entry_gross_g),
                "entry_tare": tonnes(self.entry_tare_g), "exit_weight": tonnes(self.exit_weight_g),
                "refund_weight": tonnes(self.exit_weight_g - self.entry_tare_g),
                "unit_price": f"{yuan(self.unit_price_fen)}/吨", "fee": yuan(self.fee_fen),
                "refund": yuan(self.refund_fen), "paid_to": METHOD_LABELS[self.paid_to],
                "balance_after": _blank_if_none(self.balance_after_fen, yuan)}


@dataclass(frozen=True)
class RechargeReceipt(Document):
    KIND = "recharge_receipt"
    TITLE = "账户充值收据"

    account_no: str = ""
    holder: str = ""
    method: str = "cash"
    reference: str = ""               # the channel's transaction reference (non-cash)
    amount_fen: int = 0
    balance_before_fen: int = 0
    balance_after_fen: int = 0
    reversal: bool = False            # a reversal receipt: the amount went back out
    reason: str = ""

    def __post_init__(self):
        assert self.method in METHOD_LABELS
        sign = -1 if self.reversal else 1
        assert self.balance_after_fen - self.balance_before_fen == sign * self.amount_fen, \
            "balance after = balance before ± amount"

    def signed_amount_fen(self) -> int:
        return self.amount_fen

    def signed_kind(self) -> str:
        """A reversal is not a recharge: the exit and finance desks must tell them apart."""
        return "recharge_reversal" if self.reversal else self.KIND

    def text_fields(self) -> dict[str, str]:
        return {**self.common_fields(), "title": "充值冲正收据" if self.reversal else self.TITLE,
                "account_no": self.account_no, "holder": self.holder,
                "method": METHOD_LABELS[self.method], "reference": self.reference,
                "amount": yuan(self.amount_fen), "balance_before": yuan(self.balance_before_fen),
                "balance_after": yuan(self.balance_after_fen),
                "amount_label": "冲正金额" if self.reversal else "充值金额", "reason": self.reason}


@dataclass(frozen=True)
class HandoverLine:
    method: str
    expected_fen: int
    counted_fen: int


@dataclass(frozen=True)
class HandoverSlip(Document):
    KIND = "handover_slip"
    TITLE = "交班交账单"

    opened_at: str = ""
    closed_at: str = ""
    lines: tuple[HandoverLine, ...] = ()
    denominations: tuple[tuple[int, int], ...] = ()   # (denomination fen, count)
    first_voucher: str = ""
    last_voucher: str = ""
    vouchers_count: int = 0
    notes: str = ""

    def signed_amount_fen(self) -> int:
        return self.cash_counted_fen()

    def cash_counted_fen(self) -> int:
        return sum(line.counted_fen for line in self.lines if line.method == "cash")

    def text_fields(self) -> dict[str, str]:
        expected = sum(line.expected_fen for line in self.lines)
        counted = sum(line.counted_fen for line in self.lines)
        return {**self.common_fields(), "opened_at": self.opened_at, "closed_at": self.closed_at,
                "first_voucher": self.first_voucher, "last_voucher": self.last_voucher,
                "vouchers_count": str(self.vouchers_count), "notes": self.notes,
                "expected_total": yuan(expected), "counted_total": yuan(counted),
                "differences": "yes" if any(l.counted_fen != l.expected_fen for l in self.lines) else "",
                "difference_total": yuan(counted - expected)}

    def table_rows(self, name: str) -> list[list[str]]:
        if name == "methods":
            return [[METHOD_SHORT_LABELS.get(l.method, l.method), format_fen(l.expected_fen),
                     format_fen(l.counted_fen)] for l in self.lines]
        if name == "differences":
            return [[METHOD_SHORT_LABELS.get(l.method, l.method), format_fen(l.counted_fen - l.expected_fen)]
                    for l in self.lines if l.counted_fen != l.expected_fen]
        if name == "denominations":
            return [[yuan(d), f"× {n}", yuan(d * n)] for d, n in self.denominations]
        raise KeyError(name)


CASH_SLIP_TITLES = {"drop": "现金解款单", "payout": "现金支出单"}


@dataclass(frozen=True)
class CashSlip(Document):
    """A cash drop to the safe or a pay-out from the drawer during a shift."""
    KIND = "cash_slip"
    TITLE = "现金解款单"

    movement: str = "drop"    # drop | payout
    amount_fen: int = 0
    payee: str = ""
    reason: str = ""
    authorised_by: str = ""

    def text_fields(self) -> dict[str, str]:
        return {**self.common_fields(), "title": CASH_SLIP_TITLES[self.movement], "amount": yuan(self.amount_fen),
                "payee": self.payee, "reason": self.reason, "authorised_by": self.authorised_by}


@dataclass(frozen=True)
class TestPage(Document):
    KIND = "test_page"
    TITLE = "打印测试页"

    printer: str = ""

    def text_fields(self) -> dict[str, str]:
        return {**self.common_fields(), "printer": self.printer}


KINDS: dict[str, type[Document]] = {cls.KIND: cls for cls in
                                    (EntryVoucher, RefundVoucher, RechargeReceipt, HandoverSlip, CashSlip, TestPage)}


def from_json(kind: str, text: str) -> Document:
    cls = KINDS.get(kind)
    if cls is None:
        raise ValueError(f"unknown document kind {kind!r}")
    raw = json.loads(text)
    names = {f.name for f in fields(cls)}
    unknown = set(raw) - names
    if unknown:
        raise ValueError(f"{kind}: unknown fields {sorted(unknown)}")
    if cls is HandoverSlip:
        raw["lines"] = tuple(HandoverLine(**line) for line in raw.get("lines", ()))
        raw["denominations"] = tuple(tuple(pair) for pair in raw.get("denominations", ()))
    return cls(**raw)
