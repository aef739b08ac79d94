"""Settings file and the database URL precedence: --db, MARKETDESK_DB, settings, default."""
import json

import pytest

from app import config
from app.errors import ValidationError


def test_defaults_when_no_file(_private_home):
    s = config.load_settings()
    assert s.language == "zh_CN" and s.database_url == ""
    assert config.resolve_db_url() == f"sqlite:///{_private_home / 'marketdesk.sqlite3'}"


def test_precedence(monkeypatch):
    config.save_settings(config.Settings(database_url="sqlite:////from/settings.db"))
    assert config.resolve_db_url() == "sqlite:////from/settings.db"
    monkeypatch.setenv("MARKETDESK_DB", "sqlite:////from/env.db")
    assert config.resolve_db_url() == "sqlite:////from/env.db"
    assert config.resolve_db_url("sqlite:////from/cli.db") == "sqlite:////from/cli.db"


def test_save_is_atomic_and_roundtrips(_private_home):
    s = config.Settings(counter_name="2号收费台", language="en")
    config.save_settings(s)
    assert config.load_settings() == s
    assert not list(_private_home.glob("*.tmp"))
    assert json.loads((_private_home / "settings.json").read_text("utf-8"))["counter_name"] == "2号收费台"


@pytest.mark.parametrize("field, value, message", [
    ("counter_name", "  ", "counter name"),
    ("counter_name", "x" * 41, "counter name"),
    ("language", "fr", "language"),
    ("database_url", "mysql://x", "database URL"),
])
def test_bad_settings_named(field, value, message):
    s = config.Settings(**{field: value})
    with pytest.raises(ValidationError, match=message):
        config.save_settings(s)
    assert not config.settings_path().exists()


def test_unreadable_settings_file_named(_private_home):
    (_private_home / "settings.json").write_text("{not json", "utf-8")
    with pytest.raises(ValidationError, match="settings file .* cannot be read"):
        config.load_settings()
