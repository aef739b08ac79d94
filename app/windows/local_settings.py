"""This counter's settings file as the windows read it before anyone has logged in."""
from __future__ import annotations

import logging

from app import config
from app.errors import UserError

log = logging.getLogger(__name__)


def saved_settings() -> config.Settings:
    """The settings file, or the defaults when it is unreadable: the problem then shows up
    where it matters (opening the database) instead of preventing the window."""
    try:
        return config.load_settings()
    except UserError as exc:
        log.warning("%s", exc)
        return config.Settings()


def remember_database_url(url: str) -> None:
    """Corrected on the database problem dialog (see settings_service.set_database_url)."""
    from app.settings_service import set_database_url
    try:
        set_database_url(url)
    except UserError as exc:  # an address the settings refuse is still worth one try
        log.warning("database address not saved: %s", exc)
