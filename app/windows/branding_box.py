"""The market's name, footer and logo on every receipt. They are kept in the database (the
same at every counter), so they are saved on their own, through
app.printing.branding.update_branding (settings.manage, audited), not with this counter's
printers. Without settings.manage the group is shown but cannot be changed."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from app.printing.branding import FOOTER_MAX_CHARS, LOGO_MAX_BYTES, MARKET_NAME_MAX_CHARS
from app.printing.render import Branding
from app.windows import ops
from app.windows.actions import make_action, set_action_text
from app.windows.messages import error_text
from app.windows.names import permission_title
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.windows.context import GuiContext

LOGO_VIEW_SIZE = (192, 64)   # a third of an 80 mm line: enough to recognise the logo


def read_logo(path: str) -> bytes:
    """The PNG at `path`, checked as the service will check it (so a wrong file is named when
    it is chosen, not when saving). Runs off the GUI thread: the file may be on a network drive."""
    from app.errors import ValidationError
    from app.printing.branding import check_logo
    file = Path(path)
    try:
        if file.stat().st_size > LOGO_MAX_BYTES:
            raise ValidationError(f"logo: at most {LOGO_MAX_BYTES // 1024} KB")
        data = file.read_bytes()
    except OSError as exc:
        raise ValidationError(f"logo: cannot read {path}: {exc.strerror or exc}") from None
    check_logo(data)
    return data


class BrandingBox(Retranslating, QGroupBox):
    changed = Signal()   # the fields changed: the preview follows

    def __init__(self, ctx: "GuiContext", shortcut_owner: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("branding")
        self._ctx = ctx
        self.allowed = ctx.actor.can("settings.manage")
        self.dialog: QFileDialog | None = None
        self._logo: bytes | None = None
        self._logo_changed = False
        self._loaded = False
        self._busy = False
        self._message_text = str

        self.market_name = QLineEdit()
        self.market_name.setMaxLength(MARKET_NAME_MAX_CHARS)
        self.footer = QLineEdit()
        self.footer.setMaxLength(FOOTER_MAX_CHARS)
        self.logo_view = QLabel()
        self.logo_view.setObjectName("logo")
        self.logo_view.setFixedSize(*LOGO_VIEW_SIZE)
        self.logo_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_view.setStyleSheet("border: 1px solid palette(mid);")
        self.choose_button, self.remove_button = QPushButton(), QPushButton()
        self.choose_button.clicked.connect(self.choose_logo)
        self.remove_button.clicked.connect(self.remove_logo)
        self.save_action = make_action(shortcut_owner, "Ctrl+Shift+S", self.save)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("branding_message")
        self.message.setWordWrap(True)
        for field in (self.market_name, self.footer):
            field.textEdited.connect(lambda _text: self.changed.emit())

        logo_buttons = QVBoxLayout()
        logo_buttons.addWidget(self.choose_button)
        logo_buttons.addWidget(self.remove_button)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_view)
        logo_row.addLayout(logo_buttons)
        logo_row.addStretch(1)
        self.name_label, self.footer_label, self.logo_label = QLabel(), QLabel(), QLabel()
        self.name_label.setBuddy(self.market_name)
        self.footer_label.setBuddy(self.footer)
        form = QFormLayout()
        form.addRow(self.name_label, self.market_name)
        form.addRow(self.footer_label, self.footer)
        form.addRow(self.logo_label, logo_row)
        save_row = QHBoxLayout()
        save_row.addWidget(self.message, 1)
        save_row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addLayout(save_row)
        self.retranslate()
        self._sync()
        self.reload()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Receipt branding (the same at every counter)"))
        self.name_label.setText(self.tr("Market name"))
        self.footer_label.setText(self.tr("Footer"))
        self.logo_label.setText(self.tr("Logo"))
        self.footer.setPlaceholderText(self.tr("e.g. a service telephone number"))
        self.choose_button.setText(self.tr("Choose PNG…"))
        self.remove_button.setText(self.tr("Remove logo"))
        set_action_text(self.save_action, self.tr("Save branding"))
        self.save_button.setText(self.save_action.text())
        self.note.setText("" if self.allowed else self.tr("Changing these needs the permission “%1”.")
                          .replace("%1", permission_title("settings.manage")))
        self.note.setVisible(not self.allowed)
        self._show_logo()
        self.message.setText(self._message_text())

    # ---- the branding ---------------------------------------------------------------------

    def branding(self) -> Branding:
        """What the fields say (the preview prints with it before it is saved)."""
        return Branding(market_name=self.market_name.text().strip() or Branding.market_name,
                        footer=self.footer.text().strip(), logo_png=self._logo)

    def reload(self) -> None:
        from app.printing.branding import load_branding
        db = self._ctx.db
        ops.run(lambda: load_branding(db), on_success=self._show, on_failure=self._failed, parent=self)

    def _show(self, branding: Branding) -> None:
        self._loaded = True
        self.market_name.setText(branding.market_name)
        self.footer.setText(branding.footer)
        self._logo, self._logo_changed = branding.logo_png, False
        self._show_logo()
        self._sync()
        self.changed.emit()

    def _show_logo(self) -> None:
        pixmap = QPixmap()
        if self._logo and pixmap.loadFromData(self._logo):
            self.logo_view.setPixmap(pixmap.scaled(*LOGO_VIEW_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                                   Qt.TransformationMode.SmoothTransformation))
        else:
            self.logo_view.setPixmap(QPixmap())
            self.logo_view.setText(self.tr("No logo"))

    # ---- commands -------------------------------------------------------------------------

    def choose_logo(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose the receipt logo"), "", self.tr("PNG images (*.png)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.load_logo_file)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.open()  # not exec(): the event loop goes on

    def _forget(self, dialog: QFileDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def load_logo_file(self, path: str) -> None:
        self._set_busy(True)
        ops.run(lambda: read_logo(path), on_success=self._logo_read, on_failure=self._failed, parent=self)

    def _logo_read(self, data: bytes) -> None:
        self._set_busy(False)
        self._logo, self._logo_changed = data, True
        self._show_logo()
        self._show_message(lambda: self.tr("Logo chosen; Save branding to keep it."))
        self.changed.emit()

    def remove_logo(self) -> None:
        self._logo, self._logo_changed = None, True
        self._show_logo()
        self._sync()
        self.changed.emit()

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return  # no permission, not loaded yet, or Ctrl+Shift+S again while saving
        from app.printing.branding import update_branding
        db, actor = self._ctx.db, self._ctx.actor
        name, footer = self.market_name.text(), self.footer.text()
        logo = self._logo if self._logo_changed else None
        remove = self._logo_changed and self._logo is None
        self._set_busy(True)
        ops.run(lambda: update_branding(db, actor, market_name=name, footer=footer, logo_png=logo,
                                        remove_logo=remove),
                on_success=self._saved, on_failure=self._failed, parent=self)

    def _saved(self, branding: Branding) -> None:
        self._set_busy(False)
        self._show(branding)
        self._show_message(lambda: self.tr("Saved."))

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._show_message(lambda: error_text(exc))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._sync()

    def _sync(self) -> None:
        editable = self.allowed and self._loaded and not self._busy
        for widget in (self.market_name, self.footer, self.choose_button, self.save_button):
            widget.setEnabled(editable)
        self.save_action.setEnabled(editable)
        self.remove_button.setEnabled(editable and self._logo is not None)

    def _show_message(self, text) -> None:
        self._message_text = text
        self.message.setText(text())
