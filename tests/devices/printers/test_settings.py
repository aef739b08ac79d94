"""PrinterSettings: every refusal names its field; the settings file may miss keys but may not
carry values of the wrong type."""
import pytest

from app.devices.printers.settings import PrinterSettings
from app.errors import ValidationError

NET = PrinterSettings(host="192.168.1.50")


def test_defaults_and_describe():
    assert NET.port == 9100 and NET.timeout_s == 3.0 and NET.status_query is True
    NET.validate()
    assert NET.describe() == "network 192.168.1.50:9100, 80 mm"
    assert PrinterSettings(backend="serial", serial_url="COM3", baudrate=19200, paper_mm=58).describe() == \
        "serial COM3 19200 baud, 58 mm"
    assert PrinterSettings(backend="usb", usb_vendor_id=0x0416, usb_product_id=0x5011).describe() == \
        "usb 0416:5011, 80 mm"
    assert PrinterSettings(backend="file", path="/dev/usb/lp0").describe() == "file /dev/usb/lp0, 80 mm"
    assert PrinterSettings(backend="win32raw", windows_printer="XP-80C").describe() == \
        "Windows printer 'XP-80C', 80 mm"


def test_effective_columns():
    assert PrinterSettings(paper_mm=58).effective_columns == 32
    assert PrinterSettings(paper_mm=80).effective_columns == 48
    assert PrinterSettings(paper_mm=80, columns=42).effective_columns == 42


@pytest.mark.parametrize("changes, field", [
    ({"name": " "}, "name"),
    ({"name": "x" * 41}, "name"),
    ({"backend": "bluetooth"}, "backend"),
    ({"host": ""}, "host"),
    ({"host": "192.168.1.50 9100"}, "host"),
    ({"port": 0}, "port"),
    ({"port": 70000}, "port"),
    ({"backend": "serial"}, "serial_url"),
    ({"backend": "serial", "serial_url": "COM3", "baudrate": 9601}, "baudrate"),
    ({"backend": "usb"}, "usb_vendor_id"),
    ({"backend": "usb", "usb_vendor_id": 0x0416}, "usb_product_id"),
    ({"usb_vendor_id": 0x10000}, "usb_vendor_id"),
    ({"backend": "file"}, "path"),
    ({"backend": "win32raw"}, "windows_printer"),
    ({"paper_mm": 76}, "paper_mm"),
    ({"paper_mm": 58, "columns": 48}, "columns"),
    ({"paper_mm": 80, "columns": 32}, "columns"),
    ({"paper_mm": 80, "columns": 49}, "columns"),
    ({"encoding": "utf-8"}, "encoding"),
    ({"qr_mode": "svg"}, "qr_mode"),
    ({"drawer_pin": 3}, "drawer_pin"),
    ({"timeout_s": 0.1}, "timeout_s"),
    ({"timeout_s": 31}, "timeout_s"),
    ({"timeout_s": "3"}, "timeout_s"),
    ({"port": "9100"}, "port"),
    ({"port": True}, "port"),
    ({"drawer": 1}, "drawer"),
    ({"host": None}, "host"),
    ({"path": "x" * 256}, "path"),
])
def test_validation_names_the_field(changes, field):
    settings = PrinterSettings(**{"host": "192.168.1.50", **changes})
    with pytest.raises(ValidationError) as info:
        settings.validate()
    assert str(info.value).startswith(f"{field}:"), str(info.value)


@pytest.mark.parametrize("ok", [
    {"paper_mm": 58, "columns": 32}, {"paper_mm": 80, "columns": 42}, {"timeout_s": 0.2}, {"timeout_s": 30},
    {"timeout_s": 5}, {"drawer": True, "drawer_pin": 5}, {"encoding": "big5", "qr_mode": "image"},
])
def test_valid_variants(ok):
    PrinterSettings(**{"host": "printer.local", **ok}).validate()


def test_layout_alone_for_samples():
    PrinterSettings(paper_mm=58, qr_mode="image").validate_layout()  # no printer address needed
    with pytest.raises(ValidationError, match="^host:"):
        PrinterSettings(paper_mm=58).validate()
    for bad, field in (({"paper_mm": 76}, "paper_mm"), ({"columns": 40}, "columns"),
                       ({"encoding": "utf-8"}, "encoding"), ({"qr_mode": "svg"}, "qr_mode"),
                       ({"paper_mm": "80"}, "paper_mm")):
        with pytest.raises(ValidationError, match=f"^{field}:"):
            PrinterSettings(**bad).validate_layout()


def test_round_trip_and_tolerance():
    s = PrinterSettings(name="kitchen", backend="serial", serial_url="/dev/ttyUSB0", baudrate=38400, paper_mm=58,
                        drawer=True, drawer_pin=5, cut=False, timeout_s=1.5, status_query=False)
    assert PrinterSettings.from_dict(s.to_dict()) == s
    assert PrinterSettings.from_dict({}) == PrinterSettings()
    assert PrinterSettings.from_dict(None) == PrinterSettings()
    assert PrinterSettings.from_dict({"host": "10.0.0.9", "added_in_a_later_version": 1}).host == "10.0.0.9"


@pytest.mark.parametrize("raw, field", [
    ({"port": "9100"}, "port"), ({"drawer": "yes"}, "drawer"), ({"timeout_s": None}, "timeout_s"),
    ({"usb_vendor_id": "0x0416"}, "usb_vendor_id"), ({"columns": 32.0}, "columns"),
    ({"status_query": 0}, "status_query"),
])
def test_from_dict_refuses_wrong_types(raw, field):
    with pytest.raises(ValidationError, match=f"^{field}: should be"):
        PrinterSettings.from_dict(raw)


def test_from_dict_refuses_a_non_table():
    with pytest.raises(ValidationError, match="printer settings"):
        PrinterSettings.from_dict(["receipt"])
