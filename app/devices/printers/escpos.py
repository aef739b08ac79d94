"""Receipt: builds the ESC/POS bytes of one receipt for a Chinese printer.

We encode the text ourselves (str.encode with GB18030 or Big5, after width.printable()) and
switch the printer to Chinese character mode (FS &) once at the top: python-escpos' text
encoder guesses code pages per character and knows nothing of two-column glyphs. Every
line is measured before it is sent; a line wider than the paper is a bug (assertion)."""
from __future__ import annotations

from typing import IO, Sequence

from app.devices.printers import width as cols
from app.errors import ValidationError

ESC, GS, FS, DLE, LF = b"\x1b", b"\x1d", b"\x1c", b"\x10", b"\n"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"

PAPER_DOTS = {58: 384, 80: 576}          # printable width at 8 dots/mm: 48 mm and 72 mm
DEFAULT_COLUMNS = {58: 32, 80: 48}       # 12x24 font: 384/12 and 576/12
COLUMNS_80_MM = range(42, 49)            # 80 mm printers with a wider font or margins
QR_MODES = ("native", "image")

ALIGN_CODES = {"left": 0, "center": 1, "right": 2}
SIZE_CODES = {"normal": 0x00, "double": 0x11, "wide": 0x10, "tall": 0x01}  # GS ! n: width<<4 | height
SIZE_WIDTH_FACTOR = {"normal": 1, "double": 2, "wide": 2, "tall": 1}

QR_EC_CODES = {"L": 48, "M": 49, "Q": 50, "H": 51}
QR_MAX_BYTES = {"L": 2953, "M": 2331, "Q": 1663, "H": 1273}  # byte mode, version 40
QR_MODULE_DOTS = range(1, 17)            # GS ( k function 167 accepts 1..16
QR_MIN_MODULE_DOTS = 2                   # smaller is not read reliably by a phone or scanner
QR_BORDER_MODULES = 4                    # the quiet zone the standard asks for
QR_MODEL_2 = 50

RASTER_BAND_ROWS = 256                   # GS v 0 per band: small printers choke on tall images
MAX_IMAGE_ROWS = 2400                    # 30 cm of image is a mistake, not a logo
MAX_LOGO_ROWS = 480                      # 6 cm
MAX_LOGO_PIXELS = 4_000_000              # checked before decoding: no decompression bombs
BLACK_BELOW = 128                        # grey levels under this print as a dot
MAX_FEED_LINES = 30
DRAWER_PINS = {2: 0, 5: 1}               # ESC p m: m=0 connector pin 2, m=1 pin 5
DRAWER_UNIT_MS = 2                       # ESC p t1 t2 count in 2 ms steps, 1..255
CUT_PARTIAL, CUT_FULL = 66, 65           # GS V m n: feed to the cutter (+n) then cut
CUT_EXTRA_FEED = 0
MAX_RECEIPT_BYTES = 1 << 20              # a receipt is a few KB; 1 MiB is a runaway loop


def paper_for_columns(columns: int) -> int:
    if columns == DEFAULT_COLUMNS[58]:
        return 58
    if columns in COLUMNS_80_MM:
        return 80
    raise ValueError(f"columns: 32 (58 mm paper) or 42 to 48 (80 mm), not {columns!r}")


def qr_matrix(payload: str, ec: str = "M") -> list[list[bool]]:
    """The QR symbol for `payload` (UTF-8, byte mode) with its quiet zone, True = dark."""
    import qrcode
    from qrcode import constants

    levels = {"L": constants.ERROR_CORRECT_L, "M": constants.ERROR_CORRECT_M,
              "Q": constants.ERROR_CORRECT_Q, "H": constants.ERROR_CORRECT_H}
    qr = qrcode.QRCode(error_correction=levels[ec], box_size=1, border=QR_BORDER_MODULES)
    qr.add_data(payload.encode("utf-8"))
    qr.make(fit=True)
    return qr.get_matrix()


class Receipt:
    def __init__(self, columns: int, encoding: str = "gb18030", qr_mode: str = "native", *,
                 paper_mm: int | None = None):
        if encoding not in cols.ENCODINGS:
            raise ValueError(f"encoding: one of {', '.join(cols.ENCODINGS)}, not {encoding!r}")
        if qr_mode not in QR_MODES:
            raise ValueError(f"qr_mode: one of {', '.join(QR_MODES)}, not {qr_mode!r}")
        paper = paper_for_columns(columns)
        if paper_mm is not None and paper_mm != paper:
            raise ValueError(f"{columns} columns do not fit {paper_mm} mm paper")
        self.columns = columns
        self.encoding = encoding
        self.qr_mode = qr_mode
        self.paper_mm = paper
        self.dots = PAPER_DOTS[paper]
        self._buf = bytearray()
        self._append(INIT + CHINESE_ON)

    # -- text -----------------------------------------------------------------------------

    def text(self, s: str, align: str = "left", size: str = "normal", bold: bool = False) -> None:
        """Wrapped to the paper; double and wide characters take twice the columns."""
        if align not in ALIGN_CODES:
            raise ValueError(f"align: one of {', '.join(ALIGN_CODES)}, not {align!r}")
        if size not in SIZE_CODES:
            raise ValueError(f"size: one of {', '.join(SIZE_CODES)}, not {size!r}")
        usable = self.columns // SIZE_WIDTH_FACTOR[size]
        self._lines(cols.wrap(s, usable, self.encoding), usable, align=align, size=size, bold=bold)

    def pair(self, label: str, value: str, bold: bool = False) -> None:
        self._lines(cols.pair(label, value, self.columns, self.encoding), self.columns, bold=bold)

    def row(self, cells: Sequence[str], widths: Sequence[int], aligns: Sequence[str]) -> None:
        if sum(widths) > self.columns:
            raise ValueError(f"row: widths add up to {sum(widths)} columns, the paper has {self.columns}")
        self._lines(cols.columns_row(cells, widths, aligns, self.encoding), self.columns)

    def separator(self, char: str = "-") -> None:
        if len(char) != 1:
            raise ValueError(f"separator: one character, not {char!r}")
        shown = cols.printable_char(char, self.encoding)
        self._lines([shown * (self.columns // cols.char_width(shown, self.encoding))], self.columns)

    def feed(self, lines: int = 1) -> None:
        if isinstance(lines, bool) or not isinstance(lines, int) or not 1 <= lines <= MAX_FEED_LINES:
            raise ValueError(f"feed: 1 to {MAX_FEED_LINES} lines, not {lines!r}")
        self._append(ESC + b"d" + bytes([lines]))

    def _lines(self, lines: list[str], limit: int, *, align: str = "left", size: str = "normal",
               bold: bool = False) -> None:
        # Modes are set only when they differ from the defaults and reset right after, so
        # every block starts from a known state whatever came before it.
        head = bytearray()
        if align != "left":
            head += ESC + b"a" + bytes([ALIGN_CODES[align]])
        if size != "normal":
            head += GS + b"!" + bytes([SIZE_CODES[size]])
        if bold:
            head += ESC + b"E\x01"
        body = bytearray()
        for line in lines:
            assert cols.text_width(line, self.encoding) <= limit, f"line wider than {limit} columns: {line!r}"
            body += line.rstrip(" ").encode(self.encoding) + LF
        tail = bytearray()
        if bold:
            tail += ESC + b"E\x00"
        if size != "normal":
            tail += GS + b"!\x00"
        if align != "left":
            tail += ESC + b"a\x00"
        self._append(bytes(head + body + tail))

    # -- QR code and images ------------------------------------------------------------------

    def qr(self, payload: str, module_size: int = 6, ec: str = "M") -> None:
        """Centered. Native: the printer draws it (GS ( k, model 2). Image: we draw it with the
        qrcode library and send a raster, for printers without a QR engine; the module size
        shrinks if the symbol would not fit the paper."""
        if ec not in QR_EC_CODES:
            raise ValueError(f"QR error correction: one of {', '.join(QR_EC_CODES)}, not {ec!r}")
        if module_size not in QR_MODULE_DOTS:
            raise ValueError(f"QR module size: 1 to 16 dots, not {module_size!r}")
        data = payload.encode("utf-8")
        if not data or len(data) > QR_MAX_BYTES[ec]:
            raise ValueError(f"QR payload: 1 to {QR_MAX_BYTES[ec]} bytes at level {ec}, not {len(data)}")
        if self.qr_mode == "native":
            self._append(ESC + b"a\x01"
                         + _qr_function(65, bytes([QR_MODEL_2, 0]))
                         + _qr_function(67, bytes([module_size]))
                         + _qr_function(69, bytes([QR_EC_CODES[ec]]))
                         + _qr_function(80, b"0" + data)
                         + _qr_function(81, b"0")
                         + ESC + b"a\x00")
            return
        matrix = qr_matrix(payload, ec)
        fitted = min(module_size, self.dots // len(matrix))
        # The largest symbol (version 40, 177 modules + the quiet zone) still fits 58 mm paper
        # at 2 dots a module; the payload limits above keep us within version 40.
        assert fitted >= QR_MIN_MODULE_DOTS, f"QR of {len(matrix)} modules on {self.dots} dots"
        rows = []
        for matrix_row in matrix:
            row = [int(dark) for dark in matrix_row for _ in range(fitted)]
            rows.extend([row] * fitted)
        self.image_raster(rows)

    def image_raster(self, bits_rows: Sequence[Sequence[int]]) -> None:
        """A bitmap (1 = dot) as GS v 0 bands, centered on the paper by blank columns on the
        left: ESC a does not move raster images on every printer."""
        rows = [list(r) for r in bits_rows]
        if not 1 <= len(rows) <= MAX_IMAGE_ROWS:
            raise ValueError(f"image: 1 to {MAX_IMAGE_ROWS} rows, not {len(rows)}")
        width = len(rows[0])
        if not 1 <= width <= self.dots or any(len(r) != width for r in rows):
            raise ValueError(f"image: rows of equal width, 1 to {self.dots} dots")
        left = (self.dots - width) // 2
        row_bytes = (left + width + 7) // 8
        packed = []
        for r in rows:
            bits = [0] * left + [1 if b else 0 for b in r]
            bits += [0] * (row_bytes * 8 - len(bits))
            packed.append(int("".join(map(str, bits)), 2).to_bytes(row_bytes, "big"))
        for start in range(0, len(packed), RASTER_BAND_ROWS):
            band = packed[start:start + RASTER_BAND_ROWS]
            self._append(GS + b"v0\x00" + row_bytes.to_bytes(2, "little") + len(band).to_bytes(2, "little")
                         + b"".join(band))

    def logo(self, source: str | IO[bytes]) -> None:
        """A PNG (path or file object), flattened on white, thresholded and shrunk to the paper."""
        from PIL import Image

        try:
            with Image.open(source) as img:
                if img.width * img.height > MAX_LOGO_PIXELS:
                    raise ValidationError(f"logo: {img.width}x{img.height} pixels is too large "
                                          f"(at most {MAX_LOGO_PIXELS:,} pixels)")
                rgba = img.convert("RGBA")
        except ValidationError:
            raise
        except Exception as exc:  # Pillow raises many kinds for a bad or truncated file
            raise ValidationError(f"logo: cannot read the image ({exc})") from None
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        gray = Image.alpha_composite(white, rgba).convert("L")
        if gray.width > self.dots:
            height = max(1, round(gray.height * self.dots / gray.width))
            gray = gray.resize((self.dots, height), Image.Resampling.LANCZOS)
        if gray.height > MAX_LOGO_ROWS:
            raise ValidationError(f"logo: {gray.height} dots tall on {self.paper_mm} mm paper, "
                                  f"at most {MAX_LOGO_ROWS}")
        px = gray.tobytes()
        w = gray.width
        self.image_raster([[1 if px[y * w + x] < BLACK_BELOW else 0 for x in range(w)]
                           for y in range(gray.height)])

    # -- paper and drawer --------------------------------------------------------------------

    def cut(self, partial: bool = True) -> None:
        """Feed to the cutter, then cut (partial leaves a hinge, so the slip does not fall)."""
        self._append(GS + b"V" + bytes([CUT_PARTIAL if partial else CUT_FULL, CUT_EXTRA_FEED]))

    def drawer_kick(self, pin: int = 2, on_ms: int = 100, off_ms: int = 200) -> None:
        if pin not in DRAWER_PINS:
            raise ValueError(f"drawer pin: 2 or 5, not {pin!r}")
        t1, t2 = round(on_ms / DRAWER_UNIT_MS), round(off_ms / DRAWER_UNIT_MS)
        if not 1 <= t1 <= 255 or not t1 <= t2 <= 255:
            raise ValueError(f"drawer pulse: on 2 to 510 ms, off from on to 510 ms, not {on_ms}/{off_ms}")
        self._append(ESC + b"p" + bytes([DRAWER_PINS[pin], t1, t2]))

    # -- output ------------------------------------------------------------------------------

    def _append(self, data: bytes) -> None:
        assert len(self._buf) + len(data) <= MAX_RECEIPT_BYTES, "receipt over 1 MiB: a runaway loop"
        self._buf += data

    def bytes(self) -> bytes:
        return bytes(self._buf)


def _qr_function(fn: int, params: bytes) -> bytes:
    """GS ( k pL pH cn fn params, cn 49 = QR code; pL pH count cn, fn and params."""
    size = 2 + len(params)
    assert size <= 0xFFFF
    return GS + b"(k" + size.to_bytes(2, "little") + bytes([49, fn]) + params
