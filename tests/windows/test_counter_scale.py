"""The counter's own scale: off unless enabled; started from the saved settings; its state in
the status bar; paused while the Scale screen tests the port."""
from app import config
from app.devices.scales.settings import ScaleSettings
from app.windows.counter_scale import CounterScale
from app.windows.main_window import MainWindow
from tests.windows.conftest import make_ctx, show_active


def save_scale(scale: ScaleSettings) -> None:
    settings = config.load_settings()
    config.save_settings(config.Settings(settings.counter_name, settings.database_url, settings.language,
                                         {**settings.devices, "scale": scale.to_dict()}))


def test_disabled_scale_stays_off(qtbot):
    scale = CounterScale()
    scale.start()
    assert scale.port is None and scale.error is None


def test_enabled_scale_reports_in_the_status_bar(qtbot, db, tmp_path):
    from dataclasses import replace
    save_scale(ScaleSettings(enabled=True, protocol="yaohua", url=str(tmp_path / "no-such-tty")))
    scale = CounterScale()
    ctx = replace(make_ctx(db, "cashier"), scale=scale)
    window = MainWindow(ctx)
    show_active(qtbot, window)
    scale.start()
    try:
        qtbot.waitUntil(lambda: "cannot open" in window.status.devices.scale.text())
        scale.pause()
        assert scale.port is None
        qtbot.waitUntil(lambda: window.status.devices.scale.text() == "Scale: off")
        scale.resume()
        assert scale.port is not None
    finally:
        scale.stop()


def test_bad_saved_settings_are_reported_not_raised(qtbot):
    save_scale(ScaleSettings(enabled=True, protocol="yaohua", url=""))
    scale = CounterScale()
    scale.start()
    assert scale.port is None and "scale port" in scale.error
