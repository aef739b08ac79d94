"""What the Entry tab says about a fee and a charge: how the fee was reached, how it is paid,
what was charged. Functions returning text (or text functions), translated in the Entry
panel's context, so a language switch says them again."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.windows.desk_format import money, tare_source, unit_price, weight

if TYPE_CHECKING:
    from app.weighing.entry import EntryResult, Quote


def quote_details(q: "Quote") -> str:
    """'gross 32.560 t − tare 12.080 t (licensed curb weight) = net 20.480 t × ¥15.00 / t (大白菜)'"""
    tare = (QCoreApplication.translate("EntryPanel", "tare %1 (%2)").replace("%1", weight(q.tare.tare_g))
            .replace("%2", tare_source(q.tare.source))
            if q.tare.tare_g else QCoreApplication.translate("EntryPanel", "tare weighed at exit"))
    return QCoreApplication.translate("EntryPanel", "gross %1 − %2 = net %3 × %4 (%5)") \
        .replace("%1", weight(q.gross_g)).replace("%2", tare).replace("%3", weight(q.net_g)) \
        .replace("%4", unit_price(q.unit_price_fen)).replace("%5", q.commodity_name)


def payment_note(q: "Quote", all_cash: bool) -> tuple[Callable[[], str], str]:
    """How the fee on screen will be paid, and the note's kind (warn: cash to collect)."""
    if q.merchant_kind != "fixed" or all_cash:
        return (lambda: QCoreApplication.translate("EntryPanel", "Collect %1 in cash")
                .replace("%1", money(q.fee_fen))), "warn"
    if q.paid_cash_fen:
        return (lambda: QCoreApplication.translate(
            "EntryPanel", "Balance short: the account pays %1, collect %2 in cash.")
            .replace("%1", money(q.paid_account_fen)).replace("%2", money(q.paid_cash_fen))), "warn"
    return (lambda: QCoreApplication.translate("EntryPanel", "From the account of %1 (available %2)")
            .replace("%1", q.merchant_name).replace("%2", money(q.available_fen))), "ok"


def charged_text(result: "EntryResult", q: "Quote") -> Callable[[], str]:
    """The success banner: the voucher, the fee, the cash to collect, the balance left."""
    def text() -> str:
        lines = [QCoreApplication.translate("EntryPanel", "%1 charged %2 · %3 %4").replace("%1", result.voucher_no)
                 .replace("%2", money(result.fee_fen)).replace("%3", q.plate).replace("%4", q.merchant_name)]
        if result.paid_cash_fen:
            lines.append(QCoreApplication.translate("EntryPanel", "Collect %1 in cash")
                         .replace("%1", money(result.paid_cash_fen)))
        if result.paid_account_fen:
            lines.append(QCoreApplication.translate("EntryPanel", "Account paid %1, balance now %2")
                         .replace("%1", money(result.paid_account_fen)).replace("%2", money(result.balance_after_fen)))
        return "\n".join(lines)
    return text
