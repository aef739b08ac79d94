"""`marketdesk scale decode` and `scale protocols` (DESIGN.md section 7): one JSON object per frame
per line, rejected frames included, in exactly the keys the contract gives."""
import io
import json

import pytest

from app.commands.scale_cmds import scale_decode, scale_protocols
from app.errors import ValidationError

YAOHUA_20_00 = bytes.fromhex("022B303032303030323142 03".replace(" ", ""))
WEIGHT_KEYS = ["weight", "unit", "stable", "net", "overload", "raw"]
ERROR_KEYS = ["error", "raw"]


def run(protocol: str, data: bytes, stdin=None) -> list[dict]:
    out = io.StringIO()
    assert scale_decode(protocol, stdin or io.BytesIO(data), out) == 0
    text = out.getvalue()
    assert text.endswith("\n") or text == ""
    return [json.loads(line) for line in text.splitlines()]


def test_each_frame_is_one_json_line_with_exactly_the_contract_keys():
    lines = run("yaohua", b"\xff\xfe" + YAOHUA_20_00 + YAOHUA_20_00[:5])
    assert [list(line) for line in lines] == [ERROR_KEYS, WEIGHT_KEYS, ERROR_KEYS]
    garbage, frame, tail = lines
    assert garbage == {"error": "garbage: no frame here", "raw": "fffe"}
    assert frame == {"weight": "20.00", "unit": None, "stable": None, "net": None, "overload": False,
                     "raw": YAOHUA_20_00.hex()}
    assert tail == {"error": "incomplete frame at end of input", "raw": YAOHUA_20_00[:5].hex()}


def test_units_flags_and_overload_come_through():
    lines = run("ascii", b"US,NT,-0012.34kg\r\nOL,GS,+          \r\n")
    assert lines == [
        {"weight": "-12.34", "unit": "kg", "stable": False, "net": True, "overload": False,
         "raw": b"US,NT,-0012.34kg\r\n".hex()},
        {"weight": None, "unit": None, "stable": False, "net": False, "overload": True,
         "raw": b"OL,GS,+          \r\n".hex()},
    ]


def test_a_bad_checksum_is_printed_not_dropped():
    bad = YAOHUA_20_00[:4] + b"3" + YAOHUA_20_00[5:]
    [line] = run("yaohua", bad)
    assert list(line) == ERROR_KEYS and line["error"].startswith("bad checksum")


def test_input_read_in_small_pieces_from_a_stream_without_read1():
    class Trickle:
        def __init__(self, data: bytes):
            self.data = data

        def read(self, n: int) -> bytes:
            piece, self.data = self.data[:3], self.data[3:]
            return piece

    lines = run("sics", b"", stdin=Trickle(b"S S     100.00 g\r\nES\r\n"))
    assert [line.get("weight") or line["error"][:2] for line in lines] == ["100.00", "ES"]


def test_empty_input_prints_nothing():
    assert run("toledo", b"") == []


def test_unknown_protocol_is_a_user_error():
    with pytest.raises(ValidationError, match="unknown"):
        scale_decode("nope", io.BytesIO(b""), io.StringIO())


def test_protocols_lists_every_protocol_with_its_serial_defaults(capsys):
    assert scale_protocols() == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["ascii", "sics", "toledo", "yaohua", "yaohua-a12",
                                                   "yaohua-eq"]
    assert lines[2].split()[1:3] == ["9600", "7E1"]
    assert all(len(line.split()) > 3 for line in lines)


def test_decode_through_the_marketdesk_command():
    """The console entry point, bytes on stdin, JSON lines out (DESIGN.md section 7)."""
    import json
    import subprocess
    import sys

    from app import ROOT_DIR
    frame = bytes.fromhex("022b30303230303032314203")
    out = subprocess.run([sys.executable, str(ROOT_DIR / "main.py"), "scale", "decode", "--protocol", "yaohua"],
                         input=frame + b"\x02junk", capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert lines[0] == {"weight": "20.00", "unit": None, "stable": None, "net": None, "overload": False,
                        "raw": frame.hex()}
    assert "error" in lines[-1]
    bad = subprocess.run([sys.executable, str(ROOT_DIR / "main.py"), "scale", "decode", "--protocol", "nope"],
                         input=b"", capture_output=True, timeout=60)
    assert bad.returncode == 1 and b"unknown 'nope'" in bad.stderr and b"Traceback" not in bad.stderr
