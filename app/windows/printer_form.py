"""The fields of one PrinterSettings. Only the address fields of the chosen connection are
shown (a network printer has no baud rate); the others keep their values, so switching the
connection back and forth loses nothing.

`load()` shows settings, `settings()` returns what the fields say (not validated:
PrinterSettings.validate names what is wrong), `changed` fires on every edit by the user."""
from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel,
                               QLineEdit, QSpinBox, QVBoxLayout, QWidget)

from app.devices.printers.escpos import COLUMNS_80_MM, DEFAULT_COLUMNS, QR_MODES
from app.devices.printers.settings import (BAUD_RATES, BACKENDS, DRAWER_PINS, NAME_MAX_CHARS, PAPER_MM,
                                           TEXT_MAX_CHARS, TIMEOUT_S_MAX, TIMEOUT_S_MIN, PrinterSettings)
from app.devices.printers.width import ENCODINGS
from app.windows.retranslate import Retranslating

# Which rows belong to which connection; every other row is shown for all of them.
BACKEND_ROWS = {"network": ("host", "port"), "serial": ("serial_url", "baudrate"),
                "usb": ("usb_vendor_id", "usb_product_id"), "file": ("path",),
                "win32raw": ("windows_printer",)}
HEX_ID = QRegularExpression("[0-9A-Fa-f]{0,4}")


def _combo(items) -> QComboBox:
    combo = QComboBox()
    for text, data in items:
        combo.addItem(text, data)
    return combo


def _select(combo: QComboBox, data) -> None:
    index = combo.findData(data)
    if index < 0:  # a value this version does not list (hand-edited file): show it, keep it
        combo.addItem(str(data), data)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def _hex_field() -> QLineEdit:
    field = QLineEdit()
    field.setValidator(QRegularExpressionValidator(HEX_ID))
    field.setMaxLength(4)
    field.setPlaceholderText("04b8")
    return field


def _hex(value: int) -> str:
    return f"{value:04x}" if value else ""


class PrinterForm(Retranslating, QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = False
        self._loaded = PrinterSettings()

        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX_CHARS)
        self.backend = _combo(("", b) for b in BACKENDS)  # texts set in retranslate
        self.host = QLineEdit()
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.serial_url = QLineEdit()
        self.baudrate = _combo((str(b), b) for b in BAUD_RATES)
        self.usb_vendor_id = _hex_field()
        self.usb_product_id = _hex_field()
        self.path = QLineEdit()
        self.windows_printer = QLineEdit()
        for field in (self.host, self.serial_url, self.path, self.windows_printer):
            field.setMaxLength(TEXT_MAX_CHARS)
        self.paper_mm = _combo((f"{mm} mm", mm) for mm in PAPER_MM)
        self.columns = QComboBox()  # filled per paper width
        self.encoding = _combo(("", e) for e in ENCODINGS)
        self.qr_mode = _combo(("", m) for m in QR_MODES)
        self.cut = QCheckBox()
        self.drawer = QCheckBox()
        self.drawer_pin = _combo(("", pin) for pin in DRAWER_PINS)
        self.timeout_s = QDoubleSpinBox()
        self.timeout_s.setRange(TIMEOUT_S_MIN, TIMEOUT_S_MAX)
        self.timeout_s.setDecimals(1)
        self.timeout_s.setSingleStep(0.5)
        self.timeout_s.setSuffix(" s")
        self.status_query = QCheckBox()

        self.connection_group, self.paper_group, self.drawer_group = QGroupBox(), QGroupBox(), QGroupBox()
        self._labels: dict[str, QLabel] = {}
        self._forms: dict[str, QFormLayout] = {}
        self._fill(self.connection_group, ("name", "backend", "host", "port", "serial_url", "baudrate",
                                           "usb_vendor_id", "usb_product_id", "path", "windows_printer",
                                           "timeout_s", "status_query"))
        self._fill(self.paper_group, ("paper_mm", "columns", "encoding", "qr_mode", "cut"))
        self._fill(self.drawer_group, ("drawer", "drawer_pin"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for group in (self.connection_group, self.paper_group, self.drawer_group):
            layout.addWidget(group)
        layout.addStretch(1)

        self.backend.currentIndexChanged.connect(self._show_backend_rows)
        self.paper_mm.currentIndexChanged.connect(self._paper_changed)
        self.drawer.toggled.connect(self.drawer_pin.setEnabled)
        for field in (self.name, self.host, self.serial_url, self.usb_vendor_id, self.usb_product_id,
                      self.path, self.windows_printer):
            field.textEdited.connect(self._edited)
        for combo in (self.backend, self.baudrate, self.paper_mm, self.columns, self.encoding,
                      self.qr_mode, self.drawer_pin):
            combo.currentIndexChanged.connect(self._edited)
        for spin in (self.port, self.timeout_s):
            spin.valueChanged.connect(self._edited)
        for box in (self.cut, self.drawer, self.status_query):
            box.toggled.connect(self._edited)
        self.retranslate()
        self.load(self._loaded)

    def _fill(self, group: QGroupBox, keys) -> None:
        form = QFormLayout(group)
        for key in keys:
            label = QLabel()
            field = getattr(self, key)
            label.setBuddy(field)
            self._labels[key] = label
            self._forms[key] = form
            form.addRow(label, field)

    def retranslate(self) -> None:
        self.connection_group.setTitle(self.tr("Connection"))
        self.paper_group.setTitle(self.tr("Paper and printing"))
        self.drawer_group.setTitle(self.tr("Cash drawer"))
        texts = {
            "name": self.tr("Name"), "backend": self.tr("Connected by"),
            "host": self.tr("IP address or host name"), "port": self.tr("TCP port"),
            "serial_url": self.tr("Serial port"), "baudrate": self.tr("Baud rate"),
            "usb_vendor_id": self.tr("USB vendor id (hex)"), "usb_product_id": self.tr("USB product id (hex)"),
            "path": self.tr("Device or file"), "windows_printer": self.tr("Windows printer name"),
            "timeout_s": self.tr("Give up waiting after"), "status_query": self.tr("Printer status"),
            "paper_mm": self.tr("Paper width"), "columns": self.tr("Characters per line"),
            "encoding": self.tr("Chinese code page"), "qr_mode": self.tr("QR code"), "cut": self.tr("Cutter"),
            "drawer": self.tr("Cash drawer"), "drawer_pin": self.tr("Drawer pin"),
        }
        for key, label in self._labels.items():
            label.setText(texts[key])
        for index, text in enumerate((self.tr("Network (port 9100)"), self.tr("Serial port"), self.tr("USB"),
                                      self.tr("Device file"), self.tr("Windows printer"))):
            self.backend.setItemText(index, text)
        for index, text in enumerate((self.tr("GB18030 (simplified Chinese)"),
                                      self.tr("Big5 (traditional Chinese)"))):
            self.encoding.setItemText(index, text)
        for index, text in enumerate((self.tr("Drawn by the printer"), self.tr("Sent as an image (older printers)"))):
            self.qr_mode.setItemText(index, text)
        for index, pin in enumerate(DRAWER_PINS):
            self.drawer_pin.setItemText(index, self.tr("Pin %1").replace("%1", str(pin)))
        self.host.setPlaceholderText("192.168.1.50")
        self.serial_url.setPlaceholderText(self.tr("COM3, /dev/ttyUSB0 or socket://10.0.0.5:4001"))
        self.path.setPlaceholderText("/dev/usb/lp0")
        self.windows_printer.setPlaceholderText(self.tr("as in Windows' Printers list"))
        self.cut.setText(self.tr("Cut the paper after each document"))
        self.drawer.setText(self.tr("Open it on cash payments"))
        self.status_query.setText(self.tr("Ask before printing"))
        self._fill_columns(self.columns.currentData())

    # ---- settings in, settings out --------------------------------------------------------

    def load(self, settings: PrinterSettings) -> None:
        self._loading = True
        try:
            self._loaded = settings
            self.name.setText(settings.name)
            _select(self.backend, settings.backend)
            self.host.setText(settings.host)
            self.port.setValue(settings.port)
            self.serial_url.setText(settings.serial_url)
            _select(self.baudrate, settings.baudrate)
            self.usb_vendor_id.setText(_hex(settings.usb_vendor_id))
            self.usb_product_id.setText(_hex(settings.usb_product_id))
            self.path.setText(settings.path)
            self.windows_printer.setText(settings.windows_printer)
            _select(self.paper_mm, settings.paper_mm)
            self._fill_columns(settings.columns)
            _select(self.encoding, settings.encoding)
            _select(self.qr_mode, settings.qr_mode)
            self.cut.setChecked(settings.cut)
            self.drawer.setChecked(settings.drawer)
            _select(self.drawer_pin, settings.drawer_pin)
            self.drawer_pin.setEnabled(settings.drawer)
            self.timeout_s.setValue(settings.timeout_s)
            self.status_query.setChecked(settings.status_query)
            self._show_backend_rows()
        finally:
            self._loading = False

    def settings(self) -> PrinterSettings:
        return PrinterSettings(
            name=self.name.text().strip(), backend=self.backend.currentData(),
            host=self.host.text().strip(), port=self.port.value(),
            serial_url=self.serial_url.text().strip(), baudrate=self.baudrate.currentData(),
            usb_vendor_id=int(self.usb_vendor_id.text() or "0", 16),
            usb_product_id=int(self.usb_product_id.text() or "0", 16),
            path=self.path.text().strip(), windows_printer=self.windows_printer.text().strip(),
            paper_mm=self.paper_mm.currentData(), columns=self.columns.currentData() or 0,
            encoding=self.encoding.currentData(), qr_mode=self.qr_mode.currentData(),
            drawer=self.drawer.isChecked(), drawer_pin=self.drawer_pin.currentData(),
            cut=self.cut.isChecked(), timeout_s=round(self.timeout_s.value(), 1),
            status_query=self.status_query.isChecked())

    # ---- reactions ------------------------------------------------------------------------

    def _edited(self, *_args) -> None:
        if not self._loading:
            self.changed.emit()

    def _show_backend_rows(self, *_args) -> None:
        chosen = self.backend.currentData()
        for backend, keys in BACKEND_ROWS.items():
            for key in keys:
                self._forms[key].setRowVisible(getattr(self, key), backend == chosen)

    def _paper_changed(self, *_args) -> None:
        # 58 mm paper has one width: 42 columns chosen for 80 mm paper fall back to the default.
        columns = self.columns.currentData()
        self._fill_columns(columns if self.paper_mm.currentData() == 80 else 0)

    def _fill_columns(self, keep: int | None) -> None:
        """The choices the paper allows: its default, or on 80 mm a narrower font's count."""
        paper = self.paper_mm.currentData()
        choices = [(self.tr("Paper default (%1)").replace("%1", str(DEFAULT_COLUMNS.get(paper, 0))), 0)]
        if paper == 80:
            choices += [(str(n), n) for n in COLUMNS_80_MM]
        blocked = self.columns.blockSignals(True)  # refilling is not the user's edit
        try:
            self.columns.clear()
            for text, data in choices:
                self.columns.addItem(text, data)
            index = self.columns.findData(keep)
            if index < 0 and keep:  # a saved count the paper does not allow: shown, validate() names it
                self.columns.addItem(str(keep), keep)
                index = self.columns.count() - 1
            self.columns.setCurrentIndex(max(0, index))
        finally:
            self.columns.blockSignals(blocked)
