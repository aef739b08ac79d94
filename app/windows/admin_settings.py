"""This counter's settings (needs settings.manage): counter name, database address, language.

Saved through app.settings_service (audited). The language switches at once; a new database
address is used from the next start, because every open window holds the current books."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.config import Settings
from app.windows import ops
from app.windows.application import install_language
from app.windows.context import GuiContext
from app.windows.local_settings import saved_settings
from app.windows.login import LANGUAGE_NAMES
from app.windows.messages import error_text
from app.windows.retranslate import Retranslating
from app.windows.save_bar import SaveBar


class SettingsScreen(Retranslating, QWidget):
    def __init__(self, ctx: GuiContext):
        super().__init__()
        self.setObjectName("admin_settings")
        self._ctx = ctx
        settings = saved_settings()

        self.counter_name = QLineEdit(settings.counter_name)
        self.database_url = QLineEdit(settings.database_url)
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(settings.language))
        self.counter_label, self.database_label, self.language_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.counter_label, self.counter_name)
        form.addRow(self.database_label, self.database_url)
        form.addRow(self.language_label, self.language)
        self.database_hint = QLabel()
        self.database_hint.setWordWrap(True)
        form.addRow("", self.database_hint)

        self.save_bar = SaveBar(self)
        self.save_bar.save_requested.connect(self.save)
        self.save_button, self.message = self.save_bar.button, self.save_bar.message

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_bar)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.counter_label.setText(self.tr("Counter name"))
        self.database_label.setText(self.tr("Database address"))
        self.language_label.setText(self.tr("Language"))
        self.database_url.setPlaceholderText(self.tr("empty: the database file on this computer"))
        self.database_hint.setText(self.tr(
            "sqlite:///FILE or postgresql://USER:PASSWORD@HOST:PORT/DATABASE. A new address is "
            "used from the next start."))

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return  # Ctrl+S again while the first save is running
        from app.settings_service import update_settings
        db, actor = self._ctx.db, self._ctx.actor
        counter, url, language = (self.counter_name.text(), self.database_url.text(),
                                  self.language.currentData())
        before = saved_settings()
        self.save_bar.set_busy(True)
        ops.run(lambda: update_settings(db, actor, counter_name=counter, database_url=url,
                                        language=language),
                on_success=lambda new: self._saved(before, new), on_failure=self._failed, parent=self)

    def _saved(self, before: Settings, new: Settings) -> None:
        self.save_bar.set_busy(False)
        url_changed = new.database_url != before.database_url
        # Only a changed choice switches: a run started with --lang keeps its language when
        # someone merely renames the counter.
        if new.language != before.language:
            install_language(new.language)  # every open window retranslates itself
        if url_changed:
            self.save_bar.show_message(
                lambda: self.tr("Saved. The new database address is used from the next start."))
        else:
            self.save_bar.show_message(lambda: self.tr("Saved."))
        self._ctx.changes.settings_changed.emit(new)

    def _failed(self, exc: Exception) -> None:
        self.save_bar.set_busy(False)
        self.save_bar.show_message(lambda: error_text(exc))
