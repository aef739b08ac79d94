"""The bundled CJK font: registered once, from the resources directory, with a family."""
import io
import threading

import pytest
from reportlab.lib.fonts import tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, SimpleDocTemplate

from app.reports import fonts
from tests.reports.pdf_inspect import fonts as pdf_fonts
from tests.reports.pdf_inspect import page_texts


def test_register_returns_the_name_and_is_idempotent():
    name = fonts.register_fonts()
    assert name == fonts.register_fonts() == fonts.FONT_NAME
    # index 0 of the collection: the proportional face, not "WenQuanYi Micro Hei Mono"
    assert pdfmetrics.getFont(name).face.familyName == b"WenQuanYi Micro Hei"
    assert fonts.font_path().name == "wqy-microhei.ttc"


def test_bold_and_italic_map_to_the_one_face():
    name = fonts.register_fonts()
    for bold in (0, 1):
        for italic in (0, 1):
            assert tt2ps(name, bold, italic) == name


def test_bold_markup_in_a_paragraph_builds_and_embeds_only_the_cjk_font():
    name = fonts.register_fonts()
    buffer = io.BytesIO()
    style = ParagraphStyle("p", fontName=name, fontSize=10, wordWrap="CJK")
    template = SimpleDocTemplate(buffer, initialFontName=name)
    template.build([Paragraph("<b>粗体</b> 与 <i>斜体</i> 文字", style)])
    data = buffer.getvalue()
    assert "粗体 与 斜体 文字" in page_texts(data)[0]
    found = pdf_fonts(data)
    assert found and all(font.embedded for font in found)


def test_concurrent_first_use_loads_the_font_once(monkeypatch):
    loads = []
    real = fonts.TTFont

    def counting(*args, **kwargs):
        loads.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(fonts, "_registered", False)
    monkeypatch.setattr(fonts, "TTFont", counting)
    barrier = threading.Barrier(8)
    results = []

    def worker():
        barrier.wait()
        results.append(fonts.register_fonts())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [fonts.FONT_NAME] * 8
    assert len(loads) == 1
    assert loads[0][1].endswith("wqy-microhei.ttc")


def test_a_missing_font_file_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "_registered", False)
    monkeypatch.setattr(fonts.app, "RESOURCES_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match="wqy-microhei.ttc"):
        fonts.register_fonts()
