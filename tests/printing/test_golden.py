"""Every document at 58 and 80 mm, decoded back from its ESC/POS bytes and compared with a
reviewed snapshot (tests/printing/golden/). After an intended change to a layout, look at
the new text and regenerate with MARKETDESK_UPDATE_GOLDEN=1."""
import os
from pathlib import Path

import pytest

from app.devices.printers.decode import decode
from app.devices.printers.settings import PrinterSettings
from app.devices.printers.width import text_width
from app.printing.render import Branding, render
from app.printing.samples import SAMPLE_KINDS, sample_document

GOLDEN = Path(__file__).parent / "golden"
KINDS = [k for k in SAMPLE_KINDS if k != "bill"]
BRANDING = Branding(market_name="寿光农产品物流园", footer="谢谢惠顾，一路平安")


def _render(kind, paper_mm, **kw):
    printer = PrinterSettings(paper_mm=paper_mm, drawer=True)
    return render(sample_document(kind), printer, BRANDING, **kw)


@pytest.mark.parametrize("paper_mm", [58, 80])
@pytest.mark.parametrize("kind", KINDS)
def test_document_matches_its_snapshot(kind, paper_mm):
    transcript = decode(_render(kind, paper_mm, open_drawer=(kind == "entry-voucher")))
    assert not transcript.errors
    path = GOLDEN / f"{kind}-{paper_mm}mm.txt"
    if os.environ.get("MARKETDESK_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(transcript.text() + "\n", encoding="utf-8")
    assert transcript.text() + "\n" == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("paper_mm, columns", [(58, 32), (80, 48)])
@pytest.mark.parametrize("kind", KINDS)
def test_no_line_wider_than_the_paper(kind, paper_mm, columns):
    for line in decode(_render(kind, paper_mm)).lines:
        factor = 2 if line.size in ("double", "wide") else 1
        assert text_width(line.text, "gb18030") * factor <= columns, line


def test_voucher_carries_what_a_driver_needs():
    transcript = decode(_render("entry-voucher", 58, open_drawer=True))
    text = transcript.text()
    for needed in ("寿光农产品物流园", "进场缴费凭证", "E2611230042", "1号收费台", "张晓梅", "鲁A12345",
                   "寿光蔬菜批发部", "大白菜", "32.560 吨", "12.080 吨", "20.480 吨", "￥15.00/吨",
                   "￥307.20", "￥300.00", "￥7.20", "2026-11-23 08:15:42"):
        assert needed in text, needed
    assert [q.payload for q in transcript.qrs] == [sample_document("entry-voucher").qr]
    assert transcript.items[-1].__class__.__name__ == "Drawer"  # a cash part: the drawer opens


def test_reprint_is_marked_and_never_opens_the_drawer():
    transcript = decode(_render("entry-voucher", 80, reprint_no=2, reprinted_at="2026-11-24 09:00",
                                open_drawer=True))
    text = transcript.text()
    assert "重打 / DUPLICATE" in text and "第 2 次重打 2026-11-24 09:00" in text
    assert "DRAWER" not in text


def test_big5_printer_gets_big5_bytes():
    printer = PrinterSettings(paper_mm=80, encoding="big5")
    data = render(sample_document("recharge-receipt"), printer, BRANDING)
    assert "當前餘額".encode("big5") not in data  # simplified text stays simplified ...
    assert decode(data, encoding="big5").errors == []  # ... and decodes cleanly as Big5


def test_image_qr_for_printers_without_native_qr():
    printer = PrinterSettings(paper_mm=58, qr_mode="image")
    transcript = decode(render(sample_document("entry-voucher"), printer, BRANDING))
    assert transcript.qrs == [] and transcript.rasters


def test_logo_is_printed_when_set():
    import io

    from PIL import Image
    buf = io.BytesIO()
    Image.new("1", (200, 60), 0).save(buf, "PNG")
    data = render(sample_document("entry-voucher"), PrinterSettings(paper_mm=80),
                  Branding(market_name="x", logo_png=buf.getvalue()))
    assert decode(data).rasters
