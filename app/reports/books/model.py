"""The finance report of a period of local days, as plain data: every section keeps its rows
and its total, and `PeriodReport.check()` asserts that the sections agree with each other
(the income by commodity, category, counter, cashier and method all add up to the same net)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.errors import UserError

METHOD_LABELS = {"cash": "现金", "account": "预付账户", "bank_card": "银行卡", "wechat": "微信",
                 "alipay": "支付宝", "bank_transfer": "银行转账"}


class Cancelled(UserError):
    """The user cancelled a report (or its file) before it was done; nothing was written."""


@dataclass(frozen=True)
class IncomeRow:
    """Fee income of one commodity / category / counter / cashier: tickets issued and voided in
    the period, their net weight, fees charged, refunded at exit and voided; net = what stays."""
    label: str
    tickets: int = 0
    voided: int = 0
    weight_g: int = 0          # net weight of the tickets issued, less that of the tickets voided
    fees_fen: int = 0
    refunds_fen: int = 0
    voids_fen: int = 0

    @property
    def net_fen(self) -> int:
        return self.fees_fen - self.refunds_fen - self.voids_fen

    def plus(self, other: "IncomeRow") -> "IncomeRow":
        return IncomeRow(self.label, self.tickets + other.tickets, self.voided + other.voided,
                         self.weight_g + other.weight_g, self.fees_fen + other.fees_fen,
                         self.refunds_fen + other.refunds_fen, self.voids_fen + other.voids_fen)


@dataclass(frozen=True)
class IncomeSection:
    rows: tuple[IncomeRow, ...]
    total: IncomeRow

    @staticmethod
    def of(rows: list[IncomeRow], *, by_net: bool = True) -> "IncomeSection":
        """The rows (largest net income first, unless by_net is False) and their total."""
        total = IncomeRow("合计")
        for row in rows:
            total = total.plus(row)
        ordered = sorted(rows, key=lambda r: (-r.net_fen, r.label)) if by_net else rows
        return IncomeSection(tuple(ordered), total)


@dataclass(frozen=True)
class RefundRow:
    cashier: str
    paid_to: str               # cash | account
    count: int
    amount_fen: int


@dataclass(frozen=True)
class VoidRow:
    voucher_no: str
    voided_at: datetime        # local
    cashier: str
    commodity: str
    fee_fen: int
    reason: str
    authorised_by: str


@dataclass(frozen=True)
class RechargeRow:
    """Money received for prepaid accounts by one method (not income), less reversals."""
    method: str
    count: int = 0
    amount_fen: int = 0
    reversed_count: int = 0
    reversed_fen: int = 0

    @property
    def net_fen(self) -> int:
        return self.amount_fen - self.reversed_fen


@dataclass(frozen=True)
class BalanceRow:
    code: str
    name: str
    balance_fen: int


@dataclass(frozen=True)
class Balances:
    """Merchants' prepaid accounts as they stand when the report is made (not at the period's end)."""
    as_of: datetime            # local
    accounts: int
    rows: tuple[BalanceRow, ...]   # the accounts whose balance is not zero
    credit_fen: int            # sum of the positive balances: owed to merchants
    overdrawn_fen: int         # sum of the negative balances (<= 0)

    @property
    def total_fen(self) -> int:
        return self.credit_fen + self.overdrawn_fen


@dataclass(frozen=True)
class OverShortRow:
    cashier: str
    entries: int
    over_fen: int              # cash found beyond what was expected
    short_fen: int             # cash missing

    @property
    def net_fen(self) -> int:
        return self.over_fen - self.short_fen


@dataclass(frozen=True)
class PeriodReport:
    market_name: str
    first_day: date            # local, inclusive
    last_day: date             # local, inclusive
    start_utc: datetime        # [start_utc, end_utc), as stored
    end_utc: datetime
    generated_at: datetime     # local
    generated_by: str
    by_commodity: IncomeSection
    by_category: IncomeSection
    by_counter: IncomeSection
    by_cashier: IncomeSection
    by_method: IncomeSection   # fee income by how it was paid: cash or prepaid account
    refunds: tuple[RefundRow, ...]
    voids: tuple[VoidRow, ...]
    recharges: tuple[RechargeRow, ...]
    balances: Balances
    over_short: tuple[OverShortRow, ...]

    @property
    def total(self) -> IncomeRow:
        return self.by_category.total

    @property
    def is_one_day(self) -> bool:
        return self.first_day == self.last_day

    def period_text(self) -> str:
        if self.is_one_day:
            return f"{self.first_day:%Y-%m-%d}"
        return f"{self.first_day:%Y-%m-%d} 至 {self.last_day:%Y-%m-%d}"

    def check(self) -> None:
        """Every view of the fee income tells the same totals."""
        total = self.total
        for section in (self.by_commodity, self.by_counter, self.by_cashier):
            assert section.total == total, "income sections add up to the same totals"
        method = self.by_method.total
        assert (method.fees_fen, method.refunds_fen, method.voids_fen) == \
            (total.fees_fen, total.refunds_fen, total.voids_fen), "income by method adds up"
        assert sum(r.amount_fen for r in self.refunds) == total.refunds_fen, "refunds add up"
        assert len(self.voids) == total.voided and sum(v.fee_fen for v in self.voids) == total.voids_fen, \
            "voids add up"
        b = self.balances
        assert sum(r.balance_fen for r in b.rows) == b.total_fen, "balances add up"
