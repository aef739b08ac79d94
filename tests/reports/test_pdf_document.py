"""PdfDocument: what a reader of the PDF sees, and what it refuses to build."""
import math
import re
from datetime import datetime

import pytest
import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.reports import pdf
from app.reports.fonts import FONT_NAME
from app.reports.pdf import PdfDocument
from tests.reports.pdf_inspect import fonts, images, page_texts, reader, text_runs

PRINTED_AT = datetime(2024, 6, 1, 9, 30)
HEADERS = ["凭证号", "车牌号", "品种", "费用(元)"]


def make_doc(**kwargs) -> PdfDocument:
    options = dict(printed_at=PRINTED_AT, market_name="寿光农产品物流园", footer="市场财务室")
    options.update(kwargs)
    return PdfDocument("月度对账单", **options)


def ticket_rows(count: int) -> list[list[str]]:
    return [[f"V{i:07d}", "鲁A12345", ("白菜", "土豆", "苹果")[i % 3], f"{i}.{i % 100:02d}"] for i in range(count)]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def qr_modules(payload: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=4)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    return code.get_matrix()


# --- every page --------------------------------------------------------------------------------

def test_every_page_has_header_footer_print_time_and_page_x_of_n():
    doc = make_doc(subtitle="2024-05-01 至 2024-05-31")
    doc.heading("交易明细")
    doc.table(HEADERS, ticket_rows(120), align=["left", "left", "left", "right"])
    texts = page_texts(doc.build())
    assert len(texts) >= 3
    assert "月度对账单" in texts[0] and "2024-05-01 至 2024-05-31" in texts[0]
    for number, text in enumerate(texts, 1):
        assert f"第 {number} 页 / 共 {len(texts)} 页" in text
        assert "寿光农产品物流园" in text  # header line
        assert "月度对账单" in text  # title in the header line
        assert "市场财务室" in text  # footer text
        assert "打印时间 2024-06-01 09:30" in text


def test_a_short_document_is_one_page_of_one():
    doc = make_doc()
    doc.paragraph("本月无交易。")
    texts = page_texts(doc.build())
    assert len(texts) == 1
    assert "第 1 页 / 共 1 页" in texts[0]
    assert "本月无交易。" in texts[0]


def test_every_font_is_embedded_with_a_unicode_map():
    doc = make_doc()
    doc.heading("标题 Heading")
    doc.paragraph("中文与 English 混排，数字 1234.56，符号 ￥ ①。" * 5)
    doc.key_values([("经营户", "王建国"), ("账号", "A0001023")])
    doc.table(HEADERS, ticket_rows(80), totals=["合计", "", "", "1.00"])
    doc.qr("MD1|BILL|A0001023", caption="扫码核验")
    data = doc.build()
    found = fonts(data)
    assert found
    unembedded = [font.base_font for font in found if not font.embedded]
    assert unembedded == [], f"fonts not embedded: {unembedded}"
    assert all(font.has_to_unicode for font in found)
    assert {font.subtype for font in found} == {"/TrueType"}  # subsets of the TTF, no Type1
    assert all("WenQuanYiMicroHei" in font.base_font for font in found)
    assert b"Helvetica" not in data and b"STSong" not in data


def test_landscape_pages_are_wider_than_high():
    doc = make_doc(landscape=True)
    doc.paragraph("横向")
    box = reader(doc.build()).pages[0].mediabox
    assert math.isclose(float(box.width), 297 * mm, abs_tol=1)
    assert math.isclose(float(box.height), 210 * mm, abs_tol=1)


# --- tables ------------------------------------------------------------------------------------

def test_long_table_repeats_its_header_and_places_every_row_exactly_once():
    rows = ticket_rows(1200)
    doc = make_doc()
    doc.table(HEADERS, rows, align=["left", "left", "left", "right"], totals=["合计", "1200 笔", "", "999.99"])
    texts = page_texts(doc.build())
    assert len(texts) > 10
    for text in texts:
        assert all(header in text for header in HEADERS), text[:200]
    everything = "\n".join(texts)
    for row in rows:
        assert everything.count(row[0]) == 1, row[0]
    # rows keep their order across page breaks
    positions = [everything.index(row[0]) for row in rows]
    assert positions == sorted(positions)
    # the totals row comes once, at the very end
    assert everything.count("1200 笔") == 1
    assert "1200 笔" in texts[-1] and "999.99" in texts[-1]


def test_long_cells_wrap_inside_their_column():
    long_text = "甲<乙&丙>丁" + "长" * 150
    doc = make_doc()
    doc.table(["说明", "金额"], [[long_text, "12.30"], ["短", "4.56"]], col_widths_mm=[40, 30],
              align=["left", "right"])
    data = doc.build()
    runs = [run for run in text_runs(data, 0) if "长" in run.text]
    assert len({round(run.y) for run in runs}) >= 5  # several lines
    assert squash("".join(run.text for run in runs)) == long_text
    cell_right = 15 * mm + 40 * mm
    for run in runs:
        width = stringWidth(run.text.strip(), FONT_NAME, run.size)
        assert run.x >= 15 * mm - 0.5
        assert run.x + width <= cell_right + 0.5, run


@pytest.mark.parametrize("alignment", ["left", "right", "center"])
def test_cells_are_aligned_as_asked(alignment):
    amounts = ["1.00", "1234.56", "长的长的文字"]
    doc = make_doc()
    doc.table(["费用(元)"], [[a] for a in amounts], col_widths_mm=[100], align=[alignment])
    runs = {run.text.strip(): run for run in text_runs(doc.build(), 0)}
    left, right = 15 * mm + pdf.CELL_PAD_X, 15 * mm + 100 * mm - pdf.CELL_PAD_X
    for amount in amounts:
        run = runs[amount]
        width = stringWidth(amount, FONT_NAME, run.size)
        position = {"left": run.x, "right": run.x + width, "center": run.x + width / 2}[alignment]
        target = {"left": left, "right": right, "center": (left + right) / 2}[alignment]
        assert math.isclose(position, target, abs_tol=0.5), (amount, position, target)


def test_user_text_is_printed_as_written_not_as_markup():
    nasty = "张三<b>&amp;李四</b> & <font size=40>X</font> a<b"
    doc = PdfDocument(nasty, printed_at=PRINTED_AT, market_name="A<&>B 市场", footer="<i>尾</i>",
                      subtitle="<br/>副标题")
    doc.heading("标题<&>")
    doc.paragraph("段落 " + nasty + "\n第二行\t制表")
    doc.key_values([("经营户<", nasty)])
    doc.table(["名称<&>", "说明"], [[nasty, "长" * 60 + nasty]], col_widths_mm=[120, 40])
    doc.qr("payload<&>", caption="核验<&>")
    texts = page_texts(doc.build())
    everything = "\n".join(texts)
    for expected in ("A<&>B 市场", "<i>尾</i>", "<br/>副标题", "标题<&>", "经营户<：", "名称<&>",
                     "核验<&>", "第二行 制表"):
        assert expected in everything, expected
    # title, paragraph, key-value, short cell and the wrapped long cell (lines joined)
    assert squash(everything).count(squash(nasty)) >= 5


def test_control_characters_do_not_break_the_build():
    doc = make_doc()
    doc.paragraph("响铃\x07 空\x00字符 \ud800 孤立代理")
    doc.table(["a"], [["x\x1by"]])
    text = page_texts(doc.build())[0]
    assert "响铃 空字符" in text and "xy" in text


# --- the QR code -------------------------------------------------------------------------------

def test_qr_is_an_image_of_the_payload_modules():
    payload = "MD1|BILL|A0001023|2024-05|830604|sig"
    doc = make_doc()
    doc.qr(payload, size_mm=30, caption="扫码核验本账单")
    data = doc.build()
    [image] = images(data, 0)
    expected = qr_modules(payload)
    size = len(expected)
    assert image.size == (size, size)
    gray = image.convert("L")
    actual = [[gray.getpixel((x, y)) < 128 for x in range(size)] for y in range(size)]
    assert actual == expected
    # the three finder patterns sit inside the 4-module quiet zone: a concrete QR, not a blob
    for top, left in ((4, 4), (4, size - 11), (size - 11, 4)):
        assert all(actual[top][left + i] for i in range(7))
        assert not actual[top + 1][left + 1] and actual[top + 3][left + 3]
    assert "扫码核验本账单" in page_texts(data)[0]


def test_qr_is_drawn_at_the_requested_size():
    doc = make_doc()
    doc.qr("x", size_mm=40)
    content = reader(doc.build()).pages[0].get_contents().get_data().decode("latin-1")
    # reportlab draws an image as "w 0 0 h x y cm /FormXob... Do"
    match = re.search(r"([\d.]+) 0 0 ([\d.]+) [\d.\-]+ [\d.\-]+ cm\s*/\S+ Do", content)
    assert match, content[:500]
    assert math.isclose(float(match.group(1)), 40 * mm, abs_tol=0.1)
    assert math.isclose(float(match.group(2)), 40 * mm, abs_tol=0.1)


# --- output ------------------------------------------------------------------------------------

def test_same_input_gives_the_same_bytes_and_save_writes_them(tmp_path):
    doc = make_doc()
    doc.table(HEADERS, ticket_rows(60))
    first = doc.build()
    assert doc.build() == first
    folder = tmp_path / "out"
    folder.mkdir()
    target = doc.save(folder / "bill.pdf")
    assert target.read_bytes() == first
    assert [p.name for p in folder.iterdir()] == ["bill.pdf"]  # no partial file left behind


def test_page_break_and_spacer():
    doc = make_doc()
    doc.paragraph("第一部分")
    doc.spacer(10)
    doc.page_break()
    doc.paragraph("第二部分")
    texts = page_texts(doc.build())
    assert len(texts) == 2
    assert "第一部分" in texts[0] and "第二部分" in texts[1]


# --- refusals ----------------------------------------------------------------------------------

def test_more_than_200_000_table_rows_are_refused():
    doc = make_doc()
    row = ["x"]
    with pytest.raises(ValueError, match="too many table rows.*200000"):
        doc.table(["a"], [row] * (pdf.MAX_TABLE_ROWS + 1))


def test_the_row_limit_counts_the_whole_document():
    doc = make_doc()
    doc.table(["a"], [["x"]] * 150_000)
    with pytest.raises(ValueError, match="too many table rows: 210000"):
        doc.table(["a"], [["x"]] * 60_000)
    doc.table(["a"], [["x"]] * 50_000)  # exactly at the limit is still fine


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda d: d.table("abc", []), TypeError, "not a str"),
        (lambda d: d.table([], []), ValueError, "1 to 30 columns"),
        (lambda d: d.table(["c"] * 31, []), ValueError, "1 to 30 columns"),
        (lambda d: d.table(["a", "b"], [["1"]]), ValueError, "row 1 has 1 cells, the header has 2"),
        (lambda d: d.table(["a"], [[12]]), TypeError, "cells must be str"),
        (lambda d: d.table(["a"], ["abc"]), TypeError, "must be a list of str"),
        (lambda d: d.table(["a"], [["x" * 2001]]), ValueError, "at most 2000"),
        (lambda d: d.table(["a"], [["x"]], align=["middle"]), ValueError, "align"),
        (lambda d: d.table(["a"], [["x"]], align=["left", "right"]), ValueError, "align"),
        (lambda d: d.table(["a"], [["x"]], totals=["1", "2"]), ValueError, "totals has 2 cells"),
        (lambda d: d.table(["a", "b"], [], col_widths_mm=[100, 100]), ValueError, "page has 180.0 mm"),
        (lambda d: d.table(["a", "b"], [], col_widths_mm=[100]), ValueError, "1 widths for 2 columns"),
        (lambda d: d.table(["a"], [], col_widths_mm=[1]), ValueError, "column width"),
        (lambda d: d.paragraph("x" * 20_001), ValueError, "at most 20000"),
        (lambda d: d.paragraph(None), TypeError, "paragraph must be str"),
        (lambda d: d.heading("x", level=3), ValueError, "level"),
        (lambda d: d.spacer(-1), ValueError, "spacer"),
        (lambda d: d.spacer(float("nan")), ValueError, "spacer"),
        (lambda d: d.spacer(1000), ValueError, "spacer"),
        (lambda d: d.key_values([("a", "b")], columns=5), ValueError, "columns"),
        (lambda d: d.key_values([("a",)]), ValueError, "pairs"),
        (lambda d: d.key_values([("k", "v")] * 501), ValueError, "at most 500"),
        (lambda d: d.qr(""), ValueError, "empty"),
        (lambda d: d.qr("x" * 1001), ValueError, "at most 1000"),
        (lambda d: d.qr("码" * 400), ValueError, "1200 bytes"),
        (lambda d: d.qr("x", size_mm=5), ValueError, "QR size"),
        (lambda d: d.qr("x", align="top"), ValueError, "align"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call(make_doc())


def test_bad_document_options_are_refused():
    with pytest.raises(TypeError, match="printed_at"):
        PdfDocument("标题", printed_at="2024-06-01")
    with pytest.raises(ValueError, match="title is 201 characters"):
        PdfDocument("x" * 201, printed_at=PRINTED_AT)
    with pytest.raises(TypeError, match="footer must be str"):
        PdfDocument("标题", printed_at=PRINTED_AT, footer=None)


def test_too_many_elements_are_refused(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_ELEMENTS", 3)
    doc = make_doc()
    for _ in range(3):
        doc.spacer(1)
    with pytest.raises(ValueError, match="at most 3 elements"):
        doc.page_break()


def test_a_cell_taller_than_a_page_is_a_value_error_not_a_layout_crash():
    doc = make_doc()
    doc.table(["说明", "金额"], [["长" * 2000, "1.00"]], col_widths_mm=[6, 100])
    with pytest.raises(ValueError, match="does not fit on a page"):
        doc.build()


def test_on_page_reports_progress_and_can_cancel_the_build(tmp_path):
    doc = make_doc()
    doc.table(HEADERS, ticket_rows(200))
    pages = []
    data = doc.build(on_page=pages.append)
    assert pages == list(range(1, len(page_texts(data)) + 1))

    class Cancelled(Exception):
        pass

    def cancel_on_page_2(number):
        if number == 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        doc.save(tmp_path / "cancelled.pdf", on_page=cancel_on_page_2)
    assert not any(tmp_path.glob("cancelled.pdf*"))


def test_metadata_names_the_document():
    doc = make_doc(subtitle="2024-05")
    doc.paragraph("x")
    meta = reader(doc.build()).metadata
    assert meta.title == "月度对账单"
    assert meta.author == "寿光农产品物流园"
    assert meta.subject == "2024-05"
