"""Account and transfer codes, and flags. Values are stored as text: readable in SQL."""
from enum import StrEnum

LEDGER_CNY = 156  # ISO 4217 numeric code of the yuan


class AccountCode(StrEnum):
    MERCHANT_PREPAID = "merchant_prepaid"   # liability: money merchants paid in advance
    TENANT_PREPAID = "tenant_prepaid"       # liability: tenants' prepaid utilities
    CASH_DRAWER = "cash_drawer"             # asset: one per shift
    FEE_INCOME = "fee_income"               # income, per commodity category
    CHANNEL_CLEARING = "channel_clearing"   # asset: money on its way from a payment channel
    SAFE = "safe"                           # asset: finance's safe
    BANK = "bank"                           # asset: the market's bank account
    OVER_SHORT = "over_short"               # cash differences found at handover
    SPLIT_PAYABLE = "split_payable"         # liability: shares owed to beneficiaries
    CASH_PAYOUTS = "cash_payouts"           # expense: cash paid out of drawers during shifts


# Accounts whose balance is read as debits - credits; all others as credits - debits.
DEBIT_NORMAL = frozenset({AccountCode.CASH_DRAWER, AccountCode.CHANNEL_CLEARING, AccountCode.SAFE,
                          AccountCode.BANK, AccountCode.OVER_SHORT, AccountCode.CASH_PAYOUTS})


class PaymentMethod(StrEnum):
    CASH = "cash"
    BANK_CARD = "bank_card"
    WECHAT = "wechat"
    ALIPAY = "alipay"
    BANK_TRANSFER = "bank_transfer"


class TransferCode(StrEnum):
    FEE = "FEE"
    REFUND = "REFUND"
    RECHARGE = "RECHARGE"
    RECHARGE_REVERSAL = "RECHARGE_REVERSAL"
    HANDOVER = "HANDOVER"
    OVER_SHORT = "OVER_SHORT"
    SPLIT = "SPLIT"
    CORRECTION = "CORRECTION"
    FLOAT = "FLOAT"          # opening float into a shift's drawer
    CASH_DROP = "CASH_DROP"
    PAYOUT = "PAYOUT"
    METER_VEND = "METER_VEND"
    EXPIRED = "EXPIRED"      # a pending transfer voided by its timeout
    ACCOUNT_CLOSE = "ACCOUNT_CLOSE"


class TransferKind(StrEnum):
    POSTED = "posted"        # final at once
    PENDING = "pending"      # reserved: counts against the balance, not yet moved
    POST = "post"            # finalises (all or part of) a pending transfer
    VOID = "void"            # releases a pending transfer
