"""DLE EOT answers -> printer state, with bytes written out from the ESC/POS manual (not taken
from the simulator's table), garbage, and silence."""
import pytest

from app.devices.printers.status import PrinterStatus, interpret, looks_like_status, query

ONLINE = 0b0001_0010          # fixed bits only
OFFLINE = ONLINE | 0b1000     # n=1 bit 3
CAUSE_NONE = ONLINE
COVER = ONLINE | 0b0000_0100  # n=2 bit 2
FEED_BUTTON = ONLINE | 0b1000  # n=2 bit 3
PAPER_STOP = ONLINE | 0b0010_0000  # n=2 bit 5
ERROR = ONLINE | 0b0100_0000  # n=2 bit 6
ROLL_OK = ONLINE
NEAR_END = ONLINE | 0b0000_1100  # n=4 bits 2-3
PAPER_OUT = ONLINE | 0b0110_0000  # n=4 bits 5-6


@pytest.mark.parametrize("printer, cause, paper, state", [
    (ONLINE, None, ROLL_OK, "ok"),
    (ONLINE, None, NEAR_END, "near_end"),
    (ONLINE, None, ONLINE | 0b0100, "near_end"),     # one of the two near-end bits is enough
    (ONLINE, None, PAPER_OUT, "paper_out"),
    (OFFLINE, PAPER_STOP, PAPER_OUT, "paper_out"),
    (OFFLINE, CAUSE_NONE, PAPER_OUT, "paper_out"),
    (OFFLINE, COVER, ROLL_OK, "cover_open"),
    (OFFLINE, COVER | PAPER_STOP, PAPER_OUT, "cover_open"),  # close the cover first
    (OFFLINE, ERROR, ROLL_OK, "error"),
    (OFFLINE, FEED_BUTTON, ROLL_OK, "offline"),
    (OFFLINE, CAUSE_NONE, ROLL_OK, "offline"),
    (OFFLINE, None, None, "offline"),                 # offline is known even if the cause is not
    (ONLINE, None, None, "unknown"),                  # online, paper unknown: never 'ok'
    (ONLINE, None, 0x00, "unknown"),                  # a paper answer without the fixed bits
    (None, None, None, "unknown"),
    (0x00, None, ROLL_OK, "unknown"),
    (0xFF, None, ROLL_OK, "unknown"),
    (ONLINE | 0x80, None, ROLL_OK, "unknown"),        # bit 7 must be 0
    (ONLINE | 0x01, None, ROLL_OK, "unknown"),        # bit 0 must be 0
    (ONLINE & ~0x10, None, ROLL_OK, "unknown"),       # bit 4 must be 1
    (ONLINE & ~0x02, None, ROLL_OK, "unknown"),       # bit 1 must be 1
])
def test_interpret(printer, cause, paper, state):
    status = interpret(printer, cause, paper)
    assert status.state == state
    assert status.detail


def test_feed_button_and_unknown_cause_details():
    assert "feed button" in interpret(OFFLINE, FEED_BUTTON, ROLL_OK).detail
    assert "did not say why" in interpret(OFFLINE, None, ROLL_OK).detail
    assert "0x00" in interpret(0x00).detail


def test_fixed_bits():
    assert looks_like_status(0x12) and looks_like_status(0x7E)
    assert not any(looks_like_status(b) for b in (0x00, 0x10, 0x02, 0x13, 0x92, 0xFF))


@pytest.mark.parametrize("state, can", [("ok", True), ("near_end", True), ("unknown", True), ("paper_out", False),
                                        ("offline", False), ("cover_open", False), ("error", False)])
def test_can_print(state, can):
    assert PrinterStatus(state).can_print is can


def test_no_such_state():
    with pytest.raises(AssertionError):
        PrinterStatus("jammed")


class ScriptedPrinter:
    """A connection whose answers are given per query; None = silence. Stale bytes wait in
    the input before the first query."""

    def __init__(self, answers: dict, stale: bytes = b""):
        self.answers = answers
        self.inbox = bytearray(stale)
        self.sent = []
        self.waits = []

    def write(self, data):
        self.sent.append(bytes(data))
        assert data[:2] == b"\x10\x04"
        answer = self.answers.get(data[2])
        if answer is not None:
            self.inbox += answer

    def read(self, max_bytes, timeout_s):
        self.waits.append(timeout_s)
        data = bytes(self.inbox[:max_bytes])
        del self.inbox[:max_bytes]
        return data


def test_query_online_printer_asks_1_then_4():
    conn = ScriptedPrinter({1: bytes([ONLINE]), 4: bytes([NEAR_END])})
    assert query(conn, 0.5).state == "near_end"
    assert conn.sent == [b"\x10\x04\x01", b"\x10\x04\x04"]


def test_query_offline_printer_asks_for_the_cause():
    conn = ScriptedPrinter({1: bytes([OFFLINE]), 2: bytes([COVER]), 4: bytes([ROLL_OK])})
    assert query(conn, 0.5).state == "cover_open"
    assert conn.sent == [b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x04"]


def test_silence_is_unknown_and_asks_once():
    conn = ScriptedPrinter({})
    status = query(conn, 0.7)
    assert status.state == "unknown" and "within 0.7 s" in status.detail
    assert conn.sent == [b"\x10\x04\x01"]
    assert 0.7 in conn.waits


def test_an_echo_is_not_an_answer():
    conn = ScriptedPrinter({1: b"\x10\x04\x01"})  # a loopback cable
    assert query(conn, 0.5).state == "unknown"


def test_stale_bytes_are_drained_before_asking():
    conn = ScriptedPrinter({1: bytes([ONLINE]), 4: bytes([ROLL_OK])}, stale=bytes([OFFLINE]) * 300)
    assert query(conn, 0.5).state == "ok"
    assert conn.waits[0] == 0  # the drain does not wait


def test_online_but_silent_paper_sensor_is_unknown():
    conn = ScriptedPrinter({1: bytes([ONLINE])})
    status = query(conn, 0.5)
    assert status.state == "unknown" and "paper sensor did not answer" in status.detail
