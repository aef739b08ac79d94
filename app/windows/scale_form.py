"""The fields of a ScaleSettings: the port, the indicator and the stability rule.

`load()` shows settings, `settings()` returns what the fields say, keeping whatever the form
does not show as it was loaded. Choosing a protocol fills in its
usual line settings, because that is what the indicator's manual says too; the technician
changes them only when the indicator was set up differently."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox,
                               QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget)

from app.devices.scales.settings import BAUD_RATES, PARITIES, ScaleSettings, StabilitySettings
from app.windows.retranslate import Retranslating

NO_ADDRESS = -1          # the address spin box's "none": continuous output, nobody is asked
UNITS = ("g", "kg", "t")
LINE_CHOICES = {"leave": None, "on": True, "off": False}  # DTR/RTS: None keeps the driver's


def protocols() -> dict:
    """Registered scale protocols by name (each protocol module registers itself on import)."""
    from app.devices.scales.protocol import load_all
    return load_all()


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


def _line_key(value: bool | None) -> str:
    return "leave" if value is None else "on" if value else "off"


def _double(low: float, high: float, step: float, suffix: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setDecimals(2)
    spin.setSingleStep(step)
    spin.setSuffix(suffix)
    return spin


def _integer(low: int, high: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    spin.setGroupSeparatorShown(True)
    return spin


class ScaleForm(Retranslating, QWidget):
    def __init__(self, settings: ScaleSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self._loaded = settings

        self.enabled = QCheckBox()
        self.demo = QCheckBox()  # a simulated indicator: try the app without a weighbridge
        self.protocol = QComboBox()
        for name, protocol in sorted(protocols().items()):
            self.protocol.addItem(f"{protocol.title} ({name})", name)
        self.protocol.activated.connect(self._protocol_chosen)
        self.protocol.currentIndexChanged.connect(self._show_protocol_notes)
        self.protocol_notes = QLabel()
        self.protocol_notes.setWordWrap(True)
        self.url = QLineEdit()
        self.baudrate = _combo((str(b), b) for b in BAUD_RATES)
        self.bytesize = _combo((str(b), b) for b in (7, 8))
        self.parity = _combo((p, p) for p in PARITIES)  # texts set in retranslate
        self.stopbits = _combo((str(b), b) for b in (1, 2))
        self.dtr = _combo(("", key) for key in LINE_CHOICES)
        self.rts = _combo(("", key) for key in LINE_CHOICES)
        self.unit = _combo((u, u) for u in UNITS)
        self.address = _integer(NO_ADDRESS, 255)
        self.address.valueChanged.connect(self._address_changed)
        self.poll_interval = _double(0.05, 5.0, 0.05, " s")
        self.window_s = _double(0.2, 30.0, 0.5, " s")
        self.window_frames_min = _integer(2, 1000)
        self.division_g = _integer(1, 1_000_000, " g")
        self.min_weight_g = _integer(0, 200_000_000, " g")
        self.max_age_s = _double(0.05, 10.0, 0.05, " s")

        self.port_group, self.indicator_group, self.stability_group = (QGroupBox(), QGroupBox(),
                                                                       QGroupBox())
        self._labels: dict[str, QLabel] = {}
        self._fill(self.port_group, (("enabled", self.enabled), ("demo", self.demo), ("protocol", self.protocol),
                                     ("", self.protocol_notes), ("url", self.url),
                                     ("baudrate", self.baudrate), ("bytesize", self.bytesize),
                                     ("parity", self.parity), ("stopbits", self.stopbits),
                                     ("dtr", self.dtr), ("rts", self.rts)))
        self._fill(self.indicator_group, (("unit", self.unit), ("address", self.address),
                                          ("poll_interval", self.poll_interval)))
        self._fill(self.stability_group, (("window_s", self.window_s),
                                          ("window_frames_min", self.window_frames_min),
                                          ("division_g", self.division_g),
                                          ("min_weight_g", self.min_weight_g),
                                          ("max_age_s", self.max_age_s)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for group in (self.port_group, self.indicator_group, self.stability_group):
            layout.addWidget(group)
        layout.addStretch(1)
        self.retranslate()
        self.load(settings)

    def _fill(self, group: QGroupBox, rows) -> None:
        form = QFormLayout(group)
        for key, field in rows:
            label = QLabel()
            if key:
                self._labels[key] = label
                label.setBuddy(field)
            form.addRow(label, field)

    def retranslate(self) -> None:
        self.port_group.setTitle(self.tr("Connection"))
        self.indicator_group.setTitle(self.tr("Indicator"))
        self.stability_group.setTitle(self.tr("Stable weight"))
        texts = {
            "enabled": self.tr("In use"), "demo": self.tr("Demo"), "protocol": self.tr("Protocol"),
            "url": self.tr("Port"), "baudrate": self.tr("Baud rate"),
            "bytesize": self.tr("Data bits"), "parity": self.tr("Parity"),
            "stopbits": self.tr("Stop bits"), "dtr": self.tr("DTR line"), "rts": self.tr("RTS line"),
            "unit": self.tr("Unit when the frame has none"), "address": self.tr("Indicator address"),
            "poll_interval": self.tr("Ask every"),
            "window_s": self.tr("Steady for at least"),
            "window_frames_min": self.tr("Readings in that time, at least"),
            "division_g": self.tr("Allowed spread (one division)"),
            "min_weight_g": self.tr("Empty scale below"),
            "max_age_s": self.tr("Newest reading at most this old"),
        }
        for key, label in self._labels.items():
            label.setText(texts[key])
        self.enabled.setText(self.tr("A scale is connected to this counter"))
        self.demo.setText(self.tr("Simulated truck scale, no hardware (never at a real counter)"))
        self.url.setPlaceholderText(self.tr("COM3, /dev/ttyUSB0 or socket://10.0.0.5:4001"))
        for index, text in enumerate((self.tr("None"), self.tr("Even"), self.tr("Odd"))):
            self.parity.setItemText(index, f"{text} ({PARITIES[index]})")
        for combo in (self.dtr, self.rts):
            for index, text in enumerate((self.tr("Leave as the driver sets it"), self.tr("On"),
                                          self.tr("Off"))):
                combo.setItemText(index, text)
        self.address.setSpecialValueText(self.tr("None: the indicator sends by itself"))

    # ---- settings in, settings out --------------------------------------------------------

    def load(self, settings: ScaleSettings) -> None:
        self._loaded = settings
        self.enabled.setChecked(settings.enabled)
        self.demo.setChecked(settings.demo_simulator)
        _select(self.protocol, settings.protocol)
        self.url.setText(settings.url)
        _select(self.baudrate, settings.baudrate)
        _select(self.bytesize, settings.bytesize)
        _select(self.parity, settings.parity)
        _select(self.stopbits, settings.stopbits)
        _select(self.dtr, _line_key(settings.dtr))
        _select(self.rts, _line_key(settings.rts))
        _select(self.unit, settings.unit)
        self.address.setValue(NO_ADDRESS if settings.address is None else settings.address)
        self.poll_interval.setValue(settings.poll_interval_s)
        self._address_changed(self.address.value())
        stability = settings.stability
        self.window_s.setValue(stability.window_s)
        self.window_frames_min.setValue(stability.window_frames_min)
        self.division_g.setValue(stability.division_g)
        self.min_weight_g.setValue(stability.min_weight_g)
        self.max_age_s.setValue(stability.max_age_s)

    def set_baudrate(self, rate: int) -> None:
        """What baud detection found."""
        _select(self.baudrate, rate)

    def settings(self) -> ScaleSettings:
        """What the fields say (not validated: ScaleSettings.validate names what is wrong)."""
        address = self.address.value()
        return replace(
            self._loaded, enabled=self.enabled.isChecked(), demo_simulator=self.demo.isChecked(),
            protocol=self.protocol.currentData(),
            url=self.url.text().strip(), baudrate=self.baudrate.currentData(),
            bytesize=self.bytesize.currentData(), parity=self.parity.currentData(),
            stopbits=self.stopbits.currentData(), dtr=LINE_CHOICES[self.dtr.currentData()],
            rts=LINE_CHOICES[self.rts.currentData()], unit=self.unit.currentData(),
            address=None if address == NO_ADDRESS else address,
            poll_interval_s=round(self.poll_interval.value(), 2),
            stability=StabilitySettings(
                window_s=round(self.window_s.value(), 2),
                window_frames_min=self.window_frames_min.value(),
                division_g=self.division_g.value(), min_weight_g=self.min_weight_g.value(),
                max_age_s=round(self.max_age_s.value(), 2)))

    # ---- reactions ------------------------------------------------------------------------

    def _protocol_chosen(self, _index: int) -> None:
        protocol = protocols().get(self.protocol.currentData())
        if protocol is None:
            return
        _select(self.baudrate, protocol.default_baud)
        _select(self.bytesize, protocol.bytesize)
        _select(self.parity, protocol.parity)
        _select(self.stopbits, protocol.stopbits)

    def _show_protocol_notes(self, _index: int) -> None:
        protocol = protocols().get(self.protocol.currentData())
        notes = protocol.notes if protocol is not None else ""
        self.protocol_notes.setText(notes)
        self.protocol_notes.setVisible(bool(notes))

    def _address_changed(self, address: int) -> None:
        # Only an indicator that is asked needs a pace for asking.
        self.poll_interval.setEnabled(address != NO_ADDRESS)
