"""The big display shows the reading as the indicator shows it, and its lamps say the state."""
import pytest

from app.windows.application import install_language
from app.windows.weight_display import NO_READING, WeightDisplay
from tests.windows.fake_scale import weight_state


@pytest.fixture
def display(qtbot):
    widget = WeightDisplay()
    qtbot.addWidget(widget)
    widget.resize(600, 220)
    widget.show()
    return widget


def lit(display: WeightDisplay) -> set[str]:
    return {name for name in display.lamps if display.lit(name)}


def test_before_any_reading_it_says_no_signal(display):
    assert display.digits.text() == NO_READING
    assert lit(display) == {"no_signal"}


def test_a_stable_weight_is_shown_as_displayed_with_its_unit(display):
    display.show_weight(weight_state("20.00", "t", stable=True))
    assert display.digits.text() == "20.00"
    assert display.unit.text() == "t"
    assert lit(display) == {"stable"}


def test_a_moving_weight_has_no_stable_mark(display):
    display.show_weight(weight_state("18.40"))
    assert display.digits.text() == "18.40"
    assert lit(display) == set()


@pytest.mark.parametrize("flags, lamps", [
    ({"zero": True, "stable": True}, {"zero", "stable"}),
    ({"negative": True}, {"negative"}),
    ({"overload": True}, {"overload"}),
    ({"underload": True}, {"underload"}),
])
def test_each_state_lights_its_lamp(display, flags, lamps):
    display.show_weight(weight_state("-0.40" if flags.get("negative") else "0.00", **flags))
    assert lit(display) == lamps


def test_overload_without_a_weight_shows_no_digits(display):
    display.show_weight(weight_state("", overload=True))
    assert display.digits.text() == NO_READING
    assert lit(display) == {"overload"}


def test_losing_the_signal_hides_the_last_weight(display):
    display.show_weight(weight_state("20.00", stable=True))
    display.show_weight(weight_state("", no_signal=True))
    assert display.digits.text() == NO_READING
    assert lit(display) == {"no_signal"}


def test_digits_grow_with_the_display(display, qtbot):
    display.resize(300, 120)
    small = display.digits.font().pixelSize()
    display.resize(1000, 400)
    assert display.digits.font().pixelSize() > small


def test_lamps_follow_the_language(display, qtbot):
    install_language("zh_CN")
    qtbot.waitUntil(lambda: display.lamps["stable"].text() == "稳定")  # LanguageChange is posted
    install_language("en")
    qtbot.waitUntil(lambda: display.lamps["stable"].text() == "STABLE")
