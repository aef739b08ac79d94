"""Scale numbers (`python -m bench.scales`), written to bench/RESULTS.md:
- decoder throughput per protocol against the 9600-baud line rate (80 twelve-byte frames/s);
- CPU of a port owner reading a continuous 9600-baud stream (goal < 2 % of one core);
- latency from the frame that completes a stable window to the capture result (goal < 20 ms)."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
import tty
from decimal import Decimal

from app.devices.scales import protocol as protocols
from app.devices.scales.port import PortState, ScalePort
from app.devices.scales.protocol import Reading
from app.devices.scales.settings import ScaleSettings, StabilitySettings
from bench.results import replace_section

LINE_RATE_FRAMES_S = 9600 / 10 / 12  # 80 frames of 12 bytes a second
DECODE_FRAMES = 20_000
CPU_SECONDS = 10.0
LATENCY_SAMPLES = 20


def decoder_throughput(name: str) -> float:
    proto = protocols.get(name)
    frames = [proto.encode(Reading(weight=Decimal(10_000 + i % 500), stable=True)) for i in range(200)]
    stream = b"".join(frames) * (DECODE_FRAMES // len(frames))
    decoder = proto.make_decoder()
    start = time.perf_counter()
    decoded = 0
    for i in range(0, len(stream), 64):  # the size of a typical read
        decoded += len(decoder.feed(stream[i:i + 64], 0.0))
    elapsed = time.perf_counter() - start
    assert decoded >= DECODE_FRAMES * 0.99, f"{name}: decoded {decoded} of {DECODE_FRAMES}"
    return decoded / elapsed


WRITER = """
import os, sys, time
fd, frame = int(sys.argv[1]), bytes.fromhex(sys.argv[2])
period = len(frame) * 10 / 9600
next_t = time.monotonic()
while True:
    os.write(fd, frame)
    next_t += period
    time.sleep(max(0.0, next_t - time.monotonic()))
"""


def port_owner_cpu() -> float:
    """Percent of one core the port owner uses for a 9600-baud stream written by another
    process at line rate."""
    master, slave = os.openpty()
    tty.setraw(slave)
    frame = protocols.get("yaohua").encode(Reading(weight=Decimal(20000), stable=True))
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(master), frame.hex()], pass_fds=(master,))
    port = ScalePort(ScaleSettings(enabled=True, protocol="yaohua", url=os.ttyname(slave)))
    port.start()
    try:
        while port.status().state != PortState.CONNECTED:
            time.sleep(0.05)
        time.sleep(1.0)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        time.sleep(CPU_SECONDS)
        cpu1, wall1 = time.process_time(), time.perf_counter()
    finally:
        port.stop()
        writer.kill()
        os.close(master)
        os.close(slave)
    return 100 * (cpu1 - cpu0) / (wall1 - wall0)


def capture_latency_ms() -> list[float]:
    """Each sample: a fresh stable stream begins; a waiting capture() returns; latency is
    its return time minus the moment the newest frame of the window it proved was written."""
    samples = []
    settings = StabilitySettings(window_s=0.5, window_frames_min=5)
    proto = protocols.get("yaohua")
    for i in range(LATENCY_SAMPLES):
        master, slave = os.openpty()
        tty.setraw(slave)
        port = ScalePort(ScaleSettings(enabled=True, protocol="yaohua", url=os.ttyname(slave),
                                       stability=settings))
        port.start()
        stop = threading.Event()
        written: list[float] = []

        def write():
            frame = proto.encode(Reading(weight=Decimal(30000 + i * 20), stable=True))
            while not stop.wait(len(frame) * 10 / 9600):
                written.append(time.monotonic())
                os.write(master, frame)
        writer = threading.Thread(target=write, daemon=True)
        try:
            while port.status().state != PortState.CONNECTED:
                time.sleep(0.01)
            writer.start()
            capture = port.capture(timeout_s=10)
            done_s = time.monotonic()
            # From the moment the window's newest frame was put on the line, so the port
            # owner's read batching counts too.
            sent_s = max(t for t in written if t <= capture.at_s)
            samples.append((done_s - sent_s) * 1000)
        finally:
            stop.set()
            port.stop()
            os.close(master)
            os.close(slave)
    return samples


def main() -> int:
    names = sorted(protocols.load_all())
    rates = {name: decoder_throughput(name) for name in names}
    cpu = port_owner_cpu()
    latency = capture_latency_ms()
    lines = ["## Scales (`python -m bench.scales`)\n",
             f"{time.strftime('%Y-%m-%d')}, 2 cores.\n",
             "| protocol | decoded frames/s | × the 9600-baud line rate (80/s) |", "|---|---|---|",
             *[f"| {n} | {r:,.0f} | {r / LINE_RATE_FRAMES_S:,.0f}× |" for n, r in rates.items()],
             "",
             f"Port owner reading a continuous 9600-baud yaohua stream: **{cpu:.2f} % of one core** "
             f"(goal < 2 %), measured over {CPU_SECONDS:.0f} s with the writer in another process.\n",
             f"Capture latency from writing the frame that completes a stable window to capture() "
             f"returning, {LATENCY_SAMPLES} samples: "
             f"median **{statistics.median(latency):.2f} ms**, max {max(latency):.2f} ms (goal < 20 ms).\n"]
    body = "\n".join(lines)
    replace_section("## Scales", body)
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
