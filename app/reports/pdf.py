"""A small A4 document builder shared by bills, statements and reports. Never imports Qt.

    doc = PdfDocument("费用账单", printed_at=now, market_name="XX批发市场", footer="...")
    doc.key_values([("经营户", name), ("账号", no)])
    doc.table(["日期", "金额(元)"], rows, align=["left", "right"], totals=["合计", "12.30"])
    doc.qr(payload, caption="扫码核验")
    pdf_bytes = doc.build()

Every page carries a header line (market name and title) and a footer (footer text, the print
time given by the caller, "第 n 页 / 共 N 页"). The page count is known only after layout, so
the canvas keeps every page until `save()` and decorates them all then (two passes over the
pages, one layout).

All text is user text: it is escaped before it reaches Paragraph markup, so merchant names
with '<' or '&' print as written. Cells that fit on one line stay plain strings (cheap to lay
out); the others become Paragraphs that wrap, CJK-style, inside the cell.
"""
from __future__ import annotations

import bisect
import functools
import io
import os
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import qrcode
from PIL import Image as PILImage
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as _landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    LongTable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import BaseDocTemplate, LayoutError, PageTemplate
from reportlab.platypus.frames import Frame

from app.reports.fonts import register_fonts

# --- limits: refuse absurd input with a clear message instead of building for minutes -------
MAX_TABLE_ROWS = 200_000  # over all tables of one document
MAX_COLUMNS = 30
MAX_CELL_CHARS = 2_000
MAX_TEXT_CHARS = 20_000  # one heading or paragraph
MAX_LINE_CHARS = 200  # title, subtitle, market name, footer, captions, key-value labels
MAX_ELEMENTS = 10_000  # calls that add content
MAX_KEY_VALUE_PAIRS = 500
MAX_QR_PAYLOAD_BYTES = 1_000
QR_SIZE_MM = (10.0, 120.0)
SPACER_MM = (0.0, 250.0)
MIN_COLUMN_MM = 5.0

ALIGNMENTS = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}

# --- layout --------------------------------------------------------------------------------
MARGIN_X = 15 * mm
MARGIN_TOP = 20 * mm  # the header line sits inside it
MARGIN_BOTTOM = 20 * mm  # the footer sits inside it
BODY_SIZE = 10
TABLE_SIZE = 9
TABLE_LEADING = 11.5
CELL_PAD_X = 3
CELL_PAD_Y = 2.5
DECOR_SIZE = 8
HEADING_KEEP = 30 * mm  # room a heading needs below it, else it starts the next page
GRID = colors.HexColor("#808080")
HEADER_FILL = colors.HexColor("#e4e4e4")
STRIPE_FILL = colors.HexColor("#f6f6f6")
TOTALS_FILL = colors.HexColor("#ececec")
DECOR_GRAY = colors.HexColor("#444444")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean(text: str) -> str:
    """Printable text: newlines kept, tabs as spaces, other control characters and lone
    surrogates (which cannot be encoded) dropped or replaced."""
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub("", text)
    return text.encode("utf-8", "replace").decode("utf-8")


def _markup(text: str) -> str:
    """User text -> Paragraph markup that shows exactly that text."""
    text = _clean(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\n", "<br/>")


def _check_text(value: object, what: str, limit: int) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    if len(value) > limit:
        raise ValueError(f"{what} is {len(value)} characters long; at most {limit} are allowed")
    return value


def _check_mm(value: object, what: str, bounds: tuple[float, float]) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{what} must be a number of millimetres")
    low, high = bounds
    if not low <= value <= high:  # also refuses NaN
        raise ValueError(f"{what} must be between {low:g} and {high:g} mm, not {value!r}")
    return float(value)


def _fit(text: str, font: str, size: float, width: float) -> str:
    """One-line text cut with an ellipsis to fit `width` (header and footer lines)."""
    text = _clean(text).replace("\n", " ")
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


class _NumberedCanvas(Canvas):
    """Keeps every page until save(), then decorates each knowing the page count."""

    def __init__(self, *args, decorate: Callable[[Canvas, int, int], None], **kwargs):
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._page_states: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._page_states)
        for number, state in enumerate(self._page_states, 1):
            self.__dict__.update(state)
            self._decorate(self, number, total)
            super().showPage()
        super().save()


class _QrFlowable(Flowable):
    """A QR code image (modules as pixels, quiet zone included) with a caption under it."""

    def __init__(self, matrix: list[list[bool]], size: float, caption: str, font: str, align: str):
        super().__init__()
        modules = len(matrix)
        image = PILImage.new("L", (modules, modules))
        image.putdata([0 if dark else 255 for row in matrix for dark in row])
        self._image = ImageReader(image)
        self._size = size
        self._caption = caption
        self._font = font
        self.hAlign = align.upper()
        self._caption_height = BODY_SIZE * 1.6 if caption else 0

    def wrap(self, avail_width, avail_height):
        self.width = max(self._size, stringWidth(self._caption, self._font, BODY_SIZE - 1))
        self.width = min(self.width, avail_width)
        self.height = self._size + self._caption_height
        return self.width, self.height

    def draw(self):
        canv = self.canv
        x = (self.width - self._size) / 2
        canv.drawImage(self._image, x, self._caption_height, self._size, self._size)
        if self._caption:
            canv.setFont(self._font, BODY_SIZE - 1)
            caption = _fit(self._caption, self._font, BODY_SIZE - 1, self.width)
            canv.drawCentredString(self.width / 2, BODY_SIZE * 0.4, caption)


class _Table(LongTable):
    """A LongTable that draws its one-line plain-string cells through one text object per
    page instead of one per cell: a month of tickets has ~20 000 such cells, and reportlab's
    per-cell text objects were most of the build time. Other cells draw as usual. Text is
    black and vertically centred (the only cell styles this module uses)."""

    _text = None

    def draw(self):
        canv = self.canv
        self._text = canv.beginText()
        self._text.setFillColor(colors.black)
        try:
            super().draw()
            canv.drawText(self._text)  # after the grid: text over lines is fine
        finally:
            self._text = None

    def _drawCell(self, cellval, cellstyle, pos, size):
        text = self._text
        if (text is None or type(cellval) is not str or "\n" in cellval or not cellval
                or cellstyle.valign != "MIDDLE"):
            if cellval != "":
                super()._drawCell(cellval, cellstyle, pos, size)
            return
        colpos, rowpos = pos
        colwidth, rowheight = size
        font, fontsize = cellstyle.fontname, cellstyle.fontsize
        if text._fontname != font or text._fontsize != fontsize:
            text.setFont(font, fontsize, cellstyle.leading)
        just = cellstyle.alignment
        if just == "LEFT":
            x = colpos + cellstyle.leftPadding
        elif just == "RIGHT":
            x = colpos + colwidth - cellstyle.rightPadding - stringWidth(cellval, font, fontsize)
        else:
            x = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding
                          - stringWidth(cellval, font, fontsize)) / 2
        # the vertical position reportlab gives a one-line cell with VALIGN MIDDLE
        y = rowpos + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding + cellstyle.leading) / 2 - fontsize
        text.setTextOrigin(x, y)
        text.textOut(cellval)


class _PagedTable(Flowable):
    """A gridded table of any length whose page breaks cost only the rows they place.

    reportlab's Table rebuilds and re-measures the whole rest of the table at every page break,
    which is quadratic in the row count (a year of tickets would take minutes). Here row
    heights are measured once; a split takes the rows that fit under a copy of the header row,
    makes an ordinary table of them, and leaves the rest as a cursor into the same lists.
    """

    def __init__(self, *, header, header_height, rows, heights, widths, style, has_totals,
                 start=0, prefix=None):
        super().__init__()
        self._header = header
        self._header_height = header_height
        self._rows = rows
        self._heights = heights
        self._widths = widths
        self._style = style
        self._has_totals = has_totals
        self._start = start
        if prefix is None:  # prefix[i] = height of rows[:i]
            prefix = [0.0]
            for height in heights:
                prefix.append(prefix[-1] + height)
        self._prefix = prefix
        self.hAlign = "LEFT"

    def wrap(self, avail_width, avail_height):
        self.width = sum(self._widths)
        self.height = self._header_height + self._prefix[-1] - self._prefix[self._start]
        return self.width, self.height

    def split(self, avail_width, avail_height):
        room = avail_height - self._header_height
        # the last row whose bottom is still on this page (a little slack for float sums)
        end = bisect.bisect_right(self._prefix, self._prefix[self._start] + room + 1e-6) - 1
        if end <= self._start:
            return []  # not even one row fits under the header: next page
        if end >= len(self._rows):
            return [self._chunk(self._start, len(self._rows))]
        rest = _PagedTable(
            header=self._header, header_height=self._header_height, rows=self._rows,
            heights=self._heights, widths=self._widths, style=self._style,
            has_totals=self._has_totals, start=end, prefix=self._prefix,
        )
        return [self._chunk(self._start, end), rest]

    def draw(self):
        table = self._chunk(self._start, len(self._rows))
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)

    def _chunk(self, start: int, end: int) -> Table:
        data = [self._header, *self._rows[start:end]]
        heights = [self._header_height, *self._heights[start:end]]
        commands = self._style + [
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ]
        # stripes keep their parity across pages: row k of the table is striped when k is odd
        for k in range(start | 1, end, 2):
            commands.append(("BACKGROUND", (0, k - start + 1), (-1, k - start + 1), STRIPE_FILL))
        if self._has_totals and end == len(self._rows):
            commands += [
                ("BACKGROUND", (0, -1), (-1, -1), TOTALS_FILL),
                ("LINEABOVE", (0, -1), (-1, -1), 1.0, colors.black),
            ]
        table = _Table(data, colWidths=self._widths, rowHeights=heights, hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        return table


class PdfDocument:
    """An A4 document assembled call by call; `build()` lays it out and returns the PDF."""

    def __init__(
        self,
        title: str,
        *,
        printed_at: datetime,
        subtitle: str = "",
        market_name: str = "",
        footer: str = "",
        landscape: bool = False,
    ) -> None:
        self.title = _clean(_check_text(title, "title", MAX_LINE_CHARS))
        self.subtitle = _clean(_check_text(subtitle, "subtitle", MAX_LINE_CHARS))
        self.market_name = _clean(_check_text(market_name, "market_name", MAX_LINE_CHARS))
        self.footer = _clean(_check_text(footer, "footer", MAX_LINE_CHARS))
        if not isinstance(printed_at, datetime):
            raise TypeError("printed_at must be a datetime")
        self.printed_at = printed_at
        self.pagesize = _landscape(A4) if landscape else A4
        self.font = register_fonts()
        self.frame_width = self.pagesize[0] - 2 * MARGIN_X
        # Content is kept as factories: every build() lays out fresh flowables, so building
        # twice gives the same document.
        self._elements: list[Callable[[], list[Flowable]]] = []
        self._table_rows = 0
        self._styles = self._make_styles()

    # --- styles ----------------------------------------------------------------------------
    def _make_styles(self) -> dict[str, ParagraphStyle]:
        def style(name, size, leading, alignment=TA_LEFT, **kw):
            return ParagraphStyle(
                name, fontName=self.font, fontSize=size, leading=leading,
                alignment=alignment, wordWrap="CJK", **kw,
            )

        styles = {
            "title": style("title", 16, 21, TA_CENTER, spaceAfter=2 * mm),
            "subtitle": style("subtitle", BODY_SIZE, 13, TA_CENTER, spaceAfter=3 * mm),
            "h1": style("h1", 13, 17, spaceBefore=3 * mm, spaceAfter=2 * mm),
            "h2": style("h2", 11, 15, spaceBefore=2 * mm, spaceAfter=1.5 * mm),
            "body": style("body", BODY_SIZE, 14, spaceAfter=1.5 * mm),
        }
        for key, alignment in ALIGNMENTS.items():
            styles["cell-" + key] = style("cell-" + key, TABLE_SIZE, TABLE_LEADING, alignment)
        return styles

    # --- content ---------------------------------------------------------------------------
    def _add(self, factory: Callable[[], list[Flowable]]) -> None:
        if len(self._elements) >= MAX_ELEMENTS:
            raise ValueError(f"a document holds at most {MAX_ELEMENTS} elements")
        self._elements.append(factory)

    def heading(self, text: str, level: int = 1) -> None:
        _check_text(text, "heading", MAX_TEXT_CHARS)
        if level not in (1, 2):
            raise ValueError(f"heading level must be 1 or 2, not {level!r}")
        style = self._styles[f"h{level}"]
        # a heading never sits alone at the foot of a page
        self._add(lambda: [CondPageBreak(HEADING_KEEP), Paragraph(_markup(text), style)])

    def paragraph(self, text: str) -> None:
        _check_text(text, "paragraph", MAX_TEXT_CHARS)
        style = self._styles["body"]
        self._add(lambda: [Paragraph(_markup(text), style)])

    def spacer(self, height_mm: float) -> None:
        height = _check_mm(height_mm, "spacer", SPACER_MM) * mm
        self._add(lambda: [Spacer(1, height)])

    def page_break(self) -> None:
        self._add(lambda: [PageBreak()])

    def key_values(self, pairs: Sequence[tuple[str, str]], columns: int = 2) -> None:
        """Label：value pairs in `columns` column pairs, filled row by row, no grid."""
        if isinstance(columns, bool) or columns not in (1, 2, 3, 4):
            raise ValueError(f"key_values columns must be 1 to 4, not {columns!r}")
        if len(pairs) > MAX_KEY_VALUE_PAIRS:
            raise ValueError(f"at most {MAX_KEY_VALUE_PAIRS} key-value pairs, got {len(pairs)}")
        checked = []
        for pair in pairs:
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise ValueError(f"key_values takes (label, value) pairs, got {pair!r}")
            label = _check_text(pair[0], "key_values label", MAX_LINE_CHARS)
            value = _check_text(pair[1], "key_values value", MAX_CELL_CHARS)
            checked.append((_clean(label) + "：", _clean(value)))
        if not checked:
            return
        pair_width = self.frame_width / columns
        widest_label = max(stringWidth(label, self.font, TABLE_SIZE) for label, _ in checked)
        label_width = min(widest_label + 2 * CELL_PAD_X + 1, pair_width * 0.5)
        widths = [label_width, pair_width - label_width] * columns
        aligns = ["right", "left"] * columns

        def factory():
            data = []
            for start in range(0, len(checked), columns):
                row = []
                for label, value in checked[start:start + columns]:
                    row += [label, value]
                row += [""] * (2 * columns - len(row))
                data.append(self._cells(row, widths, aligns))
            table = _Table(data, colWidths=widths, hAlign="LEFT")
            table.setStyle(TableStyle(self._base_table_style(aligns)))
            return [table, Spacer(1, 1.5 * mm)]

        self._add(factory)

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        col_widths_mm: Sequence[float] | None = None,
        align: Sequence[str] | None = None,
        totals: Sequence[str] | None = None,
    ) -> None:
        """A gridded table; on page breaks the header row is repeated. Cells are text (format
        amounts before); `align` per column ('left' | 'right' | 'center', amounts right);
        `totals` is a last row set off from the others."""
        if isinstance(headers, str) or isinstance(rows, str):
            raise TypeError("table headers and rows are lists, not a str")
        ncols = len(headers)
        if not 1 <= ncols <= MAX_COLUMNS:
            raise ValueError(f"a table has 1 to {MAX_COLUMNS} columns, got {ncols}")
        if self._table_rows + len(rows) > MAX_TABLE_ROWS:
            raise ValueError(
                f"too many table rows: {self._table_rows + len(rows)} in this document, "
                f"at most {MAX_TABLE_ROWS} are allowed; split the report by period"
            )
        headers = [_clean(_check_text(h, "table header", MAX_LINE_CHARS)) for h in headers]
        aligns = list(align) if align is not None else ["left"] * ncols
        if len(aligns) != ncols or any(a not in ALIGNMENTS for a in aligns):
            raise ValueError(f"align needs one of {sorted(ALIGNMENTS)} per column ({ncols}), got {align!r}")
        checked_rows = [self._check_row(row, ncols, f"row {i + 1}") for i, row in enumerate(rows)]
        checked_totals = self._check_row(totals, ncols, "totals") if totals is not None else None
        if col_widths_mm is not None:
            widths = self._explicit_widths(col_widths_mm, ncols)
        else:
            widths = self._natural_widths(headers, checked_rows, checked_totals)
        self._table_rows += len(checked_rows)

        def factory():
            header = [Paragraph(_markup(h), self._styles["cell-center"]) for h in headers]
            body = [self._cells(row, widths, aligns) for row in checked_rows]
            if checked_totals is not None:
                body.append(self._cells(checked_totals, widths, aligns))
            return [
                _PagedTable(
                    header=header,
                    header_height=self._row_height(header, widths),
                    rows=body,
                    heights=[self._row_height(row, widths) for row in body],
                    widths=widths,
                    style=self._base_table_style(aligns),
                    has_totals=checked_totals is not None,
                ),
                Spacer(1, 2 * mm),
            ]

        self._add(factory)

    def drawing(self, make: Callable[[], Flowable]) -> None:
        """A flowable made afresh at each build, e.g. a reportlab.graphics Drawing (a chart)."""
        self._add(lambda: [make(), Spacer(1, 2 * mm)])

    def qr(self, payload: str, size_mm: float = 30, caption: str = "", align: str = "center") -> None:
        """A QR code (error correction M) of `payload`, `size_mm` wide including its quiet zone."""
        _check_text(payload, "QR payload", MAX_QR_PAYLOAD_BYTES)
        data = payload.encode("utf-8")
        if not data:
            raise ValueError("QR payload is empty")
        if len(data) > MAX_QR_PAYLOAD_BYTES:
            raise ValueError(f"QR payload is {len(data)} bytes; at most {MAX_QR_PAYLOAD_BYTES} are allowed")
        size = _check_mm(size_mm, "QR size", QR_SIZE_MM) * mm
        caption = _clean(_check_text(caption, "QR caption", MAX_LINE_CHARS)).replace("\n", " ")
        if align not in ALIGNMENTS:
            raise ValueError(f"QR align must be one of {sorted(ALIGNMENTS)}, not {align!r}")
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=4)
        code.add_data(data)
        code.make(fit=True)
        matrix = code.get_matrix()
        self._add(lambda: [_QrFlowable(matrix, size, caption, self.font, align)])

    # --- output ----------------------------------------------------------------------------
    def build(self, *, on_page: Callable[[int], None] | None = None) -> bytes:
        """Lay out and return the PDF. `on_page(n)` is called as page n is laid out (progress
        for long reports run off the GUI thread); an exception raised in it aborts the build."""
        buffer = io.BytesIO()
        page_height = self.pagesize[1]
        # no frame padding: tables are exactly frame_width wide and line up with the header rule
        frame = Frame(
            MARGIN_X, MARGIN_BOTTOM, self.frame_width, page_height - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body",
        )
        template = BaseDocTemplate(
            buffer,
            pagesize=self.pagesize,
            pageTemplates=[PageTemplate(
                id="page", frames=[frame],
                onPageEnd=(lambda canv, doc: on_page(doc.page)) if on_page else (lambda canv, doc: None),
            )],
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=self.title,
            author=self.market_name,
            subject=self.subtitle,
            creator="MarketDesk",
            invariant=1,  # same input, same bytes: no creation date or random id
            initialFontName=self.font,  # else every page references unembedded Helvetica
            initialFontSize=BODY_SIZE,
        )
        story: list[Flowable] = [Paragraph(_markup(self.title), self._styles["title"])]
        if self.subtitle:
            story.append(Paragraph(_markup(self.subtitle), self._styles["subtitle"]))
        for factory in self._elements:
            story.extend(factory())
        canvasmaker = functools.partial(_NumberedCanvas, decorate=self._decorate_page)
        try:
            template.build(story, canvasmaker=canvasmaker)
        except LayoutError as exc:
            raise ValueError(f"content does not fit on a page (a cell or paragraph is too long): {exc}") from None
        return buffer.getvalue()

    def save(self, path: str | os.PathLike, *, on_page: Callable[[int], None] | None = None) -> Path:
        """Build and write the PDF; the file appears complete or not at all."""
        target = Path(path)
        data = self.build(on_page=on_page)
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(data)
        os.replace(partial, target)
        return target

    # --- internals -------------------------------------------------------------------------
    def _decorate_page(self, canv: Canvas, number: int, total: int) -> None:
        width, height = self.pagesize
        right = width - MARGIN_X
        inner = width - 2 * MARGIN_X
        canv.saveState()
        canv.setFillColor(DECOR_GRAY)
        canv.setStrokeColor(DECOR_GRAY)
        canv.setLineWidth(0.5)
        canv.setFont(self.font, DECOR_SIZE)
        # header: market name left, title right, a rule under them
        y = height - 12 * mm
        title = _fit(self.title, self.font, DECOR_SIZE, inner * 0.45)
        market = _fit(self.market_name, self.font, DECOR_SIZE, inner * 0.5)
        canv.drawString(MARGIN_X, y, market)
        canv.drawRightString(right, y, title)
        canv.line(MARGIN_X, y - 2 * mm, right, y - 2 * mm)
        # footer: a rule, then footer text left, print time centre, page numbers right
        y = 10 * mm
        canv.line(MARGIN_X, y + 4 * mm, right, y + 4 * mm)
        pages = f"第 {number} 页 / 共 {total} 页"
        printed = "打印时间 " + self.printed_at.strftime("%Y-%m-%d %H:%M")
        canv.drawString(MARGIN_X, y, _fit(self.footer, self.font, DECOR_SIZE, inner * 0.4))
        canv.drawCentredString(width / 2 + inner * 0.05, y, printed)
        canv.drawRightString(right, y, pages)
        canv.restoreState()

    def _check_row(self, row: object, ncols: int, what: str) -> list[str]:
        if isinstance(row, str) or not isinstance(row, Sequence):
            raise TypeError(f"table {what} must be a list of str")
        if len(row) != ncols:
            raise ValueError(f"table {what} has {len(row)} cells, the header has {ncols}")
        for cell in row:
            if not isinstance(cell, str):
                raise TypeError(f"table {what}: cells must be str, not {type(cell).__name__}")
            if len(cell) > MAX_CELL_CHARS:
                raise ValueError(f"table {what}: a cell is {len(cell)} characters long; at most {MAX_CELL_CHARS}")
        return [_clean(cell) for cell in row]

    def _explicit_widths(self, col_widths_mm: Sequence[float], ncols: int) -> list[float]:
        if len(col_widths_mm) != ncols:
            raise ValueError(f"col_widths_mm has {len(col_widths_mm)} widths for {ncols} columns")
        widths = [_check_mm(w, "column width", (MIN_COLUMN_MM, 1000.0)) * mm for w in col_widths_mm]
        if sum(widths) > self.frame_width + 0.01:
            raise ValueError(
                f"columns are {sum(widths) / mm:.1f} mm wide together; the page has {self.frame_width / mm:.1f} mm"
            )
        return widths

    def _natural_widths(self, headers, rows, totals) -> list[float]:
        """Widths from content, filling the frame: each column's widest one-line cell (or
        header); spare room is shared in proportion; if the columns do not fit, the narrow
        ones keep their width and the wide ones share the rest (and wrap)."""
        font, size = self.font, TABLE_SIZE
        pad = 2 * CELL_PAD_X + 1
        natural = [stringWidth(h, font, size) + pad for h in headers]
        for row in rows if totals is None else [*rows, totals]:
            for i, cell in enumerate(row):
                if cell:
                    w = stringWidth(cell, font, size) + pad
                    if w > natural[i]:
                        natural[i] = w
        minimum = MIN_COLUMN_MM * mm * 2
        natural = [max(w, minimum) for w in natural]
        avail = self.frame_width
        if sum(natural) <= avail:
            scale = avail / sum(natural)
            return [w * scale for w in natural]
        widths = [0.0] * len(natural)
        open_cols = set(range(len(natural)))
        remaining = avail
        while open_cols:
            share = remaining / len(open_cols)
            fits = [i for i in open_cols if natural[i] <= share]
            if not fits:
                for i in open_cols:
                    widths[i] = share
                break
            for i in fits:
                widths[i] = natural[i]
                remaining -= natural[i]
                open_cols.discard(i)
        return widths

    def _cells(self, row: list[str], widths: list[float], aligns: list[str]) -> list:
        font, size = self.font, TABLE_SIZE
        cells = []
        for text, width, alignment in zip(row, widths, aligns):
            if text.isprintable() and stringWidth(text, font, size) <= width - 2 * CELL_PAD_X:
                cells.append(text)  # one line: a plain string, laid out much faster
            else:
                cells.append(Paragraph(_markup(text), self._styles["cell-" + alignment]))
        return cells

    @staticmethod
    def _row_height(row: list, widths: list[float]) -> float:
        """The height reportlab would give the row: its tallest cell plus the paddings."""
        tallest = TABLE_LEADING  # a plain string cell is one line (see _cells)
        for cell, width in zip(row, widths):
            if not isinstance(cell, str):
                tallest = max(tallest, cell.wrap(width - 2 * CELL_PAD_X, 72000)[1])
        return tallest + 2 * CELL_PAD_Y

    def _base_table_style(self, aligns: list[str]) -> list[tuple]:
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), self.font),
            ("FONTSIZE", (0, 0), (-1, -1), TABLE_SIZE),
            ("LEADING", (0, 0), (-1, -1), TABLE_LEADING),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
        ]
        for i, alignment in enumerate(aligns):
            commands.append(("ALIGN", (i, 0), (i, -1), alignment.upper()))
        return commands
