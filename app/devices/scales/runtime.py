"""Starting and stopping this counter's scale: the port owner, and for a demo (no hardware)
a simulated indicator on a pseudo-terminal in front of it."""
from __future__ import annotations

import sys
from dataclasses import dataclass, replace

from app.devices.scales.port import ScaleListener, ScalePort
from app.devices.scales.settings import ScaleSettings
from app.errors import ValidationError


@dataclass
class RunningScale:
    port: ScalePort
    simulator: object | None = None  # PtyScale when demo_simulator is on

    def stop(self) -> None:
        self.port.stop()
        if self.simulator is not None:
            self.simulator.close()


def start_scale(settings: ScaleSettings, listener: ScaleListener | None = None) -> RunningScale:
    settings.validate()
    simulator = None
    if settings.demo_simulator:
        if sys.platform == "win32":
            raise ValidationError("demo scale: needs a pseudo-terminal (Linux, macOS)")
        from app.devices.scales.simulator import PtyScale, SimulatorSettings
        simulator = PtyScale(SimulatorSettings(protocol=settings.protocol, baudrate=settings.baudrate)).start()
        settings = replace(settings, url=simulator.path, address=None)  # the simulator is never asked
    port = ScalePort(settings, listener)
    port.start()
    return RunningScale(port, simulator)
