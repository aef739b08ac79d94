"""Signed QR payloads: a genuine one verifies, anything forged or altered does not."""
import pytest
from hypothesis import given, strategies as st

from app.printing.signing import ForgedVoucher, VoucherSigner, sample_signer

SIGNER = VoucherSigner(bytes(range(32)))


def test_genuine_payload_verifies():
    payload = SIGNER.sign("entry_voucher", "E2611230042", 30720)
    ref = SIGNER.verify(payload)
    assert (ref.kind, ref.number, ref.amount_fen) == ("entry_voucher", "E2611230042", 30720)
    assert payload.startswith("MD1-E-E2611230042-30720-") and len(payload) < 60


def test_scanner_noise_is_tolerated():
    payload = SIGNER.sign("refund_voucher", "R1", 5)
    assert SIGNER.verify(f"  {payload.lower()}\r\n").number == "R1"


@pytest.mark.parametrize("alter", [
    lambda p: p.replace("-30720-", "-30721-"),          # amount raised
    lambda p: p.replace("E2611230042", "E2611230043"),  # another voucher's number
    lambda p: p.replace("MD1-E-", "MD1-R-"),            # an entry voucher passed off as a refund
    lambda p: p[:-1] + ("A" if p[-1] != "A" else "B"),  # signature altered
])
def test_altered_payload_is_refused(alter):
    payload = SIGNER.sign("entry_voucher", "E2611230042", 30720)
    with pytest.raises(ForgedVoucher, match="signature does not match"):
        SIGNER.verify(alter(payload))


def test_another_installations_voucher_is_refused():
    payload = sample_signer().sign("entry_voucher", "E1", 100)
    with pytest.raises(ForgedVoucher, match="forged or altered"):
        SIGNER.verify(payload)


@pytest.mark.parametrize("garbage", ["", "hello", "MD1-E-E1-100", "MD2-E-E1-100-AAAAAAAAAAAAAAAA",
                                     "MD1-X-E1-100-AAAAAAAAAAAAAAAA", "MD1-E-E1-1.5-AAAAAAAAAAAAAAAA",
                                     "MD1-E-E1--5-AAAAAAAAAAAAAAAA", "MD1-E-E1-100-AAAA-BBBB",
                                     "MD1-E-" + "9" * 100 + "-1-AAAAAAAAAAAAAAAA"])
def test_garbage_is_not_a_voucher(garbage):
    with pytest.raises(ForgedVoucher, match="voucher code"):
        SIGNER.verify(garbage)


@pytest.mark.parametrize("kind, number, amount", [("ticket", "E1", 1), ("entry_voucher", "e1", 1),
                                                  ("entry_voucher", "E-1", 1), ("entry_voucher", "", 1),
                                                  ("entry_voucher", "E1", -1), ("entry_voucher", "E1", 1.0)])
def test_sign_refuses_what_it_could_not_verify(kind, number, amount):
    with pytest.raises(ValueError):
        SIGNER.sign(kind, number, amount)


def test_short_secret_is_refused():
    with pytest.raises(AssertionError):
        VoucherSigner(b"short")


@given(position=st.integers(min_value=0, max_value=200), char=st.sampled_from("0123456789ABCDEFGHXYZ-"))
def test_any_single_character_change_is_caught(position, char):
    payload = SIGNER.sign("recharge_receipt", "C2611230015", 500000)
    i = position % len(payload)
    altered = payload[:i] + char + payload[i + 1:]
    if altered == payload:
        return
    with pytest.raises(ForgedVoucher):
        SIGNER.verify(altered)


@pytest.mark.parametrize("alter", [lambda p: p[:-1] + "Ä",                      # a wrong keyboard layout
                                   lambda p: p.replace("-30720-", "-٣٠٧٢٠-"),   # other digits than 0-9
                                   lambda p: p.replace("-30720-", "-1²-")])
def test_non_ascii_scanner_input_is_refused_cleanly(alter):
    payload = SIGNER.sign("entry_voucher", "E2611230042", 30720)
    with pytest.raises(ForgedVoucher, match="not a MarketDesk voucher code"):
        SIGNER.verify(alter(payload))


def test_a_trailing_newline_is_not_part_of_the_number():
    with pytest.raises(ValueError):
        SIGNER.sign("entry_voucher", "E1\n", 1)


def test_a_reversal_cannot_pass_for_a_recharge():
    from app.printing.documents import RechargeReceipt
    from app.printing.queue import signed
    reversal = signed(RechargeReceipt(number="C2", counter="c", cashier="x", issued_at="t", amount_fen=100,
                                      balance_before_fen=300, balance_after_fen=200, reversal=True), SIGNER)
    assert SIGNER.verify(reversal.qr).kind == "recharge_reversal"
