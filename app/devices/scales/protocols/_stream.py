"""The streaming scanner every decoder here is built on: bytes in any chunking -> frames.

A protocol module gives `match` (where frames are) and `decode` (what one frame says). The
scanner keeps a run of garbage together so it is reported once, bounds its buffer at
BUFFER_MAX_BYTES, reports what is left at the end of input, and never raises: a decoder that
raises would stop the port thread, and an indicator must never be able to do that."""
from __future__ import annotations

import re

from app.devices.scales.frame import Frame, rejected
from app.devices.scales.protocol import BUFFER_MAX_BYTES

GARBAGE = "garbage: no frame here"
INCOMPLETE = "incomplete frame at end of input"


class StreamDecoder:
    """match(buf, i, final) looks at buf[i:] and answers: n > 0, a frame candidate of n bytes
    starts at i; 0, buf[i:] may be the start of a frame (wait for more bytes); -k, no frame
    starts in the next k bytes. decode(raw, at_s) turns a candidate into a Frame (rejected
    ones included)."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._scanned = 0                 # buf[:_scanned] is garbage not yet reported
        self._prev: int | None = None     # the last byte consumed before buf[0]

    def match(self, buf: bytearray, i: int, final: bool) -> int:
        raise NotImplementedError

    def decode(self, raw: bytes, at_s: float) -> Frame:
        raise NotImplementedError

    def byte_before(self, buf: bytearray, i: int) -> int | None:
        return buf[i - 1] if i > 0 else self._prev

    def feed(self, data: bytes, at_s: float) -> list[Frame]:
        return self._guarded(bytes(data), at_s, final=False)

    def flush(self, at_s: float) -> list[Frame]:
        """End of input: what is still buffered is reported, as garbage or as an incomplete frame."""
        return self._guarded(b"", at_s, final=True)

    def _guarded(self, data: bytes, at_s: float, final: bool) -> list[Frame]:
        out: list[Frame] = []
        try:
            self._run(data, at_s, final, out)
        except Exception as exc:  # noqa: BLE001 - a bug here must cost a frame, not the port thread
            out.append(rejected(bytes(self._buf), at_s, f"decoder error: {exc!r}"))
            self._buf.clear()
            self._scanned = 0
        return out

    def _run(self, data: bytes, at_s: float, final: bool, out: list[Frame]) -> None:
        buf = self._buf
        buf += data
        i = self._scanned
        while i < len(buf):
            n = self.match(buf, i, final)
            if n < 0:
                i = min(len(buf), i - n)
                continue
            if n == 0:
                break
            self._garbage(i, at_s, out)
            raw = bytes(buf[:n])
            self._consume(n)
            out.append(self._decode(raw, at_s))
            i = 0
        if final:
            self._garbage(i, at_s, out)
            if buf:
                out.append(rejected(bytes(buf), at_s, INCOMPLETE))
                self._consume(len(buf))
            i = 0
        elif len(buf) > BUFFER_MAX_BYTES:
            self._garbage(i, at_s, out)   # a long garbage run: report it rather than hold it
            i = 0
            if len(buf) > BUFFER_MAX_BYTES:  # no frame of any protocol here is that long
                out.append(rejected(bytes(buf), at_s, f"no frame end within {BUFFER_MAX_BYTES} bytes"))
                self._consume(len(buf))
        self._scanned = i

    def _garbage(self, n: int, at_s: float, out: list[Frame]) -> None:
        if n > 0:
            out.append(rejected(bytes(self._buf[:n]), at_s, GARBAGE))
            self._consume(n)

    def _consume(self, n: int) -> None:
        self._prev = self._buf[n - 1]
        del self._buf[:n]

    def _decode(self, raw: bytes, at_s: float) -> Frame:
        try:
            return self.decode(raw, at_s)
        except Exception as exc:  # noqa: BLE001 - see _guarded
            return rejected(raw, at_s, f"undecodable: {exc!r}")


def layout_match(buf: bytearray, i: int, layout: tuple[frozenset[int], ...], mask: int = 0xFF) -> int:
    """A fixed-length frame whose every position has its own set of allowed bytes."""
    avail = min(len(layout), len(buf) - i)
    for k in range(avail):
        if buf[i + k] & mask not in layout[k]:
            return -1
    return len(layout) if avail == len(layout) else 0


class LineDecoder(StreamDecoder):
    """Frames that are text lines ending in LF. Within a line the frame is the shortest suffix
    that LINE matches (blanks before it included): garbage stuck to the front of a line is
    reported on its own and the frame after it still decodes. LINE must be written so that no
    valid frame ends with another valid frame (every pattern starts with a status field)."""

    LINE: re.Pattern[bytes]
    MAX_LINE = 80

    def match(self, buf: bytearray, i: int, final: bool) -> int:
        j = buf.find(b"\n", i, i + self.MAX_LINE)
        if j < 0:
            return 0 if len(buf) - i < self.MAX_LINE else -1
        end = j + 1
        start = next((k for k in range(j, i - 1, -1) if self.LINE.fullmatch(buf, k, end)), None)
        if start is None:
            return -(end - i)
        while start > i and buf[start - 1] in b" \t":
            start -= 1
        return end - i if start == i else -(start - i)

    def parse(self, raw: bytes) -> re.Match[bytes] | None:
        return self.LINE.fullmatch(raw.lstrip(b" \t"))
