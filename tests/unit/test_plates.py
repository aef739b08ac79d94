"""Licence plates as cashiers type them."""
import pytest

from app.errors import ValidationError
from app.weighing.initials import initials
from app.weighing.plates import normalize_plate, plate_fragment


@pytest.mark.parametrize("typed, plate", [("鲁A12345", "鲁A12345"), ("鲁a·12345 ", "鲁A12345"),
                                          ("鲁Ａ１２３４５", "鲁A12345"), ("粤 BD 12345", "粤BD12345"),
                                          ("京A1234挂", "京A1234挂"), ("沪c-d1234", "沪CD1234")])
def test_typed_plates_normalise(typed, plate):
    assert normalize_plate(typed) == plate


@pytest.mark.parametrize("typed, message", [("", "type the licence plate"), ("A12345", "province character"),
                                            ("鲁112345", "region letter"), ("鲁AI2345", "no I or O"),
                                            ("鲁A1234567", "5 or 6"), ("鲁" + "A" * 20, "at most 16")])
def test_bad_plates_say_why(typed, message):
    with pytest.raises(ValidationError, match=message):
        normalize_plate(typed)


def test_fragment_is_normalised_like_plates():
    assert plate_fragment(" a·１2 ") == "A12"


def test_initials():
    assert initials("寿光蔬菜批发部") == "SGSCPFB" and initials("A区3号") == "AQ3H"
