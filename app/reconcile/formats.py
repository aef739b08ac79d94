"""How a channel's statement file is laid out, as a value: which header names the reference,
amount, fee, time, kind (payment or refund) and our order number; which values of the kind
column mean a refund or a line to leave out; where the data ends. Presets for WeChat Pay's
merchant trade bill, Alipay's business detail bill and a generic bank format."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

from app.errors import ValidationError

CHANNELS = ("bank_card", "wechat", "alipay", "bank_transfer")
HEADER_MAX_CHARS = 40
ALTERNATIVES_MAX = 8


@dataclass(frozen=True)
class ColumnMapping:
    """Each field lists the header names it may have (the first one found is used)."""
    name: str
    reference: tuple[str, ...]
    amount: tuple[str, ...]
    time: tuple[str, ...]
    fee: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()                  # e.g. 交易状态 / 业务类型
    order_no: tuple[str, ...] = ()
    refund_amount: tuple[str, ...] = ()         # a separate column holding a refund's amount
    refund_no: tuple[str, ...] = ()             # a refund's own number: tells the refunds of one payment apart
    refund_values: tuple[str, ...] = ()         # kind values meaning "refund"
    skip_values: tuple[str, ...] = ()           # kind values of lines that are not money moved
    negative_is_refund: bool = True             # a negative amount is money going back
    stop_prefixes: tuple[str, ...] = field(default=())  # a row whose first cell starts so ends the data

    def required(self) -> dict[str, tuple[str, ...]]:
        return {"reference": self.reference, "amount": self.amount, "time": self.time}

    def optional(self) -> dict[str, tuple[str, ...]]:
        return {"fee": self.fee, "kind": self.kind, "order_no": self.order_no, "refund_amount": self.refund_amount,
                "refund_no": self.refund_no}

    def validate(self) -> None:
        if not self.name.strip() or len(self.name) > 32:
            raise ValidationError("mapping name: 1 to 32 characters")
        for key, names in {**self.required(), **self.optional()}.items():
            if key in self.required() and not names:
                raise ValidationError(f"mapping {key}: name the column that holds it")
            if len(names) > ALTERNATIVES_MAX or any(not n.strip() or len(n) > HEADER_MAX_CHARS for n in names):
                raise ValidationError(f"mapping {key}: up to {ALTERNATIVES_MAX} header names of 1 to "
                                      f"{HEADER_MAX_CHARS} characters")

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "ColumnMapping":
        raw = json.loads(text)
        known = {f.name for f in fields(cls)}
        if not isinstance(raw, dict) or set(raw) - known:
            raise ValidationError("mapping: unknown fields")
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}
        try:
            mapping = cls(**values)
        except TypeError as exc:
            raise ValidationError(f"mapping: {exc}") from None
        mapping.validate()
        return mapping


# WeChat Pay merchant platform, 交易账单 (ALL): every value starts with a backtick; the bill
# ends with a summary header (总交易单数, ...) and its one line. A refund line carries the
# original payment's 微信订单号, its own 微信退款单号 (a payment may be refunded in parts, each
# a line) and its amount in 退款金额 / 申请退款金额.
WECHAT = ColumnMapping(
    name="wechat", reference=("微信订单号", "微信支付订单号"), amount=("订单金额", "应结订单金额"),
    time=("交易时间",), fee=("手续费",), kind=("交易状态",), order_no=("商户订单号",),
    refund_amount=("申请退款金额", "退款金额"), refund_no=("微信退款单号", "微信支付退款单号"),
    refund_values=("REFUND", "退款"),
    skip_values=("REVOKED", "已撤销", "CLOSED"), negative_is_refund=False, stop_prefixes=("总交易单数",))

# Alipay merchant centre, 业务明细: '#' lines before and after the table; 业务类型 is 交易 or
# 退款 (a refund's amounts are negative; it carries the payment's 支付宝交易号 and its own
# 退款批次号/请求号, unique within that payment).
ALIPAY = ColumnMapping(
    name="alipay", reference=("支付宝交易号",), amount=("订单金额（元）", "订单金额(元)", "商家实收（元）"),
    time=("完成时间", "创建时间"), fee=("服务费（元）", "服务费(元)"), kind=("业务类型",), order_no=("商户订单号",),
    refund_no=("退款批次号/请求号", "退款批次号"), refund_values=("退款",), skip_values=(), negative_is_refund=True, stop_prefixes=("#",))

# A bank's account statement reduced to its essentials (exported as CSV/XLSX by most banks).
BANK = ColumnMapping(
    name="bank", reference=("reference", "交易流水号", "流水号", "参考号"), amount=("amount", "交易金额", "金额"),
    time=("date", "交易时间", "交易日期"), fee=("fee", "手续费"), order_no=("order_no", "摘要"),
    negative_is_refund=True)

PRESETS: dict[str, ColumnMapping] = {m.name: m for m in (WECHAT, ALIPAY, BANK)}
DEFAULT_PRESET = {"wechat": "wechat", "alipay": "alipay", "bank_card": "bank", "bank_transfer": "bank"}


def check_channel(channel: str) -> str:
    if channel not in CHANNELS:
        raise ValidationError(f"channel: one of {', '.join(CHANNELS)}")
    return channel
