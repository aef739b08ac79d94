"""Payment channels behind a small interface. Today every non-cash method is confirmed by
the clerk, who types (or scans) the channel's transaction reference; a gateway adapter
(one that asks WeChat Pay or the bank itself) implements the same `confirm` and is
registered here, without touching the desk."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from app.errors import ValidationError

METHODS = ("cash", "bank_card", "wechat", "alipay", "bank_transfer")
REFERENCE_MAX_CHARS = 64


@dataclass(frozen=True)
class Confirmation:
    method: str
    reference: str | None   # normalised: the same payment always gives the same text
    confirmed_by: str       # "clerk" or the gateway's name


class PaymentChannel(Protocol):
    method: str

    def confirm(self, reference: str | None, amount_fen: int) -> Confirmation: ...


class Cash:
    method = "cash"

    def confirm(self, reference: str | None, amount_fen: int) -> Confirmation:
        if reference and reference.strip():
            raise ValidationError("reference: cash has no transaction reference")
        return Confirmation("cash", None, "clerk")


@dataclass(frozen=True)
class ClerkConfirmed:
    """The clerk saw the payment succeed (on the terminal, the phone, the bank statement)
    and enters its reference; we check its shape so a typo is caught before it is saved."""
    method: str
    label: str
    pattern: re.Pattern
    example: str

    def confirm(self, reference: str | None, amount_fen: int) -> Confirmation:
        text = re.sub(r"[\s\-]", "", reference or "").upper()
        if not text:
            raise ValidationError(f"reference: type or scan the {self.label} transaction number")
        if len(text) > REFERENCE_MAX_CHARS or not self.pattern.fullmatch(text):
            raise ValidationError(f"reference: '{reference.strip()}' does not look like a {self.label} transaction "
                                  f"number (e.g. {self.example})")
        return Confirmation(self.method, text, "clerk")


_CHANNELS: dict[str, PaymentChannel] = {
    "cash": Cash(),
    "bank_card": ClerkConfirmed("bank_card", "bank card", re.compile(r"[0-9A-Z]{6,32}"), "000123456789"),
    "wechat": ClerkConfirmed("wechat", "WeChat Pay", re.compile(r"[0-9]{20,32}"), "4200001234202611231234567890"),
    "alipay": ClerkConfirmed("alipay", "Alipay", re.compile(r"[0-9]{20,32}"), "2026112322001412345678901234"),
    "bank_transfer": ClerkConfirmed("bank_transfer", "bank transfer", re.compile(r"[0-9A-Z/_.]{4,64}"),
                                    "HX20261123000123"),
}


def channel(method: str) -> PaymentChannel:
    try:
        return _CHANNELS[method]
    except KeyError:
        raise ValidationError(f"method: one of {', '.join(METHODS)}") from None


def register(adapter: PaymentChannel) -> None:
    """Put a gateway adapter in place of clerk confirmation for its method."""
    assert adapter.method in METHODS and adapter.method != "cash"
    _CHANNELS[adapter.method] = adapter
