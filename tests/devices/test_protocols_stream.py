"""The scanner under every decoder: a bug in a protocol module costs a frame, never the port
thread; nothing is held beyond BUFFER_MAX_BYTES."""
from app.devices.scales.frame import Frame
from app.devices.scales.protocol import BUFFER_MAX_BYTES
from app.devices.scales.protocols._stream import StreamDecoder


class Broken(StreamDecoder):
    """Frames are 3 bytes starting with 'F'; 'X' makes match raise, 'D' makes decode raise."""

    def match(self, buf, i, final):
        if buf[i] == ord("X"):
            raise RuntimeError("match bug")
        if buf[i] != ord("F"):
            return -1
        return 3 if len(buf) - i >= 3 else 0

    def decode(self, raw, at_s):
        if b"D" in raw:
            raise RuntimeError("decode bug")
        return Frame(raw=raw, at_s=at_s)


class Endless(StreamDecoder):
    def match(self, buf, i, final):
        return 0  # always "a frame may start here": only the bound can end it

    def decode(self, raw, at_s):
        raise AssertionError("never a frame")


def test_a_decode_bug_is_a_rejected_frame_and_decoding_goes_on():
    frames = Broken().feed(b"FabFDbFcd", 0.0)
    assert [(f.raw, f.error and f.error.split(":")[0]) for f in frames] == \
        [(b"Fab", None), (b"FDb", "undecodable"), (b"Fcd", None)]


def test_a_match_bug_reports_the_buffer_and_resets():
    decoder = Broken()
    frames = decoder.feed(b"Fab..X..", 0.0)
    assert [f.raw for f in frames] == [b"Fab", b"..X.."]
    assert frames[1].error.startswith("decoder error")
    assert [f.raw for f in decoder.feed(b"Fcd", 1.0)] == [b"Fcd"]


def test_the_buffer_is_bounded_and_every_byte_reported():
    decoder, frames, data = Endless(), [], bytes(range(256)) * 3
    for k in range(0, len(data), 7):
        frames += decoder.feed(data[k:k + 7], 0.0)
        assert len(decoder._buf) <= BUFFER_MAX_BYTES
    frames += decoder.flush(0.0)
    assert b"".join(f.raw for f in frames) == data
    assert frames[0].error == f"no frame end within {BUFFER_MAX_BYTES} bytes"
    assert frames[-1].error == "incomplete frame at end of input"
