"""The one font of every MarketDesk PDF: the bundled WenQuanYi Micro Hei (CJK, TrueType).

reportlab's built-in CID fonts (STSong-Light, ...) are never used: they are not embedded, so a
PDF made with them prints as boxes or in a substitute face on a machine without the font. The
TrueType font is subset and embedded with a ToUnicode map, so text stays searchable.

The face has no bold or italic; the family maps all four styles to the one face so that
`<b>` and `<i>` in Paragraph markup keep working instead of raising.
"""
from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

import app

FONT_NAME = "MarketDeskCJK"
FONT_FILE = "wqy-microhei.ttc"
# Index 0 of the collection is the proportional face; 1 is "WenQuanYi Micro Hei Mono".
SUBFONT_INDEX = 0

_lock = threading.Lock()
_registered = False


def font_path() -> Path:
    return Path(app.RESOURCES_DIR) / "fonts" / FONT_FILE


def register_fonts() -> str:
    """Register the CJK font and its family once per process; return its font name.

    Thread-safe and idempotent: loading the 5 MB collection takes ~0.1 s, so it happens once.
    """
    global _registered
    if _registered:
        return FONT_NAME
    with _lock:
        if _registered:
            return FONT_NAME
        path = font_path()
        if not path.is_file():
            raise FileNotFoundError(f"bundled CJK font missing: {path}")
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=SUBFONT_INDEX))
        # Bold/italic are the same face: <b> must not crash, and there is nothing better.
        pdfmetrics.registerFontFamily(
            FONT_NAME, normal=FONT_NAME, bold=FONT_NAME, italic=FONT_NAME, boldItalic=FONT_NAME
        )
        _registered = True
    return FONT_NAME
