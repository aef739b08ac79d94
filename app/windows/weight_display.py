"""The big weight readout: the digits exactly as the indicator shows them, the unit, and a row
of lamps (STABLE, ZERO, NEGATIVE, OVERLOAD, UNDERLOAD, NO SIGNAL) like the indicator's own
annunciators. Light digits on black, sized to the widget, so the cashier reads it at arm's
length; the colour of the digits repeats the state (green stable, amber moving, red out of
range, grey no signal) for a glance from further away.

It shows a WeightState (app.devices.scales.stability) and never decides anything: capture
is the port's job, so what is displayed can never be what is charged by accident."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.windows.retranslate import Retranslating

NO_READING = "------"
SIZING_TEXT = "-88888.88"   # the widest reading the digits must fit
DIGITS_PX_MIN = 24
REFERENCE_PX = 100
UNIT_TO_DIGITS = 0.4

DIGIT_COLORS = {"stable": "#3cff6e", "moving": "#ffb000", "out_of_range": "#ff4040",
                "no_signal": "#6a6a6a"}
LAMP_COLORS = {"stable": "#1f9d3a", "zero": "#1e6fd9", "negative": "#c77800",
               "overload": "#c62828", "underload": "#c62828", "no_signal": "#c62828"}
LAMP_OFF = "color: #3a3a3a; background: transparent; border: 1px solid #2a2a2a;"
LAMPS = tuple(LAMP_COLORS)


class WeightDisplay(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("weight_display")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#weight_display { background: black; border-radius: 6px; }")
        self.state = None

        self.digits = QLabel(NO_READING)
        self.digits.setObjectName("weight_digits")
        self.digits.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Ignored: the font follows the widget's size, never the other way round.
        self.digits.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        font.setBold(True)
        self.digits.setFont(font)
        self.unit = QLabel()
        self.unit.setObjectName("weight_unit")
        self.unit.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.unit.setStyleSheet("color: #d0d0d0;")
        self.unit.setFont(QFont(font))

        self.lamps: dict[str, QLabel] = {}
        lamp_row = QHBoxLayout()
        lamp_row.setSpacing(6)
        lamp_font = QFont(self.font())
        lamp_font.setBold(True)
        lamp_font.setPointSize(lamp_font.pointSize() + 2)
        for name in LAMPS:
            lamp = QLabel()
            lamp.setObjectName(f"lamp_{name}")
            lamp.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lamp.setFont(lamp_font)
            lamp.setProperty("lit", False)
            self.lamps[name] = lamp
            lamp_row.addWidget(lamp)

        reading = QHBoxLayout()
        reading.addWidget(self.digits, 1)
        reading.addWidget(self.unit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(reading, 1)
        layout.addLayout(lamp_row)
        self._lamp_row = lamp_row
        self.retranslate()
        self.show_weight(None)

    def retranslate(self) -> None:
        texts = {"stable": self.tr("STABLE"), "zero": self.tr("ZERO"),
                 "negative": self.tr("NEGATIVE"), "overload": self.tr("OVERLOAD"),
                 "underload": self.tr("UNDERLOAD"), "no_signal": self.tr("NO SIGNAL")}
        for name, lamp in self.lamps.items():
            lamp.setText(texts[name])

    def sizeHint(self) -> QSize:
        return QSize(480, 180)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 100)

    # ---- state ----------------------------------------------------------------------------

    def show_weight(self, state) -> None:
        """A WeightState, or None before the port has said anything."""
        self.state = state
        no_signal = state is None or state.no_signal
        lit = {"no_signal": no_signal}
        if not no_signal:
            lit |= {"stable": state.stable, "zero": state.zero, "negative": state.negative,
                    "overload": state.overload, "underload": state.underload}
        for name, lamp in self.lamps.items():
            on = bool(lit.get(name, False))
            lamp.setProperty("lit", on)
            lamp.setStyleSheet(f"color: white; background: {LAMP_COLORS[name]}; "
                               "border-radius: 3px; padding: 2px 6px;" if on else
                               LAMP_OFF + " border-radius: 3px; padding: 2px 6px;")

        if no_signal:
            text, color = NO_READING, DIGIT_COLORS["no_signal"]
        elif state.overload or state.underload:
            text, color = state.display or NO_READING, DIGIT_COLORS["out_of_range"]
        else:
            text = state.display or NO_READING
            color = DIGIT_COLORS["stable" if state.stable else "moving"]
        self.digits.setText(text)
        self.digits.setStyleSheet(f"color: {color};")
        self.unit.setText("" if state is None else state.unit)

    def lit(self, lamp: str) -> bool:
        return bool(self.lamps[lamp].property("lit"))

    # ---- sizing ---------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_digits()

    def _fit_digits(self) -> None:
        font = QFont(self.digits.font())
        font.setPixelSize(REFERENCE_PX)
        metrics = QFontMetrics(font)
        margins = self.layout().contentsMargins()
        unit_font = QFont(font)
        unit_font.setPixelSize(int(REFERENCE_PX * UNIT_TO_DIGITS))
        reference_width = (metrics.horizontalAdvance(SIZING_TEXT)
                           + QFontMetrics(unit_font).horizontalAdvance(" kg"))
        width = self.width() - margins.left() - margins.right()
        height = (self.height() - margins.top() - margins.bottom()
                  - self._lamp_row.sizeHint().height() - self.layout().spacing())
        scale = min(width / reference_width, height / metrics.height())
        pixels = max(DIGITS_PX_MIN, int(REFERENCE_PX * scale))
        font.setPixelSize(pixels)
        self.digits.setFont(font)
        unit_font.setPixelSize(max(12, int(pixels * UNIT_TO_DIGITS)))
        self.unit.setFont(unit_font)
