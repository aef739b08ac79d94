"""The monthly fee bill (费用账单) of a fixed merchant, as a PDF. Never imports Qt.

Input is plain data (`BillData`), so the billing service, the CLI sample and the tests all
render the same way; amounts are integer fen, weights integer grams.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from app.money import format_fen, round_fen
from app.reports.pdf import PdfDocument

GRAMS_PER_TONNE = 1_000_000
_TONNE_QUANTUM = Decimal("0.001")

TICKET_HEADERS = ["日期时间", "凭证号", "车牌号", "品种", "净重(吨)", "单价(元/吨)", "费用(元)"]
TICKET_ALIGN = ["left", "left", "left", "left", "right", "right", "right"]
REFUND_HEADERS = ["日期时间", "退费凭证号", "原进场凭证号", "退费(元)"]
RECHARGE_HEADERS = ["日期时间", "收据号", "方式", "金额(元)"]


def format_tonnes(grams: int) -> str:
    """1234567 g -> '1.235' (tonnes, three decimals, half up; Decimal, never float)."""
    _require_int(grams, "weight")
    tonnes = (Decimal(grams) / GRAMS_PER_TONNE).quantize(_TONNE_QUANTUM, rounding=ROUND_HALF_UP)
    return f"{tonnes:f}"


def _require_int(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int (fen or grams), not {type(value).__name__}")


def _signed(fen: int) -> str:
    """Movements in the summary carry their direction: +27000.00 in, -27504.02 out."""
    return ("+" if fen > 0 else "") + format_fen(fen)


def _time(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class BillTicket:
    at: datetime
    voucher_no: str
    plate: str
    commodity: str
    net_g: int
    unit_price_fen: int  # fen per tonne
    fee_fen: int

    def __post_init__(self):
        for name in ("net_g", "unit_price_fen", "fee_fen"):
            _require_int(getattr(self, name), name)


@dataclass(frozen=True)
class BillRefund:
    at: datetime
    voucher_no: str  # the refund voucher
    entry_voucher_no: str  # the entry voucher it refunds
    amount_fen: int

    def __post_init__(self):
        _require_int(self.amount_fen, "amount_fen")


@dataclass(frozen=True)
class BillRecharge:
    at: datetime
    receipt_no: str
    method: str  # as shown: 现金, 微信, 支付宝, 银行卡, 银行转账
    amount_fen: int

    def __post_init__(self):
        _require_int(self.amount_fen, "amount_fen")


@dataclass(frozen=True)
class BillData:
    market_name: str
    merchant_name: str
    account_no: str
    period_start: date
    period_end: date
    opening_balance_fen: int
    closing_balance_fen: int
    tickets: tuple[BillTicket, ...] = ()
    refunds: tuple[BillRefund, ...] = ()
    recharges: tuple[BillRecharge, ...] = ()
    verification_payload: str = ""
    footer: str = ""
    # shown under the summary, e.g. where to ask about the bill
    note: str = ""

    def __post_init__(self):
        _require_int(self.opening_balance_fen, "opening_balance_fen")
        _require_int(self.closing_balance_fen, "closing_balance_fen")
        if self.period_start > self.period_end:
            raise ValueError(f"bill period starts {self.period_start} after it ends {self.period_end}")
        # lists are accepted and frozen, so a BillData never changes under a renderer
        for name in ("tickets", "refunds", "recharges"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    @property
    def fees_fen(self) -> int:
        return sum(t.fee_fen for t in self.tickets)

    @property
    def refunds_fen(self) -> int:
        return sum(r.amount_fen for r in self.refunds)

    @property
    def recharges_fen(self) -> int:
        return sum(r.amount_fen for r in self.recharges)

    @property
    def net_g(self) -> int:
        return sum(t.net_g for t in self.tickets)


def render_bill(data: BillData, printed_at: datetime) -> bytes:
    """The bill as PDF bytes; `printed_at` (local time) is printed in every page footer."""
    period = f"{data.period_start:%Y-%m-%d} 至 {data.period_end:%Y-%m-%d}"
    doc = PdfDocument(
        "费用账单",
        printed_at=printed_at,
        subtitle=f"账期 {period}",
        market_name=data.market_name,
        footer=data.footer,
    )
    doc.key_values(
        [
            ("经营户", data.merchant_name),
            ("账号", data.account_no),
            ("账期", period),
            ("市场", data.market_name),
        ],
        columns=2,
    )

    doc.heading("本期汇总", level=2)
    doc.table(
        ["项目", "笔数", "金额(元)"],
        [
            ["期初余额", "", format_fen(data.opening_balance_fen)],
            ["充值", str(len(data.recharges)), _signed(data.recharges_fen)],
            ["交易管理费", str(len(data.tickets)), _signed(-data.fees_fen)],
            ["退费", str(len(data.refunds)), _signed(data.refunds_fen)],
        ],
        align=["left", "right", "right"],
        totals=["期末余额", "", format_fen(data.closing_balance_fen)],
    )
    if data.note:
        doc.paragraph(data.note)

    doc.heading("交易明细", level=2)
    doc.table(
        TICKET_HEADERS,
        [
            [_time(t.at), t.voucher_no, t.plate, t.commodity, format_tonnes(t.net_g),
             format_fen(t.unit_price_fen), format_fen(t.fee_fen)]
            for t in data.tickets
        ],
        align=TICKET_ALIGN,
        totals=["合计", f"{len(data.tickets)} 笔", "", "", format_tonnes(data.net_g), "",
                format_fen(data.fees_fen)],
    )

    doc.heading("退费明细", level=2)
    if data.refunds:
        doc.table(
            REFUND_HEADERS,
            [[_time(r.at), r.voucher_no, r.entry_voucher_no, format_fen(r.amount_fen)] for r in data.refunds],
            align=["left", "left", "left", "right"],
            totals=["合计", f"{len(data.refunds)} 笔", "", format_fen(data.refunds_fen)],
        )
    else:
        doc.paragraph("本期无退费。")

    doc.heading("充值明细", level=2)
    if data.recharges:
        doc.table(
            RECHARGE_HEADERS,
            [[_time(r.at), r.receipt_no, r.method, format_fen(r.amount_fen)] for r in data.recharges],
            align=["left", "left", "left", "right"],
            totals=["合计", f"{len(data.recharges)} 笔", "", format_fen(data.recharges_fen)],
        )
    else:
        doc.paragraph("本期无充值。")

    if data.verification_payload:
        doc.spacer(4)
        doc.qr(data.verification_payload, size_mm=30, caption="扫码核验本账单", align="right")
    return doc.build()


def sample_bill_data() -> BillData:
    """A realistic, deterministic month for a first look and for `print sample --kind bill`:
    60 tickets (two pages and more), a few refunds and recharges, balances that add up."""
    rng = random.Random(20240531)
    plates = ["鲁A12345", "鲁G8K261", "鲁V37Z90", "冀B52618", "豫N0D337"]
    commodities = [("白菜", 2000), ("土豆", 2500), ("苹果", 3000)]  # fen per tonne
    start = date(2024, 5, 1)
    tickets = []
    for i in range(60):
        day = start + timedelta(days=i // 2)
        at = datetime(day.year, day.month, day.day, 5 + (i % 2) * 7, rng.randrange(60))
        commodity, price_fen = commodities[rng.randrange(len(commodities))]
        net_g = rng.randrange(4_000_000, 31_000_000, 5_000)  # 4 t to 31 t, 5 kg steps
        fee_fen = round_fen(Decimal(net_g) / GRAMS_PER_TONNE * Decimal(price_fen) / 100)
        tickets.append(BillTicket(
            at=at, voucher_no=f"JC{day:%Y%m%d}{i + 1:04d}", plate=plates[rng.randrange(len(plates))],
            commodity=commodity, net_g=net_g, unit_price_fen=price_fen, fee_fen=fee_fen,
        ))
    refunds = [
        BillRefund(at=tickets[i].at + timedelta(hours=3), voucher_no=f"TF{tickets[i].at:%Y%m%d}{n:04d}",
                   entry_voucher_no=tickets[i].voucher_no, amount_fen=tickets[i].fee_fen // 10)
        for n, i in enumerate((4, 17, 41), 1)
    ]
    recharges = [
        BillRecharge(at=datetime(2024, 5, 2, 9, 15), receipt_no="CZ202405020007", method="微信", amount_fen=1_000_000),
        BillRecharge(at=datetime(2024, 5, 13, 16, 40), receipt_no="CZ202405130031", method="现金", amount_fen=500_000),
        BillRecharge(at=datetime(2024, 5, 24, 10, 5), receipt_no="CZ202405240012", method="银行转账",
                     amount_fen=1_200_000),
    ]
    opening = 868_850
    closing = (opening + sum(r.amount_fen for r in recharges) - sum(t.fee_fen for t in tickets)
               + sum(r.amount_fen for r in refunds))
    return BillData(
        market_name="寿光农产品物流园",
        merchant_name="王建国（寿光宏达蔬菜批发部）",
        account_no="A0001023",
        period_start=start,
        period_end=date(2024, 5, 31),
        opening_balance_fen=opening,
        closing_balance_fen=closing,
        tickets=tuple(tickets),
        refunds=tuple(refunds),
        recharges=tuple(recharges),
        verification_payload=f"MD1|BILL|A0001023|2024-05|{closing}|demo-signature",
        footer="如有疑问请于次月 10 日前联系市场财务室",
        note="金额栏中 + 为存入账户，- 为从账户扣除；期末余额 = 期初余额 + 本期各项之和。",
    )
