"""The decoder on hand-made byte vectors: what Receipt never sends, broken and unknown
commands, status queries. Nothing is dropped silently."""
from hypothesis import given, settings
from hypothesis import strategies as st

from app.devices.printers.decode import (ChineseMode, Cut, Error, Init, Qr, Raster, StatusQuery, TextLine,
                                         decode, strip_status_queries)


def test_status_queries_are_decoded_and_rendered():
    t = decode(b"\x10\x04\x01\x10\x04\x02\x10\x04\x04")
    assert t.items == [StatusQuery(1), StatusQuery(2), StatusQuery(4)]
    assert t.text() == "[STATUS 1]\n[STATUS 2]\n[STATUS 4]"


def test_unknown_commands_are_errors_at_their_offset_and_decoding_goes_on():
    t = decode(b"\x1b@ab\n\x1bz\x07cd\n\x1d\xff\x1c\x99\x10\x05\x01ef\n")
    assert [i for i in t.items if not isinstance(i, Error)] == [Init(), TextLine("ab"), TextLine("cd"), TextLine("ef")]
    assert [(e.offset, e.raw) for e in t.errors] == [(5, b"\x1bz"), (7, b"\x07"), (11, b"\x1d\xff"),
                                                     (13, b"\x1c\x99"), (15, b"\x10\x05\x01")]
    assert "[ERROR @5] unknown command ESC 0x7A (1b 7a)" in t.text()


def test_truncated_commands():
    for data in (b"\x1b", b"\x1ba", b"\x1dv0\x00\x02\x00\x02\x00\xff", b"\x1d(k\x05\x001P0a", b"\x10\x04"):
        t = decode(data)
        assert [e.message for e in t.errors] == ["command cut short by the end of the data"], data


def test_text_without_line_feed_and_invalid_text():
    t = decode(b"\x1c&abc")
    assert t.lines == [TextLine("abc", terminated=False)]
    assert "never printed" in t.errors[0].message
    assert t.text().endswith("abc [NO LF]\n[ERROR @5] text without a final line feed is never printed")
    assert "not valid gb18030" in decode(b"\x1c&\x81\x20x\n").errors[0].message
    assert "Chinese mode is off" in decode("中\n".encode("gb18030")).errors[0].message


def test_commands_that_need_the_start_of_a_line():
    t = decode(b"\x1c&ab\x1ba\x01cd\n")
    assert t.lines == [TextLine("ab", terminated=False), TextLine("cd", "center")]
    assert "middle of a line" in t.errors[0].message
    t = decode(b"\x1c&ab\x1dVB\x00")
    assert t.of(Cut) == [Cut(True, 0)] and "middle of a line" in t.errors[0].message
    assert "discards" in decode(b"ab\x1b@").errors[0].message


def test_qr_functions_and_defaults():
    store = b"\x1d(k\x06\x001P0abc"
    show = b"\x1d(k\x03\x001Q0"
    assert decode(store + show).qrs == [Qr("abc", 3, "L", 2)]  # the printer's power-on defaults
    assert "without stored data" in decode(show).errors[0].message
    assert "not known" in decode(b"\x1d(k\x03\x001R0").errors[0].message
    assert "QR code functions" in decode(b"\x1d(k\x03\x000A0").errors[0].message  # cn 48: PDF417


def test_raster_bits_and_scale():
    t = decode(b"\x1dv0\x03\x01\x00\x02\x00\x80\x01")
    assert t.items == [Raster(8, 2, ((1, 0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0, 1)), 3)]
    assert t.text() == "[RASTER 8x2 scale 3]"
    t = decode(b"\x1dv0\x00\x01\x00\x02\x00\x81\xff")
    assert t.rasters == [Raster(8, 2, ((1, 0, 0, 0, 0, 0, 0, 1), (1, 1, 1, 1, 1, 1, 1, 1)), 0)]
    assert "empty image" in decode(b"\x1dv0\x00\x00\x00\x01\x00").errors[0].message


def test_images_joins_bands_only_when_adjacent():
    band = b"\x1dv0\x00\x01\x00\x01\x00\xff"
    assert [i.height for i in decode(band * 3).images()] == [3]
    assert [i.height for i in decode(band + b"\n" + band).images()] == [1, 1]


def test_chinese_mode_off_and_cr():
    t = decode(b"\x1c&\x1c.a\r\n")
    assert t.items == [ChineseMode(True), ChineseMode(False), TextLine("a")]


def test_strip_status_queries_keeps_the_same_bytes_inside_data():
    qr_with_dle_eot = b"\x1d(k\x06\x001P0\x10\x04\x01"  # a QR payload that looks like a query
    raster_with_dle_eot = b"\x1dv0\x00\x03\x00\x01\x00\x10\x04\x02"
    job = b"\x10\x04\x01" + qr_with_dle_eot + raster_with_dle_eot + b"\x10\x04\x04" + b"x\n"
    data, queries = strip_status_queries(job)
    assert queries == [1, 4]
    assert data == qr_with_dle_eot + raster_with_dle_eot + b"x\n"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_without_raising(data):
    t = decode(data)
    t.text()
    stripped, queries = strip_status_queries(data)
    assert len(stripped) == len(data) - 3 * len(queries)
