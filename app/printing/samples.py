"""Sample documents with demo data: `marketdesk print sample`, the golden tests, the
benchmark and the screenshots all print these."""
from __future__ import annotations

from app.printing.documents import (Document, EntryVoucher, HandoverLine, HandoverSlip, RechargeReceipt,
                                    RefundVoucher, TestPage)
from app.printing.queue import signed
from app.printing.signing import VoucherSigner, sample_signer

SAMPLE_KINDS = ("entry-voucher", "refund-voucher", "recharge-receipt", "handover", "test-page", "bill")
ISSUED_AT = "2026-11-23 08:15:42"
COMMON = dict(counter="1号收费台", cashier="张晓梅", issued_at=ISSUED_AT)


def sample_document(kind: str, signer: VoucherSigner | None = None) -> Document:
    """One realistic document of `kind` (a SAMPLE_KINDS name other than bill), signed with
    the sample key unless a signer is given."""
    signer = signer or sample_signer()
    match kind:
        case "entry-voucher":
            doc = EntryVoucher(number="E2611230042", **COMMON, plate="鲁A12345", merchant="寿光蔬菜批发部",
                               merchant_kind="fixed", commodity="大白菜", gross_g=32_560_000, tare_g=12_080_000,
                               tare_source="licensed", unit_price_fen=1500, fee_fen=30720, paid_account_fen=30000,
                               paid_cash_fen=720, balance_after_fen=0)
        case "refund-voucher":
            doc = RefundVoucher(number="R2611230007", **COMMON, entry_number="E2611230042", plate="鲁A12345",
                                merchant="临时经营户", commodity="土豆", entry_gross_g=30_000_000, entry_tare_g=0,
                                exit_weight_g=11_960_000, unit_price_fen=1200, fee_fen=36000, refund_fen=14352,
                                paid_to="cash")
        case "recharge-receipt":
            doc = RechargeReceipt(number="C2611230015", **COMMON, account_no="M000123", holder="寿光蔬菜批发部",
                                  method="wechat", reference="4200001234202611231234567890",
                                  amount_fen=500000, balance_before_fen=12345, balance_after_fen=512345)
        case "handover":
            doc = HandoverSlip(number="H2611230003", **COMMON, opened_at="2026-11-23 06:00:05",
                               closed_at="2026-11-23 14:02:11",
                               lines=(HandoverLine("cash", 1_234_500, 1_234_400),
                                      HandoverLine("wechat", 356_000, 356_000),
                                      HandoverLine("alipay", 120_050, 120_050)),
                               denominations=((10000, 120), (5000, 6), (1000, 3), (100, 4)),
                               first_voucher="E2611230001", last_voucher="E2611230042", vouchers_count=42,
                               notes="一张50元旧币已单独存放")
        case "test-page":
            return TestPage(number="", **COMMON, qr="MARKETDESK PRINTER TEST", printer="network 127.0.0.1:9100")
        case _:
            raise ValueError(f"no sample of kind {kind!r}")
    return signed(doc, signer)
