"""Signed QR codes on vouchers: the exit desk tells a genuine voucher from a forged or
altered one without trusting the paper.

Payload (typed by a barcode scanner into a text field, so only characters every keyboard
layout produces): ``MD1-<kind>-<number>-<amount_fen>-<signature>``, the signature being the
first 80 bits of HMAC-SHA256 over the other fields with the installation's secret (kept in
the database, never printed or audited), in RFC 4648 base32 (16 characters)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import threading
import weakref
from dataclasses import dataclass

from app.errors import ValidationError

VERSION = "MD1"
KINDS = {"E": "entry_voucher", "R": "refund_voucher", "C": "recharge_receipt", "X": "recharge_reversal",
         "H": "handover_slip"}
KIND_CODES = {name: code for code, name in KINDS.items()}
SIGNATURE_BYTES = 10          # 80 bits: guessing one is hopeless at a counter
NUMBER_RE = re.compile(r"[A-Z0-9]{1,32}")
AMOUNT_RE = re.compile(r"[0-9]{1,15}")
PAYLOAD_MAX_CHARS = 80
SECRET_MIN_BYTES = 16


class ForgedVoucher(ValidationError):
    """The code is not one this installation printed (or was altered)."""


@dataclass(frozen=True)
class SignedRef:
    kind: str          # entry_voucher, refund_voucher, ...
    number: str        # the voucher / receipt number
    amount_fen: int


class VoucherSigner:
    def __init__(self, secret: bytes):
        assert len(secret) >= SECRET_MIN_BYTES, "the voucher secret is too short"
        self._secret = secret

    def sign(self, kind: str, number: str, amount_fen: int) -> str:
        code = KIND_CODES.get(kind)
        if code is None:
            raise ValueError(f"unknown document kind {kind!r}")
        if not NUMBER_RE.fullmatch(number):
            raise ValueError(f"voucher number {number!r}: 1-32 capital letters and digits")
        if type(amount_fen) is not int or amount_fen < 0:
            raise ValueError(f"amount_fen {amount_fen!r}: a non-negative integer")
        body = f"{VERSION}-{code}-{number}-{amount_fen}"
        payload = f"{body}-{self._mac(body)}"
        assert len(payload) <= PAYLOAD_MAX_CHARS
        return payload

    def verify(self, payload: str) -> SignedRef:
        """The reference a genuine payload carries; ForgedVoucher for anything else. Scanners
        may add spaces or a newline, or type in lower case with Caps Lock on: tolerated."""
        text = (payload or "").strip().upper()
        if len(text) > PAYLOAD_MAX_CHARS:
            raise ForgedVoucher("voucher code: too long to be a MarketDesk voucher code")
        if not text.isascii():  # a scanner on the wrong keyboard layout, other digits than 0-9
            raise ForgedVoucher("voucher code: not a MarketDesk voucher code (unexpected characters)")
        parts = text.split("-")
        if len(parts) != 5 or parts[0] != VERSION:
            raise ForgedVoucher("voucher code: not a MarketDesk voucher code")
        _, code, number, amount, signature = parts
        if code not in KINDS or not NUMBER_RE.fullmatch(number) or not AMOUNT_RE.fullmatch(amount):
            raise ForgedVoucher("voucher code: not a MarketDesk voucher code")
        body = f"{VERSION}-{code}-{number}-{amount}"
        if not hmac.compare_digest(self._mac(body), signature):
            raise ForgedVoucher("voucher code: the signature does not match — forged or altered voucher")
        return SignedRef(KINDS[code], number, int(amount))

    def _mac(self, body: str) -> str:
        digest = hmac.new(self._secret, body.encode("ascii"), hashlib.sha256).digest()
        return base64.b32encode(digest[:SIGNATURE_BYTES]).decode("ascii")


_signers: "weakref.WeakKeyDictionary[object, VoucherSigner]" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def signer_for(db) -> VoucherSigner:
    """The installation's signer (the secret is read once per Database object)."""
    with _lock:
        signer = _signers.get(db)
    if signer is None:
        from app.db.meta import get_meta
        secret_hex = db.transact(lambda s: get_meta(s, "voucher_secret"), readonly=True)
        if not secret_hex:
            raise ValidationError("voucher secret missing: run `marketdesk db upgrade`")
        signer = VoucherSigner(bytes.fromhex(secret_hex))
        with _lock:
            _signers[db] = signer
    return signer


def sample_signer() -> VoucherSigner:
    """For `print sample`: a fixed key no installation uses, so samples never verify."""
    return VoucherSigner(hashlib.sha256(b"marketdesk sample voucher key").digest())
