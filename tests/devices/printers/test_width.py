"""Column arithmetic: a Hanzi and the fullwidth ￥ take two columns, ASCII one; what the
printer cannot draw becomes '?'; wrap never overflows a line and loses nothing."""
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.devices.printers.width import (align, char_width, columns_row, pair, printable, printable_char,
                                        text_width, wrap)

ENCODINGS = ("gb18030", "big5")


@pytest.mark.parametrize("ch, gb, big5", [
    ("A", 1, 1), (" ", 1, 1), ("中", 2, 2), ("體", 2, 2), ("￥", 2, 2), ("¥", 2, 2),
    ("é", 2, 1),     # GB18030 has the pinyin vowels; Big5 has not: '?'
    ("😀", 1, 1),    # 4 bytes in GB18030, absent from Big5: '?'
    ("•", 1, 2),     # 4 bytes in GB18030 ('?'), two in Big5
    ("\x1b", 1, 1),  # a command byte never reaches the printer as text
])
def test_char_width_is_the_byte_count_after_replacement(ch, gb, big5):
    assert char_width(ch, "gb18030") == gb
    assert char_width(ch, "big5") == big5


def test_replacements():
    assert printable("a\x1bp\x00\x19😀", "gb18030") == "a?p???"
    assert printable("•²", "gb18030") == "??"
    assert printable("\t", "gb18030") == " "
    # Either yen sign prints as the code page's two-column yen.
    assert printable_char("¥", "gb18030") == "￥" and "￥".encode("gb18030") == b"\xa3\xa4"
    assert printable_char("￥", "big5") == "¥" and "¥".encode("big5") == b"\xa2\x44"
    assert text_width("进场缴费 ￥12.50", "gb18030") == 8 + 1 + 2 + 5


def test_unknown_encoding_is_refused():
    with pytest.raises(ValueError, match="encoding"):
        char_width("a", "utf-8")


@pytest.mark.parametrize("columns", [32, 48])
def test_wrap_hanzi_breaks_between_characters(columns):
    text = "农产品批发市场交易管理费进场缴费凭证" * 4  # 72 Hanzi = 144 columns
    lines = wrap(text, columns, "gb18030")
    assert all(text_width(line, "gb18030") == columns for line in lines[:-1])
    assert "".join(lines) == text
    assert len(lines) == -(-144 // columns)


def test_wrap_never_splits_a_double_width_character_at_an_odd_column():
    lines = wrap("a" + "中" * 20, 32, "gb18030")
    assert lines == ["a" + "中" * 15, "中" * 5]  # 31 columns: the 16th Hanzi would need 33
    assert text_width(lines[0], "gb18030") == 31


def test_wrap_breaks_at_spaces_and_breaks_long_words():
    assert wrap("entry voucher number twelve", 12, "gb18030") == ["entry", "voucher", "number", "twelve"]
    assert wrap("V2024061200000123456789", 10, "gb18030") == ["V202406120", "0000123456", "789"]
    assert wrap("车牌 粤A12345 ABCDEFGHIJ", 13, "gb18030") == ["车牌 粤A12345", "ABCDEFGHIJ"]
    # next to a Hanzi a line may break even without a space
    assert wrap("车牌 粤A12345 ABCDEFGHIJ", 12, "gb18030") == ["车牌 粤", "A12345", "ABCDEFGHIJ"]


def test_wrap_keeps_explicit_newlines_and_empty_lines():
    assert wrap("甲\n\n乙\r\n丙", 32, "gb18030") == ["甲", "", "乙", "丙"]
    assert wrap("", 32, "gb18030") == [""]


def test_wrap_refuses_absurd_widths():
    for columns in (0, 1, 200, True):
        with pytest.raises(ValueError, match="columns"):
            wrap("x", columns, "gb18030")


@pytest.mark.parametrize("columns", [32, 48])
def test_align(columns):
    for how in ("left", "center", "right"):
        line = align("金额 ￥12.00", columns, how, "gb18030")
        assert text_width(line, "gb18030") == columns
        assert line.strip() == "金额 ￥12.00"
    assert align("中", 5, "center", "gb18030") == " 中  "
    assert align("中", 4, "right", "gb18030") == "  中"
    with pytest.raises(ValueError, match="columns wide"):
        align("中" * 17, 32, "left", "gb18030")
    with pytest.raises(ValueError, match="align"):
        align("x", 32, "middle", "gb18030")


@pytest.mark.parametrize("columns", [32, 48])
def test_pair_on_one_line(columns):
    [line] = pair("应收金额", "￥1,234.50", columns, "gb18030")
    assert text_width(line, "gb18030") == columns
    assert line.startswith("应收金额 ") and line.endswith(" ￥1,234.50")


def test_pair_that_does_not_fit_puts_the_value_below_right_aligned():
    lines = pair("商户名称（固定经营户）", "城南蔬菜批发合作社第三经营部", 32, "gb18030")
    assert lines[0] == "商户名称（固定经营户）"
    assert lines[1] == "    城南蔬菜批发合作社第三经营部"
    assert all(text_width(line, "gb18030") <= 32 for line in lines)
    # exactly full (no blank column left between them) also goes below
    assert len(pair("中" * 10, "x" * 12, 32, "gb18030")) == 2
    assert len(pair("中" * 10, "x" * 11, 32, "gb18030")) == 1


def test_columns_row_aligns_wraps_and_keeps_a_gap():
    rows = columns_row(["白菜（本地）", "1,234.5", "￥12.00"], [10, 11, 11], ["left", "right", "right"],
                       "gb18030")
    assert rows == ["白菜（本     1,234.5     ￥12.00", "地）                            "]
    assert all(text_width(r, "gb18030") == 32 for r in rows)
    rows = columns_row(["12345678901", "x"], [10, 6], ["right", "left"], "gb18030")
    assert rows[0][9] == " "  # the first cell's last column stays blank
    with pytest.raises(ValueError, match="cells"):
        columns_row(["a", "b"], [10], ["left", "left"], "gb18030")
    with pytest.raises(ValueError, match="cell 0"):
        columns_row(["a", "b"], [2, 10], ["left", "left"], "gb18030")


# -- properties --------------------------------------------------------------------------------

MIXED = st.text(alphabet=st.sampled_from(list("abcXYZ019 .,-￥¥中文繁體农產品\n\t😀é•")), max_size=300)


@settings(max_examples=300, deadline=None)
@given(text=MIXED, columns=st.integers(2, 96), encoding=st.sampled_from(ENCODINGS))
@example(text="中" * 40, columns=3, encoding="gb18030")
@example(text="a" * 100, columns=2, encoding="big5")
def test_wrap_never_exceeds_the_width_and_loses_no_character(text, columns, encoding):
    lines = wrap(text, columns, encoding)
    assert all(text_width(line, encoding) <= columns for line in lines)
    expected = printable(text.replace("\n", ""), encoding).replace(" ", "")
    assert "".join(lines).replace(" ", "") == expected
    assert len(lines) >= text.count("\n") + 1


@settings(max_examples=200, deadline=None)
@given(label=MIXED, value=MIXED, columns=st.sampled_from([32, 42, 48]))
def test_pair_never_exceeds_the_width(label, value, columns):
    lines = pair(label, value, columns, "gb18030")
    assert all(text_width(line, "gb18030") <= columns for line in lines)
    assert "".join(lines).replace(" ", "").replace("\n", "") == \
        printable((label + value).replace("\n", ""), "gb18030").replace(" ", "")
