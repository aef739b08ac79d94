"""Chinese licence plates: what a cashier types (lower case, fullwidth, spaces, the dot
after the region letter) becomes one normal form, or a clear refusal.

Normal form: province character + region letter + 5 characters (6 for new-energy plates),
e.g. 鲁A12345, 粤BD12345; trailer/coach/police suffix characters (挂 学 警 港 澳) are kept."""
from __future__ import annotations

import re
import unicodedata

from app.errors import ValidationError

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
SUFFIXES = "挂学警港澳"
PLATE_MAX_CHARS = 16
_PLATE = re.compile(rf"^[{PROVINCES}][A-Z][A-HJ-NP-Z0-9]{{4,6}}[{SUFFIXES}]?$")
_SEPARATORS = " \t·•.-_"


def normalize_plate(text: str) -> str:
    """'鲁a·12345 ' -> '鲁A12345'; ValidationError naming what is wrong."""
    raw = unicodedata.normalize("NFKC", text or "")
    plate = "".join(ch for ch in raw if ch not in _SEPARATORS).upper()
    if not plate:
        raise ValidationError("plate: type the licence plate, e.g. 鲁A12345")
    if len(plate) > PLATE_MAX_CHARS:
        raise ValidationError(f"plate: at most {PLATE_MAX_CHARS} characters")
    if plate[0] not in PROVINCES:
        raise ValidationError(f"plate {plate}: must start with a province character such as 鲁 or 京")
    if not _PLATE.match(plate):
        raise ValidationError(f"plate {plate}: province character, a region letter, then 5 or 6 letters "
                              "and digits (no I or O), e.g. 鲁A12345")
    return plate


def plate_fragment(text: str) -> str:
    """What a search box holds, in the same form as stored plates (no validation)."""
    raw = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in raw if ch not in _SEPARATORS).upper()[:PLATE_MAX_CHARS]
