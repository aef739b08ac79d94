"""Pinyin initials of a Chinese name, for search as you type: 寿光蔬菜批发部 -> SGSCPFB.
Latin letters and digits are kept; everything else is dropped."""
from __future__ import annotations

from functools import lru_cache

INITIALS_MAX_CHARS = 64


@lru_cache(maxsize=4096)
def initials(name: str) -> str:
    from pypinyin import Style, lazy_pinyin
    out = []
    for part in lazy_pinyin(name or "", style=Style.FIRST_LETTER, errors="default"):
        out.extend(ch for ch in part.upper() if ch.isascii() and ch.isalnum())
    return "".join(out)[:INITIALS_MAX_CHARS]
