"""The Scale screen (needs device.manage): this counter's scale settings on the left, a test
port with the big display, Test capture and the raw monitor on the right.

Saved through app.settings_service.update_scale_settings (audited); checked with
ScaleSettings.validate first, so a mistake is named at once. While the test port is open
the settings it was opened with cannot be edited: what the monitor shows always belongs to
the settings on the screen."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from app import config
from app.devices.scales.settings import ScaleSettings
from app.windows import ops
from app.windows.context import GuiContext
from app.windows.local_settings import saved_settings
from app.windows.messages import error_text
from app.windows.save_bar import SaveBar
from app.windows.scale_form import ScaleForm
from app.windows.scale_test_panel import ScaleTestPanel


def saved_scale_settings() -> ScaleSettings:
    return ScaleSettings.from_dict(saved_settings().devices.get("scale"))


class ScaleSettingsScreen(QWidget):
    def __init__(self, ctx: GuiContext):
        super().__init__()
        self.setObjectName("scale_settings")
        self._ctx = ctx

        self.form = ScaleForm(saved_scale_settings())
        self.test = ScaleTestPanel(self.form.settings)
        self.test.connected_changed.connect(lambda connected: self.form.setEnabled(not connected))
        self.test.baud_detected.connect(self.form.set_baudrate)
        if ctx.scale is not None:  # the counter's own port must let go of the device first
            self.test.connected_changed.connect(
                lambda connected: ctx.scale.pause() if connected else ctx.scale.resume())
        self.save_bar = SaveBar(self)
        self.save_bar.save_requested.connect(self.save)
        self.save_button, self.message = self.save_bar.button, self.save_bar.message

        left = QVBoxLayout()
        left.addWidget(self.form, 1)
        left.addWidget(self.save_bar)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(self.test, 3)

    def save(self) -> None:
        try:
            scale = self.form.settings()
            scale.validate()
        except Exception as exc:
            self.save_bar.show_message(lambda exc=exc: error_text(exc))
            return
        from app.settings_service import update_scale_settings
        db, actor = self._ctx.db, self._ctx.actor
        self.save_bar.set_busy(True)
        ops.run(lambda: update_scale_settings(db, actor, scale),
                on_success=self._saved, on_failure=self._failed,
                parent=self)

    def _saved(self, saved) -> None:
        self.save_bar.set_busy(False)
        self.save_bar.show_message(lambda: self.tr("Saved."))
        if isinstance(saved, config.Settings):  # the service returns the settings file as saved
            self._ctx.changes.settings_changed.emit(saved)
        if self._ctx.scale is not None:
            self._ctx.scale.start()  # the counter's port follows the new settings

    def _failed(self, exc: Exception) -> None:
        self.save_bar.set_busy(False)
        self.save_bar.show_message(lambda: error_text(exc))
