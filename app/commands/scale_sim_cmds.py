"""`scale simulate`: a simulated indicator on a new pseudo-terminal or on a given port."""
from __future__ import annotations

import signal
import sys
import threading
from decimal import Decimal, InvalidOperation

from app.devices.scales.simulator import PtyScale, Simulator, SimulatorSettings
from app.errors import ValidationError


def _settings(protocol: str, weights: list[str] | None, decimals: int, baud: int,
              corrupt_every: int, dropout_every_s: float) -> SimulatorSettings:
    try:
        parsed = tuple(Decimal(w) for w in (weights or []))
    except InvalidOperation:
        raise ValidationError("weights: numbers as the indicator would display them, e.g. 12340") from None
    if not 0 <= decimals <= 4:
        raise ValidationError("decimals: 0 to 4")
    if corrupt_every < 0 or dropout_every_s < 0:
        raise ValidationError("corrupt-every and dropout-every: 0 or more")
    return SimulatorSettings(protocol=protocol, baudrate=baud, decimals=decimals, weights=parsed,
                             corrupt_every=corrupt_every, dropout_every_s=dropout_every_s)


def scale_simulate(protocol: str, use_pty: bool, port_url: str | None, weights: list[str] | None,
                   decimals: int, baud: int, corrupt_every: int, dropout_every_s: float,
                   stop: threading.Event | None = None) -> int:
    settings = _settings(protocol, weights, decimals, baud, corrupt_every, dropout_every_s)
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if use_pty:
        scale = PtyScale(settings).start()
        print(scale.path, flush=True)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            scale.close()
        return 0
    import serial
    try:
        port = serial.serial_for_url(port_url, baudrate=baud)
    except (serial.SerialException, ValueError) as exc:
        raise ValidationError(f"port: cannot open {port_url}: {exc}") from None
    print(f"simulating {protocol} on {port_url}", file=sys.stderr, flush=True)
    try:
        Simulator(settings).run(port.write, stop)
    except KeyboardInterrupt:
        pass
    finally:
        port.close()
    return 0
