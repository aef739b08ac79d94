"""What a receipt will look like: the sample entry voucher rendered for the printer on the
form (paper width, code page, QR mode) with the branding on the screen, and read back by the
ESC/POS decoder, so the preview is the bytes the printer would get, not an imitation.
Rendering takes a few milliseconds; while the user types it is redone when the typing pauses."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGroupBox, QScrollArea, QVBoxLayout, QWidget

from app.devices.printers.settings import PrinterSettings
from app.printing.render import Branding
from app.windows.messages import error_text
from app.windows.receipt_grid import ReceiptGrid
from app.windows.retranslate import Retranslating

PREVIEW_DELAY_MS = 150
SAMPLE_KIND = "entry-voucher"
# Printer set-up commands print nothing: left out so the preview reads like the paper.
SILENT_LINES = {"[INIT]", "[CHINESE ON]", "[CHINESE OFF]"}


def preview_text(printer: PrinterSettings, branding: Branding) -> str:
    from app.devices.printers.decode import decode
    from app.printing.render import render
    from app.printing.samples import sample_document
    printer.validate_layout()
    data = render(sample_document(SAMPLE_KIND), printer, branding)
    lines = decode(data, printer.encoding).text().splitlines()
    return "\n".join(line for line in lines if line not in SILENT_LINES)


class PrinterPreview(Retranslating, QGroupBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._printer: PrinterSettings | None = None
        self._branding = Branding()
        self.grid = ReceiptGrid()
        self.grid.setObjectName("preview")
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.grid)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._pause_ended)
        self._pending = False  # a change arrived while the timer ran
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll)
        self.retranslate()

    def retranslate(self) -> None:
        self.render_now()  # the title, and an error message, are in the interface's language

    def show_for(self, printer: PrinterSettings | None, branding: Branding | None = None) -> None:
        """The first change is shown at once; changes while the user keeps typing are shown
        together, once the typing pauses."""
        self._printer = printer
        if branding is not None:
            self._branding = branding
        if self._timer.isActive():
            self._pending = True
        else:
            self.render_now()
            self._timer.start()

    def _pause_ended(self) -> None:
        if self._pending:
            self.render_now()

    def render_now(self) -> None:
        self._pending = False
        printer = self._printer
        if printer is None:
            self.setTitle(self.tr("Preview"))
            self.grid.set_lines([], 0, "gb18030")
            return
        try:
            lines = preview_text(printer, self._branding).splitlines()
            title = self.tr("Preview: a sample entry voucher, %1 characters per line").replace(
                "%1", str(printer.effective_columns))
            self.grid.set_lines(lines, printer.effective_columns, printer.encoding)
        except Exception as exc:  # a wrong field on the form: say which instead of a preview
            title = self.tr("Preview")
            self.grid.set_lines(error_text(exc).splitlines(), 0, "gb18030")
        self.setTitle(title)

    def plain_text(self) -> str:
        """The lines shown (tests, and whoever wants to copy them)."""
        return "\n".join(self.grid.lines())
