"""Live language switching for long-lived widgets.

Installing a translator makes Qt send LanguageChange to every widget; widgets that outlive a
language switch (login window, main window, screens) set all their texts in `retranslate()`
and call it from the constructor. Short-lived dialogs simply set their texts once."""
from __future__ import annotations

from PySide6.QtCore import QEvent


class Retranslating:
    """Mixin placed before the Qt base class: `class LoginWindow(Retranslating, QWidget)`."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
