"""The monthly fee bill: what the merchant reads on it."""
import dataclasses
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
import qrcode
from qrcode.constants import ERROR_CORRECT_M

from app.money import format_fen
from app.reports.bill import (
    TICKET_HEADERS,
    BillData,
    BillRecharge,
    BillRefund,
    BillTicket,
    format_tonnes,
    render_bill,
    sample_bill_data,
)
from tests.reports.pdf_inspect import fonts, images, page_texts

PRINTED_AT = datetime(2024, 6, 1, 9, 30)


@pytest.fixture(scope="module")
def sample():
    return sample_bill_data()


@pytest.fixture(scope="module")
def sample_pdf(sample):
    return render_bill(sample, PRINTED_AT)


def test_sample_data_is_a_realistic_month_that_adds_up(sample):
    assert len(sample.tickets) >= 60
    assert {t.commodity for t in sample.tickets} == {"白菜", "土豆", "苹果"}
    assert all(t.plate[0] in "鲁冀豫" for t in sample.tickets)
    assert sample.closing_balance_fen == (
        sample.opening_balance_fen + sample.recharges_fen - sample.fees_fen + sample.refunds_fen
    )
    assert sample.closing_balance_fen > 0
    assert all(sample.period_start <= t.at.date() <= sample.period_end for t in sample.tickets)


def test_bill_shows_title_merchant_account_period_and_amounts(sample, sample_pdf):
    texts = page_texts(sample_pdf)
    first = texts[0]
    assert "费用账单" in first
    assert sample.merchant_name in first
    assert sample.account_no in first
    assert "2024-05-01 至 2024-05-31" in first
    assert sample.market_name in first
    everything = "\n".join(texts)
    for fen in (sample.opening_balance_fen, sample.closing_balance_fen, sample.fees_fen,
                sample.refunds_fen, sample.recharges_fen):
        assert format_fen(fen) in everything, format_fen(fen)
    assert "-" + format_fen(sample.fees_fen) in first  # fees leave the account
    ticket = sample.tickets[0]
    assert (f"{ticket.at:%Y-%m-%d %H:%M} {ticket.voucher_no} {ticket.plate} {ticket.commodity} "
            f"{format_tonnes(ticket.net_g)} {format_fen(ticket.unit_price_fen)} "
            f"{format_fen(ticket.fee_fen)}") in first
    assert f"合计 {len(sample.tickets)} 笔 {format_tonnes(sample.net_g)} {format_fen(sample.fees_fen)}" in everything
    for refund in sample.refunds:
        assert f"{refund.voucher_no} {refund.entry_voucher_no} {format_fen(refund.amount_fen)}" in everything
    for recharge in sample.recharges:
        assert f"{recharge.receipt_no} {recharge.method} {format_fen(recharge.amount_fen)}" in everything


def test_bill_spans_pages_numbered_x_of_n_with_the_ticket_header_repeated(sample, sample_pdf):
    texts = page_texts(sample_pdf)
    assert len(texts) >= 2
    for number, text in enumerate(texts, 1):
        assert f"第 {number} 页 / 共 {len(texts)} 页" in text
        assert "打印时间 2024-06-01 09:30" in text
        assert sample.footer in text
    assert all(header in texts[1] for header in TICKET_HEADERS)
    # the ticket table runs on from page 1 to page 2, each ticket row printed exactly once
    rows = [f"{t.at:%Y-%m-%d %H:%M} {t.voucher_no} {t.plate}" for t in sample.tickets]
    on_page = [[row for row in rows if row in text] for text in texts[:2]]
    assert on_page[0] and on_page[1]
    assert on_page[0] + on_page[1] == rows


def test_bill_embeds_its_fonts(sample_pdf):
    found = fonts(sample_pdf)
    assert found and all(font.embedded for font in found)


def test_bill_carries_the_verification_qr(sample, sample_pdf):
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=4)
    code.add_data(sample.verification_payload.encode())
    code.make(fit=True)
    expected = code.get_matrix()
    found = [image for page in range(len(page_texts(sample_pdf))) for image in images(sample_pdf, page)]
    assert len(found) == 1
    gray = found[0].convert("L")
    assert gray.size == (len(expected), len(expected))
    assert [[gray.getpixel((x, y)) < 128 for x in range(gray.size[0])] for y in range(gray.size[1])] == expected
    assert "扫码核验本账单" in page_texts(sample_pdf)[-1]


def test_names_with_markup_characters_print_as_written(sample):
    data = dataclasses.replace(sample, merchant_name="张三<b>&李四</b>", market_name="A&B<市场>",
                               tickets=sample.tickets[:3])
    texts = page_texts(render_bill(data, PRINTED_AT))
    assert "张三<b>&李四</b>" in texts[0]
    assert "A&B<市场>" in texts[0]


def test_an_empty_month_renders_without_qr():
    data = BillData(
        market_name="寿光农产品物流园", merchant_name="李四", account_no="A0000002",
        period_start=date(2024, 2, 1), period_end=date(2024, 2, 29),
        opening_balance_fen=0, closing_balance_fen=0,
    )
    pdf = render_bill(data, PRINTED_AT)
    [text] = page_texts(pdf)
    assert "本期无退费。" in text and "本期无充值。" in text
    assert "合计 0 笔 0.000 0.00" in text
    assert "第 1 页 / 共 1 页" in text
    assert images(pdf, 0) == []


@pytest.mark.parametrize(
    "grams, tonnes",
    [(0, "0.000"), (1_234_567, "1.235"), (499, "0.000"), (500, "0.001"), (31_000_000, "31.000"),
     (1_100_875_000, "1100.875")],
)
def test_weights_are_grams_shown_as_tonnes_with_three_decimals(grams, tonnes):
    assert format_tonnes(grams) == tonnes


def test_weights_and_amounts_must_be_integers():
    with pytest.raises(TypeError, match="weight must be an int"):
        format_tonnes(1.5)
    at = datetime(2024, 5, 1, 8, 0)
    with pytest.raises(TypeError, match="fee_fen must be an int"):
        BillTicket(at, "JC1", "鲁A12345", "白菜", 1_000_000, 2000, 20.0)
    with pytest.raises(TypeError, match="net_g must be an int"):
        BillTicket(at, "JC1", "鲁A12345", "白菜", True, 2000, 2000)
    with pytest.raises(TypeError, match="amount_fen"):
        BillRefund(at, "TF1", "JC1", "1.00")
    with pytest.raises(TypeError, match="amount_fen"):
        BillRecharge(at, "CZ1", "现金", 1.0)
    with pytest.raises(TypeError, match="opening_balance_fen"):
        BillData("市场", "户", "A1", date(2024, 5, 1), date(2024, 5, 31), 0.0, 0)


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="starts 2024-05-31 after it ends 2024-05-01"):
        BillData("市场", "户", "A1", date(2024, 5, 31), date(2024, 5, 1), 0, 0)


def test_bill_data_is_frozen_and_freezes_its_lists():
    at = datetime(2024, 5, 1, 8, 0)
    tickets = [BillTicket(at, "JC1", "鲁A12345", "白菜", 1_000_000, 2000, 2000)]
    data = BillData("市场", "户", "A1", date(2024, 5, 1), date(2024, 5, 31), 0, -2000, tickets=tickets)
    tickets.append(tickets[0])
    assert isinstance(data.tickets, tuple) and len(data.tickets) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.closing_balance_fen = 0


def test_the_pdf_modules_do_not_import_qt():
    code = (
        "import sys; from datetime import datetime; import app.reports.bill as b; "
        "b.render_bill(b.sample_bill_data(), datetime(2024, 6, 1)); "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == "[]"
