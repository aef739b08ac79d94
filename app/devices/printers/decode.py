"""A small ESC/POS decoder: bytes -> a transcript of what a printer would do with them.

It knows every command Receipt emits plus DLE EOT (status queries) and FS . ; anything else
becomes an Error item at its offset, never a silent drop. Used by the tests (round trips,
golden snapshots), by the loopback printer (to take status queries out of a job) and by a
`print decode` command."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from app.devices.printers.width import ENCODINGS

ESC, GS, FS, DLE, LF, CR = 0x1B, 0x1D, 0x1C, 0x10, 0x0A, 0x0D
EOT = 0x04
MAX_DECODE_BYTES = 16 << 20   # a job is KBs; refuse to spend minutes on a runaway capture
ALIGN_NAMES = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
EC_NAMES = {48: "L", 49: "M", 50: "Q", 51: "H"}
SIZE_NAMES = {(1, 1): "normal", (2, 2): "double", (2, 1): "wide", (1, 2): "tall"}
SIZE_TAGS = {"double": "2x", "wide": "2w", "tall": "2h"}
ALIGN_TAGS = {"center": "C", "right": "R"}


@dataclass(frozen=True)
class Init:
    pass


@dataclass(frozen=True)
class ChineseMode:
    on: bool


@dataclass(frozen=True)
class TextLine:
    text: str
    align: str = "left"
    size: str = "normal"
    bold: bool = False
    terminated: bool = True  # False: still in the printer's line buffer, not printed yet


@dataclass(frozen=True)
class Feed:
    lines: int


@dataclass(frozen=True)
class Qr:
    payload: str
    module_size: int
    ec: str
    model: int = 2


@dataclass(frozen=True)
class Raster:
    width: int                          # dots, a multiple of 8
    height: int
    rows: tuple[tuple[int, ...], ...]   # 1 = dot
    scale: int = 0                      # GS v 0 m: 0 normal, 1 double width, 2 double height, 3 both


@dataclass(frozen=True)
class Cut:
    partial: bool
    feed: int | None = None


@dataclass(frozen=True)
class Drawer:
    pin: int
    on_ms: int
    off_ms: int


@dataclass(frozen=True)
class StatusQuery:
    n: int
    offset: int = field(default=-1, compare=False)


@dataclass(frozen=True)
class Error:
    offset: int
    message: str
    raw: bytes = b""


Item = Union[Init, ChineseMode, TextLine, Feed, Qr, Raster, Cut, Drawer, StatusQuery, Error]


@dataclass
class Transcript:
    items: list[Item]

    def of(self, kind: type) -> list:
        return [i for i in self.items if isinstance(i, kind)]

    @property
    def errors(self) -> list[Error]:
        return self.of(Error)

    @property
    def lines(self) -> list[TextLine]:
        return self.of(TextLine)

    @property
    def qrs(self) -> list[Qr]:
        return self.of(Qr)

    @property
    def rasters(self) -> list[Raster]:
        return self.of(Raster)

    def images(self) -> list[Raster]:
        """Raster bands printed one after the other (same width, nothing between) joined into
        the image they make on paper: a QR or logo taller than one band is one image here."""
        out: list[Raster] = []
        previous = None
        for item in self.items:
            if isinstance(item, Raster) and isinstance(previous, Raster) and out \
                    and out[-1].width == item.width and out[-1].scale == item.scale:
                joined = out[-1].rows + item.rows
                out[-1] = Raster(item.width, len(joined), joined, item.scale)
            elif isinstance(item, Raster):
                out.append(item)
            previous = item
        return out

    def text(self) -> str:
        return "\n".join(render(item) for item in self.items)


def render(item: Item) -> str:
    match item:
        case TextLine():
            size_tag = SIZE_TAGS.get(item.size, None if item.size == "normal" else item.size)
            tags = "".join(f"[{t}]" for t in (ALIGN_TAGS.get(item.align), size_tag, "B" if item.bold else None) if t)
            line = f"{tags} {item.text}" if tags else item.text
            return line if item.terminated else f"{line} [NO LF]"
        case Init():
            return "[INIT]"
        case ChineseMode():
            return "[CHINESE ON]" if item.on else "[CHINESE OFF]"
        case Feed():
            return f"[FEED {item.lines}]"
        case Qr():
            return f"[QR {item.ec} {item.module_size}] {item.payload}"
        case Raster():
            scale = f" scale {item.scale}" if item.scale else ""
            return f"[RASTER {item.width}x{item.height}{scale}]"
        case Cut():
            return "[CUT]" if item.partial else "[CUT full]"
        case Drawer():
            return f"[DRAWER pin{item.pin} {item.on_ms}/{item.off_ms}ms]"
        case StatusQuery():
            return f"[STATUS {item.n}]"
        case Error():
            raw = f" ({item.raw[:16].hex(' ')}{' ...' if len(item.raw) > 16 else ''})" if item.raw else ""
            return f"[ERROR @{item.offset}] {item.message}{raw}"
    raise AssertionError(f"unrendered item {item!r}")


class _Truncated(Exception):
    pass


class _Decoder:
    def __init__(self, data: bytes, encoding: str):
        self.data = data
        self.encoding = encoding
        self.i = 0
        self.items: list[Item] = []
        self.align, self.size, self.bold, self.chinese = "left", "normal", False, False
        self.pending = bytearray()          # text bytes of the line being built
        self.pending_at = 0
        self.pending_mode = ("left", "normal", False)
        self.qr = {"model": 2, "size": 3, "ec": "L", "data": None}  # printer power-on defaults

    def need(self, n: int) -> bytes:
        if self.i + n > len(self.data):
            raise _Truncated
        return self.data[self.i:self.i + n]

    def error(self, start: int, message: str) -> None:
        self.items.append(Error(start, message, bytes(self.data[start:self.i])))

    def flush(self, terminated: bool) -> None:
        if not self.pending and not terminated:
            return
        raw = bytes(self.pending)
        text = raw.decode(self.encoding, errors="replace")
        align, size, bold = self.pending_mode if raw else (self.align, self.size, self.bold)
        self.items.append(TextLine(text, align, size, bold, terminated))
        if "\ufffd" in text:
            self.items.append(Error(self.pending_at, f"text is not valid {self.encoding}", raw))
        elif not self.chinese and any(b >= 0x80 for b in raw):
            self.items.append(Error(self.pending_at, "two-byte text while Chinese mode is off (no FS &)", raw))
        self.pending.clear()

    def at_line_start(self, start: int, what: str) -> None:
        """Commands that act only at the start of a line: text before them is a layout bug."""
        if self.pending:
            self.flush(terminated=False)
            self.items.append(Error(start, f"{what} in the middle of a line"))

    def run(self) -> list[Item]:
        while self.i < len(self.data):
            start = self.i
            try:
                self.step(start)
            except _Truncated:
                self.i = len(self.data)
                self.error(start, "command cut short by the end of the data")
        if self.pending:
            self.flush(terminated=False)
            self.items.append(Error(len(self.data), "text without a final line feed is never printed"))
        return self.items

    def step(self, start: int) -> None:
        b = self.data[self.i]
        if b >= 0x20:
            end = self.i
            while end < len(self.data) and self.data[end] >= 0x20:
                end += 1
            if not self.pending:
                self.pending_at = self.i
                self.pending_mode = (self.align, self.size, self.bold)
            self.pending += self.data[self.i:end]
            self.i = end
            return
        self.i += 1
        if b == LF:
            self.flush(terminated=True)
        elif b == CR:
            pass  # printers without auto line feed ignore CR; CR LF ends a line once
        elif b == ESC:
            self.esc(start)
        elif b == GS:
            self.gs(start)
        elif b == FS:
            self.fs(start)
        elif b == DLE:
            self.dle(start)
        else:
            self.error(start, f"unknown control byte 0x{b:02X}")

    def esc(self, start: int) -> None:
        c = self.need(1)[0]
        self.i += 1
        if c == ord("@"):
            if self.pending:
                self.items.append(Error(start, "ESC @ discards the unprinted line", bytes(self.pending)))
                self.pending.clear()
            self.align, self.size, self.bold = "left", "normal", False
            self.items.append(Init())
        elif c == ord("a"):
            n = self.need(1)[0]
            self.i += 1
            if n not in ALIGN_NAMES:
                return self.error(start, f"ESC a {n}: no such alignment")
            self.at_line_start(start, "ESC a (alignment)")
            self.align = ALIGN_NAMES[n]
        elif c == ord("E"):
            self.bold = bool(self.need(1)[0] & 1)
            self.i += 1
        elif c == ord("d"):
            n = self.need(1)[0]
            self.i += 1
            if self.pending:
                self.flush(terminated=True)
            self.items.append(Feed(n))
        elif c == ord("p"):
            m, t1, t2 = self.need(3)
            self.i += 3
            if m not in (0, 1, 48, 49):
                return self.error(start, f"ESC p {m}: no such drawer connector")
            self.items.append(Drawer(2 if m in (0, 48) else 5, t1 * 2, t2 * 2))
        else:
            self.error(start, f"unknown command ESC 0x{c:02X}")

    def gs(self, start: int) -> None:
        c = self.need(1)[0]
        self.i += 1
        if c == ord("!"):
            n = self.need(1)[0]
            self.i += 1
            w, h = (n >> 4) + 1, (n & 0x0F) + 1
            if w > 8 or h > 8:
                return self.error(start, f"GS ! 0x{n:02X}: no such character size")
            self.size = SIZE_NAMES.get((w, h), f"{w}x{h}")
        elif c == ord("V"):
            m = self.need(1)[0]
            self.i += 1
            feed = None
            if m in (65, 66):
                feed = self.need(1)[0]
                self.i += 1
            elif m not in (0, 1, 48, 49):
                return self.error(start, f"GS V {m}: no such cut")
            self.at_line_start(start, "GS V (cut)")
            self.items.append(Cut(partial=m in (1, 49, 66), feed=feed))
        elif c == ord("("):
            if self.need(1)[0] != ord("k"):
                self.i += 1
                return self.error(start, "unknown command GS (")
            self.i += 1
            size = int.from_bytes(self.need(2), "little")
            self.i += 2
            body = self.need(size)
            self.i += size
            self.symbol(start, body)
        elif c == ord("v"):
            head = self.need(6)  # '0' m xL xH yL yH
            self.i += 6
            m, x, y = head[1], int.from_bytes(head[2:4], "little"), int.from_bytes(head[4:6], "little")
            if head[0] != ord("0") or m not in (0, 1, 2, 3, 48, 49, 50, 51):
                return self.error(start, "GS v: only GS v 0 m (raster image) is known")
            if x == 0 or y == 0:
                return self.error(start, f"GS v 0: empty image {x} bytes x {y} rows")
            raw = self.need(x * y)
            self.i += x * y
            self.at_line_start(start, "GS v 0 (raster image)")
            rows = tuple(tuple((byte >> (7 - bit)) & 1 for byte in raw[r * x:(r + 1) * x] for bit in range(8))
                         for r in range(y))
            self.items.append(Raster(x * 8, y, rows, m & 0x0F))
        else:
            self.error(start, f"unknown command GS 0x{c:02X}")

    def symbol(self, start: int, body: bytes) -> None:
        """GS ( k: cn 49 is the QR code; functions 65 model, 67 size, 69 level, 80 store, 81 print."""
        if len(body) < 2 or body[0] != 49:
            return self.error(start, "GS ( k: only QR code functions (cn 49) are known")
        fn, params = body[1], body[2:]
        if fn == 65 and len(params) == 2 and params[0] in (49, 50, 51):
            self.qr["model"] = params[0] - 48
        elif fn == 67 and len(params) == 1 and 1 <= params[0] <= 16:
            self.qr["size"] = params[0]
        elif fn == 69 and len(params) == 1 and params[0] in EC_NAMES:
            self.qr["ec"] = EC_NAMES[params[0]]
        elif fn == 80 and params[:1] == b"0":
            self.qr["data"] = bytes(params[1:])
        elif fn == 81 and params == b"0":
            if self.qr["data"] is None:
                return self.error(start, "QR print without stored data")
            self.at_line_start(start, "QR print")
            try:
                payload = self.qr["data"].decode("utf-8")
            except UnicodeDecodeError:
                payload = self.qr["data"].decode("utf-8", errors="replace")
                self.error(start, "QR data is not UTF-8")
            self.items.append(Qr(payload, self.qr["size"], self.qr["ec"], self.qr["model"]))
        else:
            self.error(start, f"GS ( k QR function {fn} with {len(params)} parameter bytes is not known")

    def fs(self, start: int) -> None:
        c = self.need(1)[0]
        self.i += 1
        if c == ord("&"):
            self.chinese = True
            self.items.append(ChineseMode(True))
        elif c == ord("."):
            self.chinese = False
            self.items.append(ChineseMode(False))
        else:
            self.error(start, f"unknown command FS 0x{c:02X}")

    def dle(self, start: int) -> None:
        c, n = self.need(2)
        self.i += 2
        if c != EOT or not 1 <= n <= 4:
            return self.error(start, f"unknown real-time command DLE 0x{c:02X} 0x{n:02X}")
        self.items.append(StatusQuery(n, offset=start))


def decode(data: bytes, encoding: str = "gb18030") -> Transcript:
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding: one of {', '.join(ENCODINGS)}, not {encoding!r}")
    if len(data) > MAX_DECODE_BYTES:
        raise ValueError(f"{len(data)} bytes: at most {MAX_DECODE_BYTES} are decoded")
    return Transcript(_Decoder(bytes(data), encoding).run())


def strip_status_queries(data: bytes) -> tuple[bytes, list[int]]:
    """The job without its DLE EOT commands, and their n in order. Only commands count: the
    same bytes inside image or QR data are data (the tokenizer skips parameters)."""
    queries = decode(data).of(StatusQuery)
    out = bytearray()
    at = 0
    for q in queries:
        out += data[at:q.offset]
        at = q.offset + 3
    out += data[at:]
    return bytes(out), [q.n for q in queries]
