"""Documents: exact text fields, JSON round trips, and the layouts that place them."""
import pytest

from app.errors import ValidationError
from app.printing import layout
from app.printing.documents import KINDS, EntryVoucher, RechargeReceipt, RefundVoucher, from_json, tonnes
from app.printing.samples import SAMPLE_KINDS, sample_document

DOC_KINDS = [k for k in SAMPLE_KINDS if k != "bill"]


def test_cli_lists_the_same_sample_kinds():
    from app import cli
    assert cli.SAMPLE_KINDS == SAMPLE_KINDS


@pytest.mark.parametrize("kind", DOC_KINDS)
def test_json_round_trip(kind):
    doc = sample_document(kind)
    assert from_json(doc.KIND, doc.to_json()) == doc


@pytest.mark.parametrize("kind", DOC_KINDS)
def test_every_layout_field_exists(kind):
    doc = sample_document(kind)
    values = {**doc.text_fields(), "market_name": "x"}
    layout.check_fields(layout.load(doc.KIND), values)


def test_every_kind_has_a_layout():
    for kind in KINDS:
        assert layout.load(kind).blocks


def test_weights_and_money_are_exact():
    doc = sample_document("entry-voucher")
    fields = doc.text_fields()
    assert fields["gross"] == "32.560 吨" and fields["net"] == "20.480 吨"
    assert fields["fee"] == "￥307.20" and fields["paid_cash"] == "￥7.20"
    assert tonnes(1_000) == "0.001 吨" and tonnes(1) == "0.000001 吨"
    assert tonnes(999_999_999) == "999.999999 吨" and tonnes(120_000_000) == "120.000 吨"


def test_payments_must_add_up_to_the_fee():
    with pytest.raises(AssertionError, match="add up"):
        EntryVoucher(number="E1", counter="c", cashier="x", issued_at="t", gross_g=2, tare_g=1, fee_fen=100,
                     paid_account_fen=50, paid_cash_fen=40)


def test_refund_never_exceeds_the_fee():
    with pytest.raises(AssertionError, match="never more than the fee"):
        RefundVoucher(number="R1", counter="c", cashier="x", issued_at="t", fee_fen=100, refund_fen=101)


def test_recharge_balance_arithmetic_is_checked():
    with pytest.raises(AssertionError, match="balance after"):
        RechargeReceipt(number="C1", counter="c", cashier="x", issued_at="t", amount_fen=100,
                        balance_before_fen=0, balance_after_fen=99)
    reversal = RechargeReceipt(number="C2", counter="c", cashier="x", issued_at="t", amount_fen=100,
                               balance_before_fen=300, balance_after_fen=200, reversal=True, reason="输错金额")
    assert reversal.text_fields()["title"] == "充值冲正收据"


def test_unknown_fields_in_stored_json_are_refused():
    with pytest.raises(ValueError, match="unknown fields"):
        from_json("entry_voucher", '{"number": "E1", "evil": 1}')
    with pytest.raises(ValueError, match="unknown document kind"):
        from_json("poster", "{}")


@pytest.mark.parametrize("text, message", [
    ("[[block]]\ntype = 'banner'\n", "block 1: unknown type 'banner'"),
    ("[[block]]\ntype = 'pair'\nlabel = 'x'\n", "block 1: pair needs value"),
    ("[[block]]\ntype = 'qr'\nsize = 3\n", "block 1: qr does not take size"),
    ("[[block]]\ntype = 'text'\ntext = 'x'\nalign = 'middle'\n", "align must be one of"),
    ("[[block]]\ntype = 'table'\nrows = 'm'\nheaders = ['a', 'b']\nwidths = [0.5, 0.4]\n", "widths add up to 1"),
    ("[[block]]\ntype = 'feed'\nlines = 50\n", "feed lines 1 to 10"),
    ("[[block]]\ntype = 'text'\ntext = 'x'\nwhen = 'a b'\n", "when must name a field"),
    ("type = 'text'\n", "no [[block]] entries"),
    ("[[block]\n", "layout test.toml"),
])
def test_layout_mistakes_name_the_block(text, message):
    with pytest.raises(ValidationError, match=message.replace("[", r"\[")):
        layout.parse("x", text, "test.toml")


def test_unknown_layout_field_is_caught():
    parsed = layout.parse("x", "[[block]]\ntype = 'text'\ntext = '{platee}'\n")
    with pytest.raises(ValidationError, match="unknown fields platee"):
        layout.check_fields(parsed, {"plate": "x"})


def test_missing_layout_file_is_reported(tmp_path):
    with pytest.raises(ValidationError, match="cannot be read"):
        layout.load("entry_voucher", tmp_path)
