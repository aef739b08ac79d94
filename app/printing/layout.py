"""Receipt layouts (resources/layouts/<kind>.toml): a list of blocks, checked when loaded so
a mistake names its file and block instead of surfacing at the counter mid-shift."""
from __future__ import annotations

import re
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path

from app import RESOURCES_DIR
from app.errors import ValidationError

LAYOUTS_DIR = RESOURCES_DIR / "layouts"
BLOCKS_MAX = 200
FIELD = re.compile(r"\{(\w+)\}")
ALIGNS = ("left", "center", "right")

# type -> (required keys, optional keys)
BLOCK_KEYS: dict[str, tuple[set[str], set[str]]] = {
    "logo": (set(), set()),
    "title": ({"text"}, set()),
    "heading": ({"text"}, set()),
    "duplicate": (set(), set()),
    "pair": ({"label", "value"}, {"bold"}),
    "text": ({"text"}, {"align", "bold"}),
    "table": ({"rows", "headers", "widths"}, {"aligns"}),
    "separator": (set(), {"char"}),
    "qr": (set(), set()),
    "footer": (set(), set()),
    "feed": (set(), {"lines"}),
}


@dataclass(frozen=True)
class Block:
    type: str
    options: dict
    when: str | None = None

    def get(self, key: str, default=None):
        return self.options.get(key, default)


@dataclass(frozen=True)
class Layout:
    kind: str
    blocks: tuple[Block, ...]


def fill(template: str, values: dict[str, str]) -> str:
    """{name} -> values[name]; only plain names (no attribute or index access)."""
    return FIELD.sub(lambda m: values[m.group(1)], template)


def parse(kind: str, text: str, source: str = "<layout>") -> Layout:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"layout {source}: {exc}") from None
    items = raw.get("block")
    if not isinstance(items, list) or not items:
        raise ValidationError(f"layout {source}: no [[block]] entries")
    if len(items) > BLOCKS_MAX:
        raise ValidationError(f"layout {source}: more than {BLOCKS_MAX} blocks")
    return Layout(kind, tuple(_block(item, f"{source} block {i + 1}") for i, item in enumerate(items)))


def _block(item: dict, where: str) -> Block:
    options = dict(item)
    kind = options.pop("type", None)
    when = options.pop("when", None)
    if kind not in BLOCK_KEYS:
        raise ValidationError(f"layout {where}: unknown type {kind!r} (one of {', '.join(BLOCK_KEYS)})")
    required, optional = BLOCK_KEYS[kind]
    missing = required - set(options)
    extra = set(options) - required - optional
    if missing:
        raise ValidationError(f"layout {where}: {kind} needs {', '.join(sorted(missing))}")
    if extra:
        raise ValidationError(f"layout {where}: {kind} does not take {', '.join(sorted(extra))}")
    if when is not None and not (isinstance(when, str) and when.isidentifier()):
        raise ValidationError(f"layout {where}: when must name a field")
    if options.get("align", "left") not in ALIGNS:
        raise ValidationError(f"layout {where}: align must be one of {', '.join(ALIGNS)}")
    if kind == "table":
        headers, widths = options["headers"], options["widths"]
        aligns = options.get("aligns", ["left"] * len(headers))
        if not (len(headers) == len(widths) == len(aligns)) or abs(sum(widths) - 1) > 1e-6:
            raise ValidationError(f"layout {where}: headers, widths and aligns must match; widths add up to 1")
        if any(a not in ALIGNS for a in aligns):
            raise ValidationError(f"layout {where}: aligns must be left, center or right")
    if kind == "feed" and not (isinstance(options.get("lines", 1), int) and 1 <= options.get("lines", 1) <= 10):
        raise ValidationError(f"layout {where}: feed lines 1 to 10")
    return Block(kind, options, when)


_cache: dict[str, Layout] = {}
_lock = threading.Lock()


def load(kind: str, directory: Path | None = None) -> Layout:
    path = (directory or LAYOUTS_DIR) / f"{kind}.toml"
    key = str(path)
    with _lock:
        if key in _cache:
            return _cache[key]
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"layout {path}: cannot be read ({exc.strerror})") from None
    layout = parse(kind, text, path.name)
    with _lock:
        _cache[key] = layout
    return layout


def check_fields(layout: Layout, values: dict[str, str]) -> None:
    """Every {name} and when= of the layout exists in the document (run by the tests and at
    start for every kind, so a typo never reaches a printer)."""
    names: set[str] = set()
    for block in layout.blocks:
        if block.when:
            names.add(block.when)
        for key in ("text", "label", "value"):
            if isinstance(block.get(key), str):
                names.update(FIELD.findall(block.get(key)))
    unknown = names - set(values)
    if unknown:
        raise ValidationError(f"layout {layout.kind}: unknown fields {', '.join(sorted(unknown))}")
