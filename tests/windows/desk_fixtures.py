"""The weigh desk end to end: a small market (tests.desk.conftest.market: a cashier with an open
shift, commodities with prices, a fixed merchant with 500.00 yuan, vehicles of each tare kind),
a simulated yaohua indicator on a pseudo-terminal read by the counter's real scale port, a
loopback network printer fed by the counter's real print station, and the main window logged
in as the cashier, which opens on the desk.

The test puts a weight on the scale (`desk.scale.put(kg)`) and waits for the desk to show it
stable; it never sleeps for a time."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog

from app import config
from app.auth import service as auth
from app.devices.scales.protocol import Reading
from app.devices.scales.settings import ScaleSettings
from app.devices.scales.simulator import FRAMES_PER_SECOND_MAX, PtyScale, Simulator, SimulatorSettings
from app.devices.printers.simulator import FakeNetworkPrinter
from app.windows.changes import ChangeHub
from app.windows.context import GuiContext
from app.windows.counter_scale import CounterScale
from app.windows.main_window import MainWindow
from app.windows.print_station import PrintStation
from tests.desk.conftest import COUNTER, Market, market  # noqa: F401  (fixture, used by name)
from tests.windows.conftest import show_active
from tests.windows.print_fixtures import WAIT_MS, fake_printer, job, network, save_printers  # noqa: F401

__all__ = ["ENTER", "WAIT_MS", "Desk", "TruckScale", "charge_first_truck", "desk", "fake_printer", "job", "market",
           "open_desk", "other_cashier", "press", "printed_qr", "scan", "supervisor_types", "truck_scale",
           "type_text"]

ENTER = Qt.Key.Key_Return


class _HeldWeight(Simulator):
    """Frames of whatever weight is on the scale now, steady, at the indicator's pace."""

    def __init__(self, settings: SimulatorSettings):
        super().__init__(settings)
        self.weight = Decimal(0)

    def frames(self):
        period_s = 1 / FRAMES_PER_SECOND_MAX
        while True:
            self.frames_sent += 1
            yield self.protocol.encode(Reading(weight=self.weight, decimals=0, stable=True)), period_s


class TruckScale(PtyScale):
    """The simulated indicator (app.devices.scales.simulator) on a pseudo-terminal, its weight
    set by the test: put(32560) is a truck of 32 560 kg standing still, put(0) an empty scale."""

    def __init__(self):
        super().__init__(SimulatorSettings(protocol="yaohua", weights=(Decimal(0),), steady=True))
        self.simulator = _HeldWeight(self.simulator.settings)
        self._thread = threading.Thread(target=self.simulator.run, args=(self._write, self._stop),
                                        name="scale simulator", daemon=True)

    def put(self, kg: int) -> None:
        self.simulator.weight = Decimal(kg)


def save_scale(scale: ScaleSettings) -> None:
    settings = config.load_settings()
    config.save_settings(config.Settings(settings.counter_name, settings.database_url, settings.language,
                                         {**settings.devices, "scale": scale.to_dict()}))


@dataclass
class Desk:
    market: Market
    ctx: GuiContext
    window: MainWindow
    screen: object               # WeighDeskScreen
    scale: TruckScale
    printer: FakeNetworkPrinter

    @property
    def entry(self):
        return self.screen.entry

    @property
    def exit(self):
        return self.screen.exit

    def put(self, kg: int, qtbot) -> None:
        """A truck of `kg` comes to rest on the scale: wait until the desk shows it stable."""
        self.scale.put(kg)
        qtbot.waitUntil(lambda: self.screen.live.stable_g == kg * 1000, timeout=WAIT_MS)

    def empty(self, qtbot) -> None:
        self.scale.put(0)
        qtbot.waitUntil(lambda: self.screen.live.stable_g is None, timeout=WAIT_MS)

    def texts(self) -> list[str]:
        return [received.transcript().text() for received in self.printer.jobs]


def open_desk(qtbot, market: Market, actor, printer: FakeNetworkPrinter, scale: TruckScale,
              cleanup: list) -> Desk:
    changes = ChangeHub()
    station = PrintStation(changes)
    station.start(market.db, actor.counter)
    counter_scale = CounterScale()
    counter_scale.start()
    cleanup.extend([station.stop, counter_scale.stop])
    ctx = GuiContext(market.db, actor, changes, COUNTER, (), counter_scale, station)
    window = MainWindow(ctx)
    window.resize(1366, 768)
    show_active(qtbot, window)
    screen = window.stack.currentWidget()
    assert screen.objectName() == "weigh_desk"
    qtbot.waitUntil(lambda: screen.shift_loaded and bool(screen.entry.form.catalog), timeout=WAIT_MS)
    return Desk(market, ctx, window, screen, scale, printer)


@pytest.fixture
def truck_scale():
    sim = TruckScale().start()
    save_scale(ScaleSettings(enabled=True, protocol="yaohua", url=sim.path))
    yield sim
    sim.close()


@pytest.fixture
def desk(qtbot, market, fake_printer, truck_scale):  # noqa: F811
    """The cashier's main window on the desk, with a scale and a printer that work."""
    printer = fake_printer("ok")
    save_printers(network(printer))
    cleanup: list = []
    yield open_desk(qtbot, market, market.cashier, printer, truck_scale, cleanup)
    for stop in cleanup:
        stop()


@pytest.fixture
def other_cashier(market):
    """A cashier of this counter with no shift open yet."""
    auth.create_user(market.db, market.admin, "cash2", "李红", "cash2-pass", "cashier")
    return auth.login(market.db, "cash2", "cash2-pass", counter=COUNTER)


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier, count: list | None = None) -> None:
    """One keystroke to the widget that has the keyboard (counted in `count` when given); in a
    dialog, to the dialog's field that has its keyboard."""
    target = _keyboard_of(qtbot, widget) or widget
    qtbot.keyClick(target, key, modifier)
    if count is not None:
        count.append(key)


def _keyboard_of(qtbot, widget):
    """The widget that gets keystrokes meant for `widget`'s window (its dialog's field)."""
    if widget is None:
        return QApplication.focusWidget()
    if isinstance(widget, QDialog):
        return widget.focusWidget()
    window = widget.window()
    if not window.isActiveWindow():  # a dialog just closed: the window manager gives the keyboard back
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    return QApplication.focusWidget()


def type_text(qtbot, text: str, into=None) -> None:
    """Typed into the focused field (of `into`'s window, or of the dialog `into`), as a
    keyboard (or a scanner) types. QTest types Latin-1 only; a Hanzi (from the input method,
    in life) arrives as a key event carrying its text."""
    for ch in text:
        target = _keyboard_of(qtbot, into)
        assert target is not None, "nothing has the keyboard"
        if ch.isascii():
            qtbot.keyClicks(target, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def charge_first_truck(qtbot, desk: Desk, plate="鲁G12345", kg=32560, commodity="dbc"):
    """A vehicle on its first visit: plate, Enter, commodity by initials, Enter, then Enter charges."""
    desk.put(kg, qtbot)
    entry = desk.entry
    entry.last_result = None
    type_text(qtbot, plate, into=entry)
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.form.plate_text == plate, timeout=WAIT_MS)
    assert QApplication.focusWidget() is entry.form.commodity_field  # nothing brought last time
    type_text(qtbot, commodity, into=entry)
    qtbot.waitUntil(lambda: bool(entry.form.commodity_field.suggestion_texts()), timeout=WAIT_MS)
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.quote is not None, timeout=WAIT_MS)
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.last_result is not None, timeout=WAIT_MS)
    return entry.last_result


def supervisor_types(qtbot, dialog, username: str, password: str) -> None:
    assert dialog.objectName() == "override"
    dialog.username.setFocus()
    type_text(qtbot, username, into=dialog)
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, password, into=dialog)
    press(qtbot, dialog, ENTER)


def printed_qr(qtbot, desk: Desk, index: int) -> str:
    """The QR code on the `index`th document the printer received (what a scanner reads)."""
    qtbot.waitUntil(lambda: len(desk.printer.jobs) > index, timeout=WAIT_MS)
    [qr] = desk.printer.jobs[index].transcript().qrs
    return qr.payload


def scan(qtbot, desk: Desk, code: str) -> None:
    """F3, then the scanner types the code and Enter into the voucher field."""
    press(qtbot, desk.entry, Qt.Key.Key_F3)
    assert QApplication.focusWidget() is desk.exit.voucher
    desk.exit.voucher.selectAll()
    type_text(qtbot, code, into=desk.exit)
    press(qtbot, desk.exit, ENTER)
