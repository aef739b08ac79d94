"""How errors are shown. Services raise app.errors exceptions whose message is English; the
interface puts a translated headline above that message (fully translated where the
exception carries structured data, e.g. PermissionDenied)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app import errors


translate = QCoreApplication.translate


def error_headline(exc: BaseException) -> str:
    # Most specific first: AccountLocked is an AuthenticationFailed, SchemaMismatch a DatabaseError.
    if isinstance(exc, errors.AccountLocked):
        return translate("Messages", "This user is locked.")
    if isinstance(exc, errors.AuthenticationFailed):
        return translate("Messages", "The password was not accepted.")
    if isinstance(exc, errors.PermissionDenied):
        from app.windows.names import permission_title
        return translate("Messages", "Not allowed: this needs the permission “%1”.").replace(
            "%1", permission_title(exc.permission))
    if isinstance(exc, errors.ValidationError):
        return translate("Messages", "Please check the input.")
    if isinstance(exc, errors.NotFound):
        return translate("Messages", "Not found.")
    if isinstance(exc, errors.Conflict):
        return translate("Messages", "This cannot be done now.")
    if isinstance(exc, errors.SchemaMismatch):
        return translate("Messages", "The database version does not match this program.")
    if isinstance(exc, errors.DatabaseUnavailable):
        return translate("Messages", "The database cannot be reached.")
    if isinstance(exc, errors.DatabaseError):
        return translate("Messages", "The database reported a problem.")
    return translate("Messages", "Unexpected error. Please tell the administrator.")


def error_detail(exc: BaseException) -> str:
    """The service's own words, or the exception type for a bug (never an empty line)."""
    if isinstance(exc, errors.PermissionDenied):
        return ""  # the headline says it all, translated
    if isinstance(exc, errors.UserError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def error_text(exc: BaseException) -> str:
    detail = error_detail(exc)
    return error_headline(exc) + ("\n" + detail if detail else "")


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Window-modal but non-blocking (open(), not exec()): the event loop keeps running."""
    box = QMessageBox(QMessageBox.Icon.Warning, translate("Messages", "MarketDesk"),
                      error_headline(exc), QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(error_detail(exc))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.addButton(translate("Messages", "OK"), QMessageBox.ButtonRole.AcceptRole)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
