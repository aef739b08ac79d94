"""Real-time printer status (ESC/POS DLE EOT n), asked before a job and read from the answer.

DLE EOT n makes the printer answer one byte at once, even offline or with the cover open:
  n=1 printer status:   bit 3 offline
  n=2 offline cause:    bit 2 cover open, bit 3 paper being fed with the button,
                        bit 5 printing stopped at paper end, bit 6 error
  n=4 roll paper:       bits 2-3 near end, bits 5-6 paper out
Every answer byte has fixed bits (bit 1 and bit 4 set, bit 0 and bit 7 clear): a byte without
them is not an answer (an echo, line noise, a printer speaking another protocol) and the
state is 'unknown'. So is silence: no answer within the timeout is never 'ok'.

A printer processes DLE EOT wherever it sees those bytes, even inside image data (the Epson
manual warns of it), so stray answers may wait in the input: they are drained before asking."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

DLE_EOT = b"\x10\x04"
PRINTER, OFFLINE_CAUSE, PAPER = 1, 2, 4
FIXED_MASK = 0b1001_0011    # bits 7, 4, 1, 0 ...
FIXED_VALUE = 0b0001_0010   # ... must read 0, 1, 1, 0
OFFLINE = 0x08                                        # n=1
COVER_OPEN, FEED_BUTTON, PAPER_END_STOP, ERROR = 0x04, 0x08, 0x20, 0x40   # n=2
NEAR_END, PAPER_OUT = 0x0C, 0x60                      # n=4
ANSWER_MAX_BYTES = 16       # one byte expected; more is read so the last one can be taken
DRAIN_MAX_READS = 8         # stray answers are a few bytes; never loop on a chattering line
DRAIN_CHUNK_BYTES = 256

STATES = ("ok", "near_end", "paper_out", "offline", "cover_open", "error", "unknown")
CAN_PRINT = ("ok", "near_end", "unknown")  # unknown: many printers never answer; try and see


class Connection(Protocol):
    def write(self, data: bytes) -> None: ...
    def read(self, max_bytes: int, timeout_s: float) -> bytes: ...


@dataclass(frozen=True)
class PrinterStatus:
    state: str
    detail: str = ""

    def __post_init__(self):
        assert self.state in STATES, f"printer state {self.state!r}"

    @property
    def can_print(self) -> bool:
        return self.state in CAN_PRINT


def looks_like_status(byte: int) -> bool:
    return byte & FIXED_MASK == FIXED_VALUE


def interpret(printer: int | None, offline_cause: int | None = None, paper: int | None = None) -> PrinterStatus:
    """The state from the answers to n=1, 2 and 4 (None: that question got no answer)."""
    if printer is None:
        return PrinterStatus("unknown", "the printer did not answer the status query")
    if not looks_like_status(printer):
        return PrinterStatus("unknown", f"the printer's answer 0x{printer:02X} is not a status byte")
    cause = offline_cause if offline_cause is not None and looks_like_status(offline_cause) else None
    roll = paper if paper is not None and looks_like_status(paper) else None
    if printer & OFFLINE:
        if cause is not None and cause & COVER_OPEN:
            return PrinterStatus("cover_open", "the cover is open")
        if (cause is not None and cause & PAPER_END_STOP) or (roll is not None and roll & PAPER_OUT):
            return PrinterStatus("paper_out", "out of paper: load a new roll")
        if cause is not None and cause & ERROR:
            return PrinterStatus("error", "printer error (cutter jam or overheated head): "
                                          "switch it off and on")
        if cause is not None and cause & FEED_BUTTON:
            return PrinterStatus("offline", "the feed button is being pressed")
        return PrinterStatus("offline", "the printer is offline" + ("" if cause is not None else
                                                                      " (it did not say why)"))
    if roll is None:
        why = "did not answer" if paper is None else f"answered 0x{paper:02X}"
        return PrinterStatus("unknown", f"the printer is online but its paper sensor {why}")
    if roll & PAPER_OUT:
        return PrinterStatus("paper_out", "out of paper: load a new roll")
    if roll & NEAR_END:
        return PrinterStatus("near_end", "paper roll near its end: have a new roll ready")
    return PrinterStatus("ok", "ready")


def query(conn: Connection, timeout_s: float) -> PrinterStatus:
    """Ask n=1, then n=2 if offline, then n=4; each answer waited for at most timeout_s, and
    the first silence ends the questions (a silent printer costs one timeout, not three)."""
    assert 0 < timeout_s <= 60, f"status timeout {timeout_s!r} s"
    _drain(conn)
    printer = _ask(conn, PRINTER, timeout_s)
    if printer is None:
        return PrinterStatus("unknown", f"no answer to the status query within {timeout_s:g} s")
    if not looks_like_status(printer):
        return interpret(printer)
    cause = _ask(conn, OFFLINE_CAUSE, timeout_s) if printer & OFFLINE else None
    paper = _ask(conn, PAPER, timeout_s)
    return interpret(printer, cause, paper)


def _ask(conn: Connection, n: int, timeout_s: float) -> int | None:
    conn.write(DLE_EOT + bytes([n]))
    answer = conn.read(ANSWER_MAX_BYTES, timeout_s)
    return answer[-1] if answer else None


def _drain(conn: Connection) -> None:
    for _ in range(DRAIN_MAX_READS):
        if not conn.read(DRAIN_CHUNK_BYTES, 0):
            return
