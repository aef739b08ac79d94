"""The market's receipt branding (in the database) and this counter's printers (in the
settings file): validated, audited, read back."""
import io
import json

import pytest
from PIL import Image
from sqlalchemy import text

from app import config
from app.devices.printers.settings import PrinterSettings
from app.errors import ValidationError
from app.printing.branding import load_branding, update_branding
from app.printing.render import Branding
from app.settings_service import printer_settings, update_printer_settings


def _png(width=120, height=40, fmt="PNG"):
    buf = io.BytesIO()
    Image.new("1", (width, height), 1).save(buf, fmt)
    return buf.getvalue()


def _audit(db):
    with db.session() as s:
        return [tuple(r) for r in s.execute(text("SELECT action, details FROM audit_log ORDER BY seq"))]


def test_default_branding(db):
    assert load_branding(db) == Branding()


def test_branding_is_saved_and_audited(db, people):
    before = len(_audit(db))
    saved = update_branding(db, people["admin"], market_name=" 寿光农产品物流园 ", footer="谢谢", logo_png=_png())
    assert saved.market_name == "寿光农产品物流园" and saved.footer == "谢谢" and saved.logo_png == _png()
    assert load_branding(db) == saved
    action, details = _audit(db)[-1]
    assert action == "settings.branding" and "寿光农产品物流园" in details and "iVBOR" not in details
    update_branding(db, people["admin"], market_name="寿光农产品物流园")  # no change: no entry
    assert len(_audit(db)) == before + 1
    assert update_branding(db, people["admin"], remove_logo=True).logo_png is None


@pytest.mark.parametrize("kwargs, message", [
    (dict(market_name="  "), "market name"),
    (dict(market_name="市" * 41), "market name"),
    (dict(footer="x" * 201), "footer"),
    (dict(logo_png=b"not an image"), "not a readable PNG"),
    (dict(logo_png=_png(fmt="GIF")), "must be a PNG"),
    (dict(logo_png=_png(width=800)), "576 dots wide"),
])
def test_bad_branding_is_refused_and_nothing_written(db, people, kwargs, message):
    before = _audit(db)
    with pytest.raises(ValidationError, match=message):
        update_branding(db, people["admin"], **kwargs)
    assert _audit(db) == before and load_branding(db) == Branding()


def test_printers_are_saved_audited_and_read_back(db, people):
    printers = [PrinterSettings(host="192.168.1.50"),
                PrinterSettings(name="backup", backend="file", path="/dev/usb/lp0", paper_mm=58)]
    update_printer_settings(db, people["admin"], printers)
    assert printer_settings() == printers
    assert _audit(db)[-1][0] == "settings.printers"


def test_printer_names_must_differ(db, people):
    with pytest.raises(ValidationError, match="its own name"):
        update_printer_settings(db, people["admin"], [PrinterSettings(host="a"), PrinterSettings(host="b")])
    assert printer_settings() == []


def test_invalid_printer_is_refused(db, people):
    with pytest.raises(ValidationError, match="host"):
        update_printer_settings(db, people["admin"], [PrinterSettings(host="")])


def test_hand_edited_printer_entry_is_reported(tmp_path):
    config.save_settings(config.Settings(devices={"printers": [{"paper_mm": "80"}]}))
    with pytest.raises(ValidationError):
        printer_settings()
    config.save_settings(config.Settings(devices={"printers": {"receipt": {}}}))
    with pytest.raises(ValidationError, match="must be a list"):
        printer_settings()
    assert json.loads(config.settings_path().read_text())["devices"]  # left as it was
