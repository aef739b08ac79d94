"""The adapter turns port-thread calls into GUI-thread signals: nothing is lost at the end of
a burst, the backlog stays bounded, and a detached adapter hears nothing more. The clock is
a fake one: behaviour, never timings."""
import threading

from PySide6.QtCore import QCoreApplication, QThread

from app.windows.scale_adapter import ScaleAdapter
from tests.windows.fake_scale import PortState, PortStatus, line_frame, weight_state


class Clock:
    def __init__(self):
        self.now_s = 100.0

    def __call__(self) -> float:
        return self.now_s


def record(adapter: ScaleAdapter) -> dict[str, list]:
    seen = {"frames": [], "statuses": [], "weights": []}
    adapter.frame_received.connect(seen["frames"].append)
    adapter.status_changed.connect(seen["statuses"].append)
    adapter.weight_changed.connect(seen["weights"].append)
    return seen


def test_a_burst_of_weights_arrives_as_the_newest_one(qtbot):
    adapter = ScaleAdapter(clock=Clock())
    seen = record(adapter)
    for kg in range(1, 1001):
        adapter.on_weight(weight_state(f"{kg}.00"))
    assert seen["weights"] == []  # queued: never delivered inside the port's call
    QCoreApplication.processEvents()
    assert [w.display for w in seen["weights"]] == ["1000.00"]


def test_frames_are_kept_in_a_bounded_list_and_drops_are_counted(qtbot):
    adapter = ScaleAdapter(frames_max=10, clock=Clock())
    seen = record(adapter)
    for n in range(25):
        adapter.on_frame(line_frame(f"ST,+{n}kg", at_s=n))
    QCoreApplication.processEvents()
    assert [f.at_s for f in seen["frames"]] == list(range(15, 25))
    assert adapter.frames_dropped == 15


def test_every_status_change_arrives_in_order(qtbot):
    adapter = ScaleAdapter(clock=Clock())
    seen = record(adapter)
    for state in (PortState.CONNECTING, PortState.CONNECTED, PortState.NO_DATA):
        adapter.on_status(PortStatus(state, None, "loop://"))
    QCoreApplication.processEvents()
    assert [s.state for s in seen["statuses"]] == ["connecting", "connected", "no_data"]


def test_updates_too_soon_after_a_delivery_wait_for_their_turn(qtbot):
    clock = Clock()
    adapter = ScaleAdapter(deliveries_per_s=20, clock=clock)
    seen = record(adapter)
    adapter.on_weight(weight_state("1.00"))
    QCoreApplication.processEvents()
    adapter.on_weight(weight_state("2.00"))
    adapter.on_weight(weight_state("3.00"))
    QCoreApplication.processEvents()
    assert [w.display for w in seen["weights"]] == ["1.00"]  # the clock has not moved
    clock.now_s += 0.05
    with qtbot.waitSignal(adapter.weight_changed):
        pass
    assert [w.display for w in seen["weights"]] == ["1.00", "3.00"]


def test_signals_reach_the_gui_thread_from_the_port_thread(qtbot):
    adapter = ScaleAdapter()
    threads = []
    adapter.weight_changed.connect(lambda _state: threads.append(QThread.currentThread()))
    port_thread = threading.Thread(target=lambda: adapter.on_weight(weight_state("5.00")))
    with qtbot.waitSignal(adapter.weight_changed):
        port_thread.start()
        port_thread.join()
    assert threads == [QCoreApplication.instance().thread()]


def test_a_detached_adapter_ignores_the_port(qtbot):
    adapter = ScaleAdapter(clock=Clock())
    seen = record(adapter)
    adapter.on_weight(weight_state("1.00"))
    adapter.detach()
    adapter.on_weight(weight_state("2.00"))
    adapter.on_frame(line_frame("ST,+2kg"))
    adapter.on_status(PortStatus(PortState.ERROR, "gone", "COM3"))
    QCoreApplication.processEvents()
    assert seen == {"frames": [], "statuses": [], "weights": []}
