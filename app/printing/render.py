"""A document + its layout + the printer's paper and code page -> ESC/POS bytes."""
from __future__ import annotations

import io
from dataclasses import dataclass

from app.devices.printers.escpos import Receipt
from app.devices.printers.settings import PrinterSettings
from app.printing import layout as layouts
from app.printing.documents import Document

DUPLICATE_MARK = "** 重打 / DUPLICATE **"


@dataclass(frozen=True)
class Branding:
    """The market's name, footer and logo on every receipt (Settings -> Printer)."""
    market_name: str = "农产品批发市场"
    footer: str = ""
    logo_png: bytes | None = None


def render(document: Document, printer: PrinterSettings, branding: Branding, *, reprint_no: int = 0,
           reprinted_at: str = "", open_drawer: bool = False, after_interruption: bool = False) -> bytes:
    """`after_interruption`: an earlier attempt may have printed, so this copy says it is a
    duplicate too (and, like every duplicate, never opens the drawer)."""
    assert reprint_no >= 0
    layout = layouts.load(document.KIND)
    values = {**document.text_fields(), "market_name": branding.market_name}
    receipt = Receipt(printer.effective_columns, encoding=printer.encoding, qr_mode=printer.qr_mode)
    for block in layout.blocks:
        if block.when and not values.get(block.when):
            continue
        _emit(receipt, block, values, document, branding, reprint_no, reprinted_at, after_interruption)
    if printer.cut:
        receipt.feed(3)
        receipt.cut()
    else:
        receipt.feed(5)  # tear-off: the last line must clear the tear bar
    if open_drawer and printer.drawer and reprint_no == 0 and not after_interruption:
        receipt.drawer_kick(pin=printer.drawer_pin)
    return receipt.bytes()


def _emit(receipt: Receipt, block: layouts.Block, values: dict[str, str], document: Document,
          branding: Branding, reprint_no: int, reprinted_at: str, after_interruption: bool) -> None:
    fill = lambda key: layouts.fill(block.get(key), values)  # noqa: E731
    match block.type:
        case "logo":
            if branding.logo_png:
                receipt.logo(io.BytesIO(branding.logo_png))
        case "title":
            receipt.text(fill("text"), align="center", size="double")
        case "heading":
            receipt.text(fill("text"), align="center", bold=True)
        case "duplicate":
            if reprint_no:
                receipt.text(DUPLICATE_MARK, align="center", bold=True)
                receipt.text(f"第 {reprint_no} 次重打 {reprinted_at}".rstrip(), align="center")
            elif after_interruption:
                receipt.text(DUPLICATE_MARK, align="center", bold=True)
                receipt.text("补打：上次打印中断", align="center")
        case "pair":
            receipt.pair(fill("label"), fill("value"), bold=bool(block.get("bold", False)))
        case "text":
            receipt.text(fill("text"), align=block.get("align", "left"), bold=bool(block.get("bold", False)))
        case "table":
            columns = receipt.columns
            widths = _widths(block.get("widths"), columns)
            aligns = block.get("aligns", ["left"] * len(widths))
            receipt.row(block.get("headers"), widths, aligns)
            for row in document.table_rows(block.get("rows")):
                receipt.row(row, widths, aligns)
        case "separator":
            receipt.separator(block.get("char", "-"))
        case "qr":
            if document.qr:
                receipt.qr(document.qr)
        case "footer":
            if branding.footer:
                receipt.text(branding.footer, align="center")
        case "feed":
            receipt.feed(block.get("lines", 1))
        case _:
            raise AssertionError(f"unhandled block type {block.type}")


def _widths(fractions: list[float], columns: int) -> list[int]:
    """Whole columns per cell, the rounding remainder going to the last one."""
    widths = [int(f * columns) for f in fractions]
    widths[-1] += columns - sum(widths)
    assert sum(widths) == columns and all(w > 0 for w in widths)
    return widths
