"""The market's name, receipt footer and logo: the same at every counter, so they live in
the database (app_meta), changed with settings.manage and audited."""
from __future__ import annotations

import base64
import io

from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.meta import AppMeta, get_meta
from app.errors import ValidationError
from app.printing.render import Branding

MARKET_NAME_MAX_CHARS = 40
FOOTER_MAX_CHARS = 200
LOGO_MAX_BYTES = 64 * 1024
LOGO_MAX_PIXELS = 576 * 400     # an 80 mm printer is 576 dots wide
KEYS = {"market_name": "market_name", "footer": "voucher_footer", "logo_png": "voucher_logo"}


def load_branding(db) -> Branding:
    def work(session) -> Branding:
        name = get_meta(session, KEYS["market_name"])
        footer = get_meta(session, KEYS["footer"]) or ""
        logo = get_meta(session, KEYS["logo_png"])
        return Branding(market_name=name or Branding.market_name, footer=footer,
                        logo_png=base64.b64decode(logo) if logo else None)
    return db.transact(work, readonly=True)


def check_logo(png: bytes) -> None:
    if len(png) > LOGO_MAX_BYTES:
        raise ValidationError(f"logo: at most {LOGO_MAX_BYTES // 1024} KB")
    from PIL import Image, UnidentifiedImageError
    try:
        with Image.open(io.BytesIO(png)) as image:
            if image.format != "PNG":
                raise ValidationError("logo: must be a PNG image")
            width, height = image.size
    except (UnidentifiedImageError, OSError):
        raise ValidationError("logo: not a readable PNG image") from None
    if width > 576 or width * height > LOGO_MAX_PIXELS:
        raise ValidationError("logo: at most 576 dots wide and 400 high")


def update_branding(db, actor: Actor, *, market_name: str | None = None, footer: str | None = None,
                    logo_png: bytes | None = None, remove_logo: bool = False,
                    override: Override | None = None) -> Branding:
    grant = require(actor, "settings.manage", override)
    changes: dict[str, str | None] = {}
    if market_name is not None:
        name = market_name.strip()
        if not name or len(name) > MARKET_NAME_MAX_CHARS:
            raise ValidationError(f"market name: 1 to {MARKET_NAME_MAX_CHARS} characters")
        changes["market_name"] = name
    if footer is not None:
        if len(footer.strip()) > FOOTER_MAX_CHARS:
            raise ValidationError(f"footer: at most {FOOTER_MAX_CHARS} characters")
        changes["footer"] = footer.strip()
    if logo_png is not None:
        check_logo(logo_png)
        changes["logo_png"] = base64.b64encode(logo_png).decode("ascii")
    elif remove_logo:
        changes["logo_png"] = None

    def work(session) -> None:
        details = {}
        for field, value in changes.items():
            row = session.get(AppMeta, KEYS[field])
            old = row.value if row else None
            if (old or None) == (value or None):
                continue
            details[field] = ({"changed": True} if field == "logo_png"
                              else {"old": old, "new": value})
            if value is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(AppMeta(key=KEYS[field], value=value))
            else:
                row.value = value
        if details:
            audit.append(session, action="settings.branding", actor_id=actor.user_id,
                         actor_name=actor.username, supervisor_name=grant.supervisor_name,
                         counter=actor.counter, target="receipts", details=details)

    db.transact(work)
    return load_branding(db)
