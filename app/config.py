"""Settings file and environment: where MarketDesk keeps its data and which database it uses.

MARKETDESK_HOME, when set, holds both the settings and the data (tests, portable installs);
otherwise platformdirs picks the user's config and data directories.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs

from app import APP_NAME
from app.errors import ValidationError

SETTINGS_FILE_NAME = "settings.json"
DEFAULT_DB_FILE_NAME = "marketdesk.sqlite3"
LANGUAGES = ("zh_CN", "en")
COUNTER_NAME_MAX_CHARS = 40


def config_dir() -> Path:
    home = os.environ.get("MARKETDESK_HOME")
    if home:
        return Path(home)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    home = os.environ.get("MARKETDESK_HOME")
    if home:
        return Path(home)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_url() -> str:
    return "sqlite:///" + str(data_dir() / DEFAULT_DB_FILE_NAME)


@dataclass
class Settings:
    counter_name: str = "1号收费台"
    database_url: str = ""  # empty: the default SQLite file in the data directory
    language: str = "zh_CN"
    devices: dict = field(default_factory=dict)  # filled by the device issues

    def validate(self) -> None:
        name = self.counter_name.strip()
        if not name:
            raise ValidationError("counter name: must not be empty")
        if len(name) > COUNTER_NAME_MAX_CHARS:
            raise ValidationError(f"counter name: at most {COUNTER_NAME_MAX_CHARS} characters")
        if self.language not in LANGUAGES:
            raise ValidationError(f"language: must be one of {', '.join(LANGUAGES)}")
        url = self.database_url.strip()
        if url and not url.startswith(("sqlite:///", "postgresql")):
            raise ValidationError("database URL: must start with sqlite:/// or postgresql://")


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE_NAME


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError(f"settings file {path} cannot be read: {exc}") from exc
    if not isinstance(raw, dict):
        raise ValidationError(f"settings file {path}: expected a JSON object")
    known = {f.name for f in fields(Settings)}
    settings = Settings(**{k: v for k, v in raw.items() if k in known})
    settings.validate()
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically: a power cut leaves the old file or the new one, never half of one."""
    settings.validate()
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(asdict(settings), fh, ensure_ascii=False, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def resolve_db_url(cli_db: str | None = None, settings: Settings | None = None) -> str:
    """`--db`, then MARKETDESK_DB, then the settings file, then the default SQLite file."""
    if cli_db:
        return cli_db
    env = os.environ.get("MARKETDESK_DB")
    if env:
        return env
    settings = settings if settings is not None else load_settings()
    if settings.database_url.strip():
        return settings.database_url.strip()
    return default_db_url()
