"""A supervisor's authorisation asked from the desk: the override dialog
(app.windows.override) opened as `owner.dialog`, where the desk's tests find it, and forgotten
when it closes."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.windows.dialogs import open_tracked
from app.windows.override import OverrideDialog

if TYPE_CHECKING:
    from app.auth.actor import Override
    from app.windows.context import GuiContext


def ask_supervisor_for(owner, ctx: "GuiContext", permission: str,
                       on_granted: Callable[["Override"], None]) -> OverrideDialog:
    dialog = OverrideDialog(ctx.db, permission, ctx.actor.counter or "", owner)
    dialog.succeeded.connect(on_granted)
    open_tracked(owner, dialog)
    return dialog
