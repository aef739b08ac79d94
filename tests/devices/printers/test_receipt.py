"""Receipt -> bytes -> decode: every operation comes back as what was asked for, and the
bytes are the ESC/POS commands the manual gives."""
import io

import pytest
import qrcode
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from app.devices.printers.decode import ChineseMode, Cut, Drawer, Feed, Init, Qr, TextLine, decode
from app.devices.printers.escpos import Receipt
from app.devices.printers.width import text_width, wrap
from app.errors import ValidationError


def transcript(r: Receipt):
    t = decode(r.bytes(), r.encoding)
    assert t.errors == [], t.text()
    return t


def test_starts_with_init_and_chinese_mode():
    data = Receipt(32).bytes()
    assert data == b"\x1b@\x1c&"
    assert decode(data).items == [Init(), ChineseMode(True)]


def test_gb18030_text_is_encoded_by_us():
    r = Receipt(32)
    r.text("进场缴费凭证 ￥12.00")
    assert "进场缴费凭证 ￥12.00".encode("gb18030") + b"\n" in r.bytes()
    assert transcript(r).lines == [TextLine("进场缴费凭证 ￥12.00")]


def test_big5_text_round_trip():
    r = Receipt(48, encoding="big5")
    r.text("繁體中文收據 ￥88")
    data = r.bytes()
    assert "繁體中文收據".encode("big5") in data and b"\xa2\x44" in data  # Big5's fullwidth yen
    assert transcript(r).lines == [TextLine("繁體中文收據 ¥88")]
    # the same bytes are not GB18030 text: the encoding really was Big5
    assert decode(data, "gb18030").lines[0].text != "繁體中文收據 ¥88"


def test_double_size_halves_the_columns_and_is_reset():
    r = Receipt(32)
    r.text("进场缴费凭证进场缴费凭证", align="center", size="double")  # 24 columns: over 16 at double size
    r.text("after")
    t = transcript(r)
    assert t.lines == [TextLine("进场缴费凭证进场", "center", "double"),
                       TextLine("缴费凭证", "center", "double"),
                       TextLine("after")]
    assert b"\x1d!\x11" in r.bytes() and b"\x1d!\x00" in r.bytes() and b"\x1ba\x01" in r.bytes()


@pytest.mark.parametrize("size, columns", [("wide", 16), ("tall", 32), ("normal", 32)])
def test_sizes(size, columns):
    r = Receipt(32)
    r.text("x" * 40, size=size)
    lines = transcript(r).lines
    assert [len(line.text) for line in lines] == [columns] * (40 // columns) + [40 % columns]
    assert all(line.size == size for line in lines)


def test_bold_is_set_and_reset():
    r = Receipt(32)
    r.text("合计", bold=True, align="right")
    r.text("plain")
    assert transcript(r).lines == [TextLine("合计", "right", "normal", True), TextLine("plain")]
    assert r.bytes().count(b"\x1bE\x01") == 1 and r.bytes().count(b"\x1bE\x00") == 1


def test_bad_text_arguments():
    r = Receipt(32)
    with pytest.raises(ValueError, match="align"):
        r.text("x", align="middle")
    with pytest.raises(ValueError, match="size"):
        r.text("x", size="huge")


@pytest.mark.parametrize("columns", [32, 42, 48])
def test_pair_row_separator_fill_the_paper(columns):
    r = Receipt(columns)
    r.pair("净重", "18.320 t", bold=True)
    r.row(["品种", "单价", "金额"], [columns - 16, 8, 8], ["left", "right", "right"])
    r.separator()
    r.separator("═")  # two columns in GB18030
    lines = transcript(r).lines
    assert lines[0].bold and lines[0].text.startswith("净重") and lines[0].text.endswith("18.320 t")
    assert text_width(lines[0].text, "gb18030") == columns
    assert lines[1].text.startswith("品种") and lines[1].text.endswith("金额")
    assert lines[2].text == "-" * columns
    assert lines[3].text == "═" * (columns // 2)
    assert all(text_width(line.text, "gb18030") <= columns for line in lines)


def test_row_wider_than_the_paper_is_refused():
    with pytest.raises(ValueError, match="widths"):
        Receipt(32).row(["a", "b"], [20, 20], ["left", "left"])


def test_control_characters_in_data_cannot_become_commands():
    r = Receipt(32)
    r.text("商户\x1bp\x00\x19\x9b名")  # a name crafted to open the drawer
    r.pair("车牌\x1d", "V\x1bi")
    t = transcript(r)
    assert t.of(Drawer) == [] and t.of(Cut) == []
    assert [line.text for line in t.lines][0] == "商户?p???名"


def test_qr_native_commands():
    r = Receipt(32)
    r.qr("MD1|V0001|abc", module_size=5, ec="Q")
    data = r.bytes()
    gs_k = b"\x1d(k"
    assert b"\x1ba\x01" + gs_k + b"\x04\x00\x31\x41\x32\x00" in data        # fn 165: model 2
    assert gs_k + b"\x03\x00\x31\x43\x05" in data                          # fn 167: module size
    assert gs_k + b"\x03\x00\x31\x45\x32" in data                          # fn 169: level Q
    assert gs_k + b"\x10\x00\x31\x50\x30MD1|V0001|abc" in data              # fn 180: store (13 + 3)
    assert data.endswith(gs_k + b"\x03\x00\x31\x51\x30" + b"\x1ba\x00")    # fn 181: print, centered
    assert transcript(r).qrs == [Qr("MD1|V0001|abc", 5, "Q", 2)]


def test_qr_limits():
    r = Receipt(32)
    with pytest.raises(ValueError, match="payload"):
        r.qr("")
    with pytest.raises(ValueError, match="payload"):
        r.qr("x" * 2332, ec="M")
    with pytest.raises(ValueError, match="module size"):
        r.qr("x", module_size=17)
    with pytest.raises(ValueError, match="error correction"):
        r.qr("x", ec="X")


def _expected_bitmap(payload: str, module: int) -> list[tuple[int, ...]]:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=4)
    qr.add_data(payload.encode("utf-8"))
    qr.make(fit=True)
    rows = []
    for matrix_row in qr.get_matrix():
        row = tuple(int(dark) for dark in matrix_row for _ in range(module))
        rows.extend([row] * module)
    return rows


@pytest.mark.parametrize("columns, dots, payload, module", [
    (32, 384, "MD1|V20240612-0001|9F3A", 4),
    (48, 576, "https://example.invalid/v/" + "A" * 180, 6),  # taller than one raster band
])
def test_qr_image_bitmap_equals_the_qrcode_matrix(columns, dots, payload, module):
    r = Receipt(columns, qr_mode="image")
    r.qr(payload, module_size=module)
    t = transcript(r)
    assert t.qrs == []
    [image] = t.images()
    expected = _expected_bitmap(payload, module)
    if len(expected[0]) > dots:  # the module shrinks to fit the paper
        module = dots // (len(expected[0]) // module)
        expected = _expected_bitmap(payload, module)
    width = len(expected[0])
    left = (dots - width) // 2   # centered by blank columns
    assert image.height == len(expected)
    assert [row[left:left + width] for row in image.rows] == expected
    assert not any(any(row[:left]) or any(row[left + width:]) for row in image.rows)
    assert any(any(row) for row in expected) and not all(all(row) for row in expected)
    # a different payload makes a different picture: the comparison above is not vacuous
    assert _expected_bitmap(payload + "x", module) != expected


def test_qr_image_of_the_largest_payload_still_fits_58_mm():
    r = Receipt(32, qr_mode="image")
    r.qr("x" * 2953, ec="L")  # version 40
    [image] = transcript(r).images()
    assert image.height == 185 * 2 and image.width <= 384


def test_image_raster_bands_and_bits():
    r = Receipt(32)
    rows = [[1, 0, 1, 1, 0, 0, 0, 1, 1]] * 300
    r.image_raster(rows)
    t = transcript(r)
    assert [(b.width, b.height) for b in t.rasters] == [(200, 256), (200, 44)]  # 187 blank + 9 dots -> 25 bytes
    [image] = t.images()
    left = (384 - 9) // 2
    assert all(row[left:left + 9] == (1, 0, 1, 1, 0, 0, 0, 1, 1) for row in image.rows)
    assert r.bytes().count(b"\x1dv0\x00") == 2
    with pytest.raises(ValueError, match="dots"):
        r.image_raster([[1] * 385])
    with pytest.raises(ValueError, match="rows"):
        r.image_raster([])


def _png(width, height, draw) -> bytes:
    img = Image.new("RGBA", (width, height), (0, 0, 0, 0))  # transparent: must print white
    for x, y in draw:
        img.putpixel((x, y), (0, 0, 0, 255))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_logo_from_a_png_file(tmp_path):
    box = [(x, y) for x in range(10, 30) for y in range(5, 15)]
    path = tmp_path / "logo.png"
    path.write_bytes(_png(40, 20, box))
    r = Receipt(32)
    r.logo(str(path))
    [image] = transcript(r).images()
    assert image.height == 20
    left = (384 - 40) // 2
    dots = {(x - left, y) for y, row in enumerate(image.rows) for x, bit in enumerate(row) if bit}
    assert dots == set(box)


def test_logo_wider_than_the_paper_shrinks_to_it():
    r = Receipt(32)
    r.logo(io.BytesIO(_png(1000, 100, [(x, y) for x in range(1000) for y in range(40, 60)])))
    [image] = transcript(r).images()
    assert image.width == 384 and image.height == round(100 * 384 / 1000)
    assert any(all(row) for row in image.rows)  # the black band survived the scaling


def test_bad_logos():
    r = Receipt(32)
    with pytest.raises(ValidationError, match="logo: cannot read"):
        r.logo(io.BytesIO(b"not a png"))
    with pytest.raises(ValidationError, match="logo: .* tall"):
        r.logo(io.BytesIO(_png(10, 600, [])))
    with pytest.raises(ValidationError, match="too large"):
        r.logo(io.BytesIO(_png(3000, 2000, [])))


def test_cut_feed_and_drawer():
    r = Receipt(32)
    r.feed(3)
    r.cut()
    r.cut(partial=False)
    r.drawer_kick()
    r.drawer_kick(pin=5, on_ms=50, off_ms=250)
    assert r.bytes()[4:] == (b"\x1bd\x03" + b"\x1dVB\x00" + b"\x1dVA\x00"
                             + b"\x1bp\x00\x32\x64" + b"\x1bp\x01\x19\x7d")
    t = transcript(r)
    assert t.items[2:] == [Feed(3), Cut(True, 0), Cut(False, 0), Drawer(2, 100, 200), Drawer(5, 50, 250)]
    assert t.text().splitlines()[2:] == ["[FEED 3]", "[CUT]", "[CUT full]", "[DRAWER pin2 100/200ms]",
                                         "[DRAWER pin5 50/250ms]"]


def test_bad_paper_drawer_and_feed_arguments():
    for columns in (31, 33, 41, 49):
        with pytest.raises(ValueError, match="columns"):
            Receipt(columns)
    with pytest.raises(ValueError, match="fit"):
        Receipt(32, paper_mm=80)
    with pytest.raises(ValueError, match="encoding"):
        Receipt(32, encoding="utf-8")
    with pytest.raises(ValueError, match="qr_mode"):
        Receipt(32, qr_mode="svg")
    r = Receipt(32)
    with pytest.raises(ValueError, match="pin"):
        r.drawer_kick(pin=3)
    with pytest.raises(ValueError, match="pulse"):
        r.drawer_kick(on_ms=600)
    with pytest.raises(ValueError, match="pulse"):
        r.drawer_kick(on_ms=200, off_ms=100)
    with pytest.raises(ValueError, match="feed"):
        r.feed(0)


GOLDEN = """\
[INIT]
[CHINESE ON]
[C][2x] 进场缴费凭证
[C][B] 城南农产品批发市场
--------------------------------
凭证号            V20240612-0001
车牌                    粤A12345
商户                  张三（临）
品种            毛重/t   金额/元
白菜            18.320   ￥91.60
[B] 应收                     ￥91.60
[QR M 6] MD1|V20240612-0001|9F3A
[C] 请妥善保管，出场退费凭此单
[FEED 3]
[CUT]
[DRAWER pin2 100/200ms]"""


def test_golden_entry_voucher():
    r = Receipt(32)
    r.text("进场缴费凭证", align="center", size="double")
    r.text("城南农产品批发市场", align="center", bold=True)
    r.separator()
    r.pair("凭证号", "V20240612-0001")
    r.pair("车牌", "粤A12345")
    r.pair("商户", "张三（临）")
    r.row(["品种", "毛重/t", "金额/元"], [16, 7, 9], ["left", "right", "right"])
    r.row(["白菜", "18.320", "￥91.60"], [16, 7, 9], ["left", "right", "right"])
    r.pair("应收", "￥91.60", bold=True)
    r.qr("MD1|V20240612-0001|9F3A")
    r.text("请妥善保管，出场退费凭此单", align="center")
    r.feed(3)
    r.cut()
    r.drawer_kick()
    assert transcript(r).text() == GOLDEN


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab1 .￥中文體\n😀\x1b")), max_size=200),
       columns=st.sampled_from([32, 42, 48]), size=st.sampled_from(["normal", "double", "wide", "tall"]),
       encoding=st.sampled_from(["gb18030", "big5"]))
def test_text_round_trip(text, columns, size, encoding):
    r = Receipt(columns, encoding=encoding)
    r.text(text, size=size)
    usable = columns // (2 if size in ("double", "wide") else 1)
    lines = transcript(r).lines
    assert [line.text for line in lines] == [line.rstrip(" ") for line in wrap(text, usable, encoding)]
    assert all(text_width(line.text, encoding) <= usable for line in lines)
