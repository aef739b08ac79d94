"""Scale settings are checked before anything opens a port; each refusal names the field."""
import pytest

from app.devices.scales.settings import ScaleSettings, StabilitySettings
from app.errors import ValidationError


@pytest.mark.parametrize("changes, message", [
    ({"protocol": "nonesuch"}, "protocol: unknown"),
    ({"enabled": True, "url": ""}, "scale port"),
    ({"baudrate": 1234}, "baud rate"),
    ({"parity": "X"}, "parity"),
    ({"stopbits": 3}, "stop bits"),
    ({"unit": "lb"}, "unit"),
    ({"protocol": "toledo", "address": 1}, "not polled"),
    ({"protocol": "yaohua", "address": 99}, "indicator address"),
    ({"stability": StabilitySettings(window_s=0.01)}, "stability window"),
])
def test_bad_settings_named(changes, message):
    with pytest.raises(ValidationError, match=message):
        ScaleSettings(**changes).validate()


def test_round_trip_through_the_settings_file_shape():
    s = ScaleSettings(enabled=True, protocol="yaohua", url="socket://10.0.0.5:4001", address=3,
                      stability=StabilitySettings(window_s=3.0))
    s.validate()
    assert ScaleSettings.from_dict(s.to_dict()) == s


def test_polling_too_slowly_for_the_window_is_refused():
    with pytest.raises(ValidationError, match="ask more often"):
        ScaleSettings(protocol="sics", address=1, poll_interval_s=0.25).validate()
    ScaleSettings(protocol="sics", address=1, poll_interval_s=0.1).validate()


def test_hand_edited_wrong_types_are_named():
    with pytest.raises(ValidationError, match="wrong type"):
        ScaleSettings.from_dict({"protocol": "sics", "address": "3"}).validate()
