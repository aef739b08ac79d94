"""`scale protocols` and `scale decode` (DESIGN.md section 7).

`scale decode` is how a technician checks what an indicator really sends (capture it with any
terminal program, or pipe the port in) and how a bug report carries raw bytes. Every frame is
printed, rejected ones too, with its bytes: nothing on the wire goes unexplained."""
from __future__ import annotations

import json
import time
from typing import BinaryIO, TextIO

from app.devices.scales.frame import Frame
from app.devices.scales.protocol import get, load_all

CHUNK_BYTES = 4096


def scale_protocols() -> int:
    for name, protocol in sorted(load_all().items()):
        serial = f"{protocol.default_baud} {protocol.bytesize}{protocol.parity}{protocol.stopbits}"
        print(f"{name:<11} {serial:<9} {protocol.title}")
    return 0


def scale_decode(protocol_name: str, stdin_binary: BinaryIO, stdout: TextIO) -> int:
    decoder = get(protocol_name).make_decoder()
    # read1: whatever has arrived, so a live port piped in is decoded as it speaks
    read = getattr(stdin_binary, "read1", stdin_binary.read)
    while chunk := read(CHUNK_BYTES):
        _print(decoder.feed(chunk, time.monotonic()), stdout)
    _print(decoder.flush(time.monotonic()), stdout)
    return 0


def _print(frames: list[Frame], stdout: TextIO) -> None:
    for frame in frames:
        stdout.write(json.dumps(frame.to_json(), ensure_ascii=False) + "\n")
    stdout.flush()
