"""This counter's scale while someone is logged in: started from the saved settings when the
scale is enabled, restarted when they change, paused while the Scale screen tests the same
port (one device cannot be opened twice). Views listen to `adapter`'s signals."""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from app.windows.scale_adapter import ScaleAdapter

log = logging.getLogger(__name__)


class CounterScale(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.adapter = ScaleAdapter(self)
        self._running = None  # app.devices.scales.runtime.RunningScale
        self._paused = False
        self.error: str | None = None  # why the saved settings could not start a port

    @property
    def port(self):
        return None if self._running is None else self._running.port

    def start(self) -> None:
        """(Re)start from the saved settings; a disabled scale just stays off."""
        from app.devices.scales.runtime import start_scale
        from app.errors import UserError
        from app.settings_service import scale_settings
        self.stop()
        self.error = None
        if self._paused:
            return
        try:
            settings = scale_settings()
            if not settings.enabled:
                return
            self._running = start_scale(settings, self.adapter)
        except UserError as exc:
            self.error = str(exc)
            log.warning("scale not started: %s", exc)

    def stop(self) -> None:
        """Stops the port thread (joined, so nothing of it arrives later) and the demo
        simulator; the adapter, and the views connected to it, stay."""
        if self._running is not None:
            self._running.stop()
            self._running = None

    def pause(self) -> None:
        self._paused = True
        self.stop()

    def resume(self) -> None:
        self._paused = False
        self.start()
