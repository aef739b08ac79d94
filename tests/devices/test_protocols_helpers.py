"""Helpers for the protocol tests (no tests of its own): run a decoder over bytes in any
chunking, and the checks every stream must pass."""
from __future__ import annotations

import random

from app.devices.scales.frame import Frame
from app.devices.scales.protocol import get


def chunks(data: bytes, sizes: list[int] | None) -> list[bytes]:
    """Cut data into pieces of the given sizes (cycled); None: one piece."""
    if not sizes:
        return [data]
    out, i, k = [], 0, 0
    while i < len(data):
        n = max(1, sizes[k % len(sizes)])
        out.append(data[i:i + n])
        i, k = i + n, k + 1
    return out


def decode(name: str, data: bytes, sizes: list[int] | None = None, flush: bool = True) -> list[Frame]:
    decoder = get(name).make_decoder()
    frames: list[Frame] = []
    for t, piece in enumerate(chunks(data, sizes)):
        frames += decoder.feed(piece, float(t))
    if flush:
        frames += decoder.flush(1e6)
    assert b"".join(f.raw for f in frames) == data, "every byte is in exactly one frame"
    return frames


def every_chunking(name: str, data: bytes, seed: int = 7) -> list[Frame]:
    """Whole, byte by byte and in random pieces: the frames must not depend on the reads."""
    rng = random.Random(seed)
    whole = decode(name, data)
    for sizes in ([1], [2, 5, 3], [rng.randint(1, 20) for _ in range(30)]):
        assert _shape(decode(name, data, sizes)) == _shape(whole), sizes
    return whole


def _shape(frames: list[Frame]) -> list[tuple]:
    return [(f.raw, f.weight, f.unit, f.stable, f.net, f.overload, f.underload, f.error) for f in frames]


def accepted(frames: list[Frame]) -> list[Frame]:
    return [f for f in frames if f.ok]


def errors(frames: list[Frame]) -> list[str]:
    return [f.error for f in frames if not f.ok]
