"""Reading generated PDFs back in tests: text per page, fonts, images, text positions."""
from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import IndirectObject


def reader(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-"), data[:20]
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in reader(data).pages]


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _resource_dicts(resources):
    """A page's resources and those of every form XObject it uses, recursively."""
    resources = _resolve(resources)
    if not resources:
        return
    yield resources
    for xobject in _resolve(resources.get("/XObject", {})).values():
        xobject = _resolve(xobject)
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            yield from _resource_dicts(xobject["/Resources"])


@dataclass
class FontInfo:
    base_font: str
    subtype: str
    embedded: bool
    has_to_unicode: bool


def fonts(data: bytes) -> list[FontInfo]:
    """Every font any page refers to, with whether its program is embedded in the file."""
    found = []
    for page in reader(data).pages:
        for resources in _resource_dicts(page.get("/Resources")):
            for font in _resolve(resources.get("/Font", {})).values():
                font = _resolve(font)
                subtype = str(font.get("/Subtype"))
                described = font
                if subtype == "/Type0":
                    described = _resolve(_resolve(font["/DescendantFonts"])[0])
                descriptor = _resolve(described.get("/FontDescriptor"))
                embedded = bool(descriptor) and any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                found.append(FontInfo(str(font.get("/BaseFont")), subtype, embedded, "/ToUnicode" in font))
    return found


def images(data: bytes, page_index: int):
    """PIL images of the image XObjects drawn on one page."""
    return [image.image for image in reader(data).pages[page_index].images]


@dataclass
class TextRun:
    text: str
    x: float
    y: float
    size: float


def text_runs(data: bytes, page_index: int) -> list[TextRun]:
    """Text shown on a page with its device-space origin and font size."""
    runs: list[TextRun] = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text.strip():
            return
        # text space -> user space: tm, then the current transformation matrix
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        runs.append(TextRun(text, x, y, font_size * tm[0] * cm[0]))

    reader(data).pages[page_index].extract_text(visitor_text=visit)
    return runs
