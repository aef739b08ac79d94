"""What a master-data form says under its Save button: what was done, or (in red) why nothing
was saved. Kept as a function, so a language switch says it again in the new language."""
from __future__ import annotations

from collections.abc import Callable

from app.windows.messages import error_text
from app.windows.save_bar import SaveBar

ERROR_STYLE = "color: #b00020;"


def say_done(bar: SaveBar, text: Callable[[], str]) -> None:
    bar.message.setStyleSheet("")
    bar.show_message(text)


def say_error(bar: SaveBar, exc: BaseException) -> None:
    bar.message.setStyleSheet(ERROR_STYLE)
    bar.show_message(lambda: error_text(exc))


def say_nothing(bar: SaveBar) -> None:
    bar.message.setStyleSheet("")
    bar.show_message(str)
