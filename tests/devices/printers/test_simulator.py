"""The loopback printer itself: its status scanner, its job bookkeeping and its switches."""
import socket

import pytest

from app.devices.printers import simulator
from app.devices.printers.backends import open_connection
from app.devices.printers.errors import PrinterError
from app.devices.printers.simulator import FakeNetworkPrinter, StatusResponder, print_transcripts

from .conftest import TIMEOUT_S, finishes, network


def test_responder_finds_queries_split_between_reads():
    r = StatusResponder()
    stream = b"ab\x10\x04\x01cd\x10\x04\x04\x10\x04\x02\x10\x05\x01"
    answers, queries = bytearray(), []
    for i in range(len(stream)):  # one byte at a time: every possible split
        a, q = r.feed(stream[i:i + 1], "near_end")
        answers += a
        queries += q
    assert queries == [1, 4, 2]
    assert bytes(answers) == bytes([0x12, 0x1E, 0x12])


def test_responder_silent_mode_sees_queries_but_does_not_answer():
    assert StatusResponder().feed(b"\x10\x04\x01\x10\x04\x04", "silent") == (b"", [1, 4])


def test_modes_are_checked():
    with pytest.raises(ValueError, match="mode"):
        FakeNetworkPrinter(mode="on fire")


def test_wait_for_jobs_times_out_when_none_come(printer):
    with pytest.raises(TimeoutError, match="expected 1 print jobs, received 0"):
        printer.wait_for_jobs(1, 0.2)


def test_each_connection_is_one_job_and_callbacks_see_them(capsys):
    seen = []
    show = print_transcripts()

    def on_job(job):
        seen.append(job.data)
        show(job)
        raise RuntimeError("a broken demo callback")  # must not stop the printer

    with FakeNetworkPrinter(on_job=on_job) as p:
        for text in (b"one", b"two"):
            with open_connection(network(p)) as conn:
                conn.write(b"\x1b@\x1c&" + text + b"\n")
        jobs = p.wait_for_jobs(2, 10)
        assert [j.data for j in jobs] == [b"\x1b@\x1c&one\n", b"\x1b@\x1c&two\n"]
        assert p.connections == 2
    assert seen == [j.data for j in jobs]
    assert capsys.readouterr().out == "[INIT]\n[CHINESE ON]\none\n[INIT]\n[CHINESE ON]\ntwo\n"


def test_a_job_is_its_bytes(printer):
    """Callbacks and tests written for plain bytes work with a job as it is."""
    from app.devices.printers.decode import decode
    with open_connection(network(printer)) as conn:
        conn.write(b"\x10\x04\x01\x1b@x\n")
    [job] = printer.wait_for_jobs(1, 10)
    assert job == b"\x1b@x\n" and job.data == b"\x1b@x\n" and type(job.data) is bytes
    assert job.raw == b"\x10\x04\x01\x1b@x\n" and job.status_queries == (1,)
    assert decode(job).text() == job.transcript().text() == "[INIT]\nx"


def test_a_runaway_client_is_cut_off(monkeypatch, printer):
    monkeypatch.setattr(simulator, "MAX_JOB_BYTES", 10_000)
    with pytest.raises(PrinterError, match="connection dropped"):
        with open_connection(network(printer)) as conn:
            finishes(lambda: conn.write(b"x" * 300_000))
    assert printer.jobs == [] and len(printer.dropped_jobs[0].raw) > 10_000


def test_an_idle_client_is_let_go(monkeypatch, printer):
    monkeypatch.setattr(simulator, "IDLE_TIMEOUT_S", 0.2)
    with open_connection(network(printer)) as conn:
        with pytest.raises(PrinterError, match="the printer closed the connection"):
            finishes(lambda: conn.read(16, 10))
    assert printer.jobs == []


def test_stop_frees_the_port():
    p = FakeNetworkPrinter().start()
    port = p.port
    p.stop()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT_S)
