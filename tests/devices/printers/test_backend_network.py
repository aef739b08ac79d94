"""The network backend against the loopback printer: jobs arrive intact, every status the
printer can give comes back, and every way the network fails ends in a PrinterError with a
reason, never a hang."""
import socket
import threading

import pytest

from app.devices.printers import backends, status
from app.devices.printers.backends import open_connection
from app.devices.printers.errors import PrinterError
from app.devices.printers.escpos import Receipt
from app.devices.printers.send import PrinterNotReady, send_job
from app.devices.printers.settings import PrinterSettings

from .conftest import BIG_JOB, TIMEOUT_S, finishes, network


def sample() -> bytes:
    r = Receipt(48)
    r.text("进场缴费凭证", align="center", size="double")
    r.pair("应收", "￥91.60")
    r.qr("MD1|V1|sig")
    r.cut()
    return r.bytes()


def test_a_job_arrives_intact(printer):
    with open_connection(network(printer)) as conn:
        conn.write(sample())
    [job] = printer.wait_for_jobs(1, 10)
    assert job.data == sample()
    assert job.transcript().text().splitlines()[2:] == ["[C][2x] 进场缴费凭证",
                                                       "应收                                     ￥91.60",
                                                       "[QR M 6] MD1|V1|sig", "[CUT]"]


@pytest.mark.parametrize("mode, state", [("ok", "ok"), ("near_end", "near_end"), ("paper_out", "paper_out"),
                                         ("offline", "offline"), ("cover_open", "cover_open"), ("error", "error"),
                                         ("silent", "unknown")])
def test_status_of_each_mode(printer, mode, state):
    printer.mode = mode
    with open_connection(network(printer)) as conn:
        result = finishes(lambda: status.query(conn, TIMEOUT_S))
    assert result.state == state
    assert printer.status_queries[0] == 1
    assert printer.jobs == []  # status-only connections are not jobs


def test_status_queries_are_kept_out_of_the_job(printer):
    with open_connection(network(printer)) as conn:
        assert status.query(conn, TIMEOUT_S).state == "ok"
        conn.write(sample())
        assert status.query(conn, TIMEOUT_S).state == "ok"
    [job] = printer.wait_for_jobs(1, 10)
    assert job.data == sample() and job.status_queries == (1, 4, 1, 4)


def test_connection_refused(printer):
    printer.refuse = True
    with pytest.raises(PrinterError) as info:
        finishes(lambda: open_connection(network(printer)))
    assert str(info.value) == f"cannot connect to 127.0.0.1:{printer.port}: connection refused"
    printer.refuse = False
    with open_connection(network(printer)) as conn:  # and it recovers
        conn.write(b"\x1b@ok\n")
    assert printer.wait_for_jobs(1, 10)[0].data == b"\x1b@ok\n"


def test_connect_timeout():
    """A listener whose accept queue is full drops new connection requests on the floor:
    connect() can only time out."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(4):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            fillers.append(s)
        with pytest.raises(PrinterError, match=rf"cannot connect to 127.0.0.1:{port}: no answer within 0.3 s"):
            finishes(lambda: open_connection(PrinterSettings(host="127.0.0.1", port=port, timeout_s=TIMEOUT_S)))
    finally:
        for s in fillers:
            s.close()
        listener.close()


def test_drop_mid_job(printer):
    printer.drop_after_bytes = 10_000
    with pytest.raises(PrinterError, match="connection dropped while printing"):
        with open_connection(network(printer)) as conn:
            finishes(lambda: conn.write(BIG_JOB))
    assert printer.jobs == [] and len(printer.dropped_jobs) == 1
    assert len(printer.dropped_jobs[0].raw) == 10_000
    with open_connection(network(printer)) as conn:  # once: the retry goes through
        conn.write(sample())
    assert printer.wait_for_jobs(1, 10)[0].data == sample()


def test_a_small_job_cut_off_is_caught_by_the_status_after_it(printer):
    """A few KB fit in the socket buffers, so write() may return before the printer hangs up;
    send_job's status query after the job is what notices."""
    printer.drop_after_bytes = 50
    with pytest.raises(PrinterError, match="connection dropped while printing"):
        finishes(lambda: send_job(network(printer), sample()))
    assert printer.jobs == []
    assert finishes(lambda: send_job(network(printer), sample())).state == "ok"
    assert printer.wait_for_jobs(1, 10)[0].data == sample()


def test_a_printer_that_accepts_but_never_reads(printer):
    printer.stall = True
    try:
        with open_connection(network(printer)) as conn:
            assert finishes(lambda: status.query(conn, TIMEOUT_S)).state == "unknown"
            with pytest.raises(PrinterError) as info:
                finishes(lambda: conn.write(BIG_JOB))
            assert str(info.value) == f"printer did not accept data within 0.3 s (127.0.0.1:{printer.port})"
            with pytest.raises(PrinterError, match="is closed"):
                conn.write(b"x")  # abandoned after the failure
    finally:
        printer.stall = False


def test_the_printer_hanging_up_is_seen_by_read():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    def hang_up():
        conn, _ = listener.accept()
        conn.close()

    thread = threading.Thread(target=hang_up, daemon=True)
    thread.start()
    try:
        conn = open_connection(PrinterSettings(host="127.0.0.1", port=port, timeout_s=TIMEOUT_S))
        thread.join(10)
        with pytest.raises(PrinterError, match="the printer closed the connection"):
            finishes(lambda: conn.read(16, TIMEOUT_S))
        with pytest.raises(PrinterError, match="is closed"):
            conn.read(16, TIMEOUT_S)
    finally:
        listener.close()


def test_read_returns_nothing_when_nothing_came(printer):
    with open_connection(network(printer)) as conn:
        assert conn.read(16, TIMEOUT_S) == b""
        assert conn.read(16, 0) == b""


def test_send_job_refuses_a_printer_that_cannot_print(printer):
    printer.mode = "paper_out"
    with pytest.raises(PrinterNotReady) as info:
        send_job(network(printer), sample())
    assert info.value.status.state == "paper_out" and "out of paper" in str(info.value)
    assert printer.jobs == []


def test_send_job_without_status_queries(printer):
    printer.mode = "silent"
    result = send_job(network(printer, status_query=False), sample())
    assert result.state == "unknown" and "off" in result.detail
    assert printer.wait_for_jobs(1, 10)[0].status_queries == ()


def test_send_job_to_a_silent_printer_prints_anyway(printer):
    printer.mode = "silent"
    assert finishes(lambda: send_job(network(printer), sample())).state == "unknown"
    assert printer.wait_for_jobs(1, 10)[0].data == sample()


def test_host_names_resolve_within_the_timeout(monkeypatch, printer):
    stuck = threading.Event()
    monkeypatch.setattr(backends.socket, "getaddrinfo", lambda *a, **k: stuck.wait(60))
    try:
        with pytest.raises(PrinterError, match="the name printer.lan was not resolved within 0.3 s"):
            finishes(lambda: open_connection(PrinterSettings(host="printer.lan", timeout_s=TIMEOUT_S)))
    finally:
        stuck.set()


def test_unknown_host_name(monkeypatch):
    def fail(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    monkeypatch.setattr(backends.socket, "getaddrinfo", fail)
    with pytest.raises(PrinterError, match="cannot connect to nowhere.lan:9100: unknown host name nowhere.lan"):
        open_connection(PrinterSettings(host="nowhere.lan", timeout_s=TIMEOUT_S))


def test_host_name_that_resolves(printer):
    with open_connection(network(printer, host="localhost")) as conn:
        conn.write(b"\x1b@via a name\n")
    assert printer.wait_for_jobs(1, 10)[0].data == b"\x1b@via a name\n"


def test_invalid_settings_are_refused_before_connecting():
    from app.errors import ValidationError
    with pytest.raises(ValidationError, match="^host:"):
        open_connection(PrinterSettings(host=""))


def test_write_limits(printer):
    with open_connection(network(printer)) as conn:
        with pytest.raises(TypeError):
            conn.write("text")
        with pytest.raises(ValueError, match="at most"):
            conn.write(b"x" * (backends.MAX_WRITE_BYTES + 1))


def test_small_writes_are_not_held_back(printer):
    """Nagle would hold the status query behind the job until the printer's delayed ACK."""
    with open_connection(network(printer)) as conn:
        assert conn.sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
