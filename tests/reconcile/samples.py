"""Statement files as the channels write them, built in the tests."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.db.clock import to_local

WECHAT_HEADER = ("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,"
                 "货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,"
                 "商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注")
ALIPAY_HEADER = ("支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,"
                 "订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,"
                 "券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注")


def local(at_utc: datetime) -> str:
    return to_local(at_utc).strftime("%Y-%m-%d %H:%M:%S")


def wechat_csv(path: Path, rows: list[tuple], encoding: str = "utf-8") -> Path:
    """rows: (time, reference, status SUCCESS|REFUND, amount yuan, fee yuan, order no[, refund no]); a
    refund without a refund number of its own gets one made from its row."""
    lines = [WECHAT_HEADER]
    for n, (at, ref, status, amount, fee, order_no, *refund_no) in enumerate(rows):
        refund = amount if status == "REFUND" else "0.00"
        refund_id = (refund_no[0] if refund_no else f"5000000038201905270973{n:07d}") if status == "REFUND" else "0"
        values = [at, "wx8888888888888888", "1900000109", "0", "013467007045764", ref, order_no, "oUpF8uMuAJO",
                  "NATIVE", status, "CMC", "CNY", "0.00" if status == "REFUND" else amount, "0.00",
                  refund_id, "0", refund, "0.00",
                  "ORIGINAL" if status == "REFUND" else "", "SUCCESS" if status == "REFUND" else "", "充值", "", fee,
                  "0.60%", amount, refund, ""]
        lines.append(",".join("`" + v for v in values))
    lines.append("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额")
    lines.append(f"`{len(rows)},`0.00,`0.00,`0.00,`0.00,`0.00,`0.00")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def alipay_csv(path: Path, rows: list[tuple], encoding: str = "gbk") -> Path:
    """rows: (time, reference, 交易|退款, amount yuan (negative for a refund), fee yuan, order no[, refund
    batch no])."""
    lines = ["#支付宝业务明细查询", "#账号：[20880000000000000156]", "#起始日期：[2026年11月23日 00:00:00]   终止日期：[2026年11月24日 00:00:00]",
             "#-----------------------------------------业务明细列表----------------------------------------",
             ALIPAY_HEADER]
    for at, ref, kind, amount, fee, order_no, *batch in rows:
        values = [ref + "\t", order_no + "\t", kind, "充值", at, at, "", "", "", "", "顾客", amount, amount, "0.00",
                  "0.00", "0.00", "0.00", "0.00", "", "0.00", "0.00", (batch[0] + "\t") if batch else "", fee,
                  "0.00", ""]
        lines.append(",".join(values))
    lines += ["#-----------------------------------------业务明细列表结束------------------------------------",
              "#交易合计：1笔，商家实收共100.00元", "#退款合计：0笔", "#导出时间：[2026年11月24日 09:30:00]"]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def bank_xlsx(path: Path, rows: list[tuple], header=("date", "reference", "amount", "fee")) -> Path:
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(["某某银行对公账户明细"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def bank_csv(path: Path, rows: list[tuple], header=("date", "reference", "amount", "fee")) -> Path:
    lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
