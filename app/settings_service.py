"""Changing this counter's settings: needs settings.manage; audited in the database."""
from __future__ import annotations

from dataclasses import asdict, replace

from app import config
from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.database import Database


def update_settings(db: Database, actor: Actor, *, counter_name: str | None = None,
                    database_url: str | None = None, language: str | None = None,
                    override: Override | None = None) -> config.Settings:
    """Validate, record the change in the audit trail, then write the settings file.
    The audit entry never contains a database password."""
    grant = require(actor, "settings.manage", override)
    old = config.load_settings()
    changes = {k: v for k, v in (("counter_name", counter_name), ("database_url", database_url),
                                 ("language", language)) if v is not None}
    new = replace(old, **{k: (v.strip() if isinstance(v, str) else v) for k, v in changes.items()})
    new.validate()
    changed = {k: {"old": _safe(k, asdict(old)[k]), "new": _safe(k, asdict(new)[k])}
               for k in changes if asdict(old)[k] != asdict(new)[k]}
    if not changed:
        return old

    def work(session) -> None:
        audit.append(session, action="settings.change", actor_id=actor.user_id,
                     actor_name=actor.username, supervisor_name=grant.supervisor_name,
                     counter=actor.counter, target=str(config.settings_path()), details=changed)

    db.transact(work)
    config.save_settings(new)
    return new


def update_scale_settings(db: Database, actor: Actor, scale, override: Override | None = None) -> config.Settings:
    """This counter's scale (app.devices.scales.settings.ScaleSettings): device.manage only,
    validated, audited, then written to the settings file under devices["scale"]."""
    grant = require(actor, "device.manage", override)
    scale.validate()
    old = config.load_settings()
    new_devices = {**old.devices, "scale": scale.to_dict()}
    if new_devices == old.devices:
        return old

    def work(session) -> None:
        audit.append(session, action="settings.scale", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=grant.supervisor_name, counter=actor.counter,
                     target=str(config.settings_path()),
                     details={"old": old.devices.get("scale"), "new": scale.to_dict()})

    db.transact(work)
    new = replace(old, devices=new_devices)
    config.save_settings(new)
    return new


def scale_settings():
    """The saved scale settings of this counter (defaults when none are saved)."""
    from app.devices.scales.settings import ScaleSettings
    return ScaleSettings.from_dict(config.load_settings().devices.get("scale"))


def update_printer_settings(db: Database, actor: Actor, printers: list,
                            override: Override | None = None) -> config.Settings:
    """This counter's receipt printers (app.devices.printers.settings.PrinterSettings), the
    first being the one documents go to: device.manage only, validated, audited, then written
    under devices["printers"]."""
    grant = require(actor, "device.manage", override)
    names = [p.name for p in printers]
    if len(set(names)) != len(names):
        from app.errors import ValidationError
        raise ValidationError("printer names: each printer needs its own name")
    for printer in printers:
        printer.validate()
    old = config.load_settings()
    new_list = [p.to_dict() for p in printers]
    if old.devices.get("printers") == new_list:
        return old

    def work(session) -> None:
        audit.append(session, action="settings.printers", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=grant.supervisor_name, counter=actor.counter,
                     target=str(config.settings_path()),
                     details={"old": old.devices.get("printers"), "new": new_list})

    db.transact(work)
    new = replace(old, devices={**old.devices, "printers": new_list})
    config.save_settings(new)
    return new


def printer_settings() -> list:
    """This counter's configured printers (none when none are saved); a broken entry in a
    hand-edited settings file is reported, not skipped."""
    from app.devices.printers.settings import PrinterSettings
    raw = config.load_settings().devices.get("printers") or []
    if not isinstance(raw, list):
        from app.errors import ValidationError
        raise ValidationError("settings file: devices.printers must be a list")
    return [PrinterSettings.from_dict(item) for item in raw]


def set_database_url(url: str) -> config.Settings:
    """Corrected on the database problem dialog, before anyone can log in: there is nobody to
    authorise or audit it, and whoever sits here could edit the settings file just as well."""
    new = replace(config.load_settings(), database_url=url.strip())
    config.save_settings(new)
    return new


def upgrade_database(db: Database, actor: Actor, override: Override | None = None):
    """Migrate a shared (PostgreSQL) schema: settings.manage only; audited once it is done.
    SQLite files upgrade by themselves at start (app.db.startup)."""
    from app.db import migrate
    grant = require(actor, "settings.manage", override)
    result = migrate.upgrade(db)
    if result.before != result.after:
        def work(session) -> None:
            audit.append(session, action="db.upgrade", actor_id=actor.user_id, actor_name=actor.username,
                         supervisor_name=grant.supervisor_name, counter=actor.counter,
                         target=db.describe(), details={"from": result.before, "to": result.after})
        db.transact(work)
    return result


def set_language(language: str) -> config.Settings:
    """The interface language is a personal preference at the counter: no permission."""
    new = replace(config.load_settings(), language=language)
    config.save_settings(new)
    return new


def _safe(key: str, value):
    if key == "database_url" and value:
        from sqlalchemy.engine import make_url
        try:
            return make_url(value).render_as_string(hide_password=True)
        except Exception:
            return "<unparseable>"
    return value
