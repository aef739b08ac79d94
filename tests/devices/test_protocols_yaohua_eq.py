"""yaohua-eq: the '=' format, value written backwards (XK3190-A26 continuous format 1)."""
from decimal import Decimal

import pytest

from app.devices.scales.protocol import Reading, get
from tests.devices.test_protocols_helpers import accepted, decode, errors, every_chunking

P = get("yaohua-eq")


def weights(frames):
    return [str(f.weight) for f in accepted(frames)]


def test_the_manual_examples():
    assert weights(decode("yaohua-eq", b"=000.3000")) == ["3.000"]
    assert weights(decode("yaohua-eq", b"=00.1000-")) == ["-1.00"]
    stream = b"=000.3000" * 3 + b"=00.1000-" * 2
    assert weights(every_chunking("yaohua-eq", stream)) == ["3.000"] * 3 + ["-1.00"] * 2
    [f] = decode("yaohua-eq", b"=000.3000")
    assert (f.unit, f.stable, f.net) == (None, None, None)


def test_old_variant_with_the_separator_after():
    stream = b"543.210=" * 4
    frames = every_chunking("yaohua-eq", stream)
    # the first value has no separator before it: it could be the tail of a new-style frame
    assert errors(frames) == ["garbage: no frame here"] and frames[0].raw == b"543.210="
    assert weights(frames) == ["12.345"] * 3


@pytest.mark.parametrize("decimals,weight", [(0, "1234"), (1, "-15.0"), (2, "20.00"), (3, "3.000"),
                                             (4, "0.1234")])
def test_decimals_0_to_4_round_trip(decimals, weight):
    raw = P.encode(Reading(weight=Decimal(weight), decimals=decimals))
    assert len(raw) == 9 and raw[:1] == b"="
    assert weights(decode("yaohua-eq", raw)) == [weight]


def test_a_frame_that_lost_a_byte_is_rejected_not_read_as_the_old_variant():
    # '=00.3000' would read as 3.00 (old variant) or worse: the stream is locked to the new one
    frames = every_chunking("yaohua-eq", b"=500.3000" + b"=00.3000" + b"=500.3000")
    assert weights(frames) == ["3.005", "3.005"] and len(errors(frames)) == 1


def test_a_lost_separator_is_rejected():
    frames = every_chunking("yaohua-eq", b"=500.3000" + b"500.3000" + b"=500.3000")
    assert weights(frames) == ["3.005", "3.005"] and errors(frames) == ["garbage: no frame here"]


def test_a_stream_that_starts_mid_frame():
    frames = every_chunking("yaohua-eq", b"0.3000" + b"=000.3000" * 2)
    assert frames[0].raw == b"0.3000" and not frames[0].ok
    assert weights(frames) == ["3.000", "3.000"]


@pytest.mark.parametrize("raw,reason", [
    (b"=000.300x", "sign character"), (b"=0a0.3000", "not a displayed value"),
    (b"=00.0.300", "not a displayed value"), (b"=.0000000", "not a displayed value"),
])
def test_malformed_frames_are_rejected(raw, reason):
    [f] = decode("yaohua-eq", raw)
    assert reason in f.error


def test_encode_refuses_overload():
    with pytest.raises(ValueError):
        P.encode(Reading(Decimal(0), overload=True))
