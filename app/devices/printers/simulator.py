"""FakeNetworkPrinter: a receipt printer on 127.0.0.1 for tests and demos.

Like a real port-9100 printer it serves one connection at a time (the next waits in the
backlog), answers DLE EOT status queries as they arrive, wherever they are in the stream,
and has a small receive buffer, so a client that floods it is pushed back. What it received
on one connection, with the status queries taken out, is one job. Switches for failures:
`mode` (what the status answers say, or 'silent'), `drop_after_bytes` (cut one connection
mid-job), `refuse` (nothing listening: connection refused) and `stall` (connections are
accepted but never read: a jammed printer)."""
from __future__ import annotations

import logging
import select
import socket
import struct
import threading
import time
from typing import Callable

from app.devices.printers.decode import Transcript, decode, strip_status_queries

log = logging.getLogger(__name__)

# One answer byte per DLE EOT n (n = 1 printer, 2 offline cause, 3 error cause, 4 paper), as
# an Epson-compatible printer sends them: bits 1 and 4 always set.
STATUS_ANSWERS: dict[str, dict[int, int]] = {
    "ok":         {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "near_end":   {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},   # n=4 bits 2-3
    "paper_out":  {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72},   # offline; n=2 bit 5; n=4 bits 5-6
    "offline":    {1: 0x1A, 2: 0x12, 3: 0x12, 4: 0x12},   # n=1 bit 3, no cause given
    "cover_open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},   # n=2 bit 2
    "error":      {1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12},   # n=2 bit 6; n=3 bit 3 (cutter)
    "silent":     {},                                      # never answers
}
MODES = tuple(STATUS_ANSWERS)
POLL_S = 0.05                   # how often blocked loops look at stop()
RECEIVE_BUFFER_BYTES = 64 * 1024  # a printer's buffer is small; the kernel's default is megabytes
RECV_CHUNK_BYTES = 4096
MAX_JOB_BYTES = 8 << 20         # more on one connection is a runaway client: cut it off
IDLE_TIMEOUT_S = 30.0           # a client that connects and says nothing is let go (printers do this too)
STOP_JOIN_S = 5.0


class ReceivedJob(bytes):
    """One job: its bytes (status queries taken out), so code that wants plain bytes can
    use it as such, plus the DLE EOT n asked on its connection and everything received."""

    status_queries: tuple[int, ...]
    raw: bytes

    def __new__(cls, data: bytes, status_queries: tuple[int, ...] = (), raw: bytes = b""):
        job = super().__new__(cls, data)
        job.status_queries = tuple(status_queries)
        job.raw = bytes(raw)
        return job

    @property
    def data(self) -> bytes:
        return bytes(self)

    def transcript(self, encoding: str = "gb18030") -> Transcript:
        return decode(self.data, encoding)

    def __repr__(self) -> str:
        return f"ReceivedJob({self.data!r}, status_queries={self.status_queries!r})"


class StatusResponder:
    """Finds DLE EOT n in a byte stream fed in pieces (a query may be split between two
    reads) and returns the answers of the current mode."""

    def __init__(self):
        self._carry = b""

    def feed(self, data: bytes, mode: str) -> tuple[bytes, list[int]]:
        buf = self._carry + data
        answers = bytearray()
        queries: list[int] = []
        i = 0
        while True:
            j = buf.find(b"\x10\x04", i)
            if j < 0 or j + 2 >= len(buf):
                break
            n = buf[j + 2]
            if 1 <= n <= 4:
                queries.append(n)
                if n in STATUS_ANSWERS[mode]:
                    answers.append(STATUS_ANSWERS[mode][n])
                i = j + 3
            else:
                i = j + 1
        rest = buf[i:]  # a query may begin at the very end and finish in the next piece
        self._carry = b"\x10\x04" if rest.endswith(b"\x10\x04") else b"\x10" if rest.endswith(b"\x10") else b""
        return bytes(answers), queries


class FakeNetworkPrinter:
    def __init__(self, mode: str = "ok", *, port: int = 0, encoding: str = "gb18030",
                 on_job: Callable[[ReceivedJob], None] | None = None, host: str = "127.0.0.1"):
        self.mode = mode
        self.host = host
        self.port = port
        self.encoding = encoding
        self.on_job = on_job
        self.drop_after_bytes: int | None = None
        self.stall = False
        self.connections = 0
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._jobs: list[ReceivedJob] = []
        self._dropped: list[ReceivedJob] = []
        self._queries: list[int] = []
        self._listener: socket.socket | None = None
        self._refuse = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- switches ---------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, mode: str) -> None:
        if mode not in STATUS_ANSWERS:
            raise ValueError(f"mode: one of {', '.join(MODES)}, not {mode!r}")
        self._mode = mode

    @property
    def refuse(self) -> bool:
        return self._refuse

    @refuse.setter
    def refuse(self, refuse: bool) -> None:
        """True: stop listening (clients get 'connection refused'); False: listen again on the
        same port."""
        with self._lock:
            self._refuse = refuse
            if refuse and self._listener is not None:
                _close_listener(self._listener)
                self._listener = None
            elif not refuse and self._listener is None and self._thread is not None:
                self._listener = self._listen()

    # -- life -------------------------------------------------------------------------------

    def start(self) -> "FakeNetworkPrinter":
        assert self._thread is None, "started twice"
        with self._lock:
            self._listener = self._listen()
            self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, name=f"fake printer :{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            if self._listener is not None:
                _close_listener(self._listener)
                self._listener = None
        if self._thread is not None:
            self._thread.join(STOP_JOIN_S)
            assert not self._thread.is_alive(), "fake printer thread did not stop"

    def __enter__(self) -> "FakeNetworkPrinter":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _listen(self) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER_BYTES)  # inherited by accepted sockets
        sock.bind((self.host, self.port))
        sock.listen(8)
        return sock

    # -- what came in -----------------------------------------------------------------------

    @property
    def jobs(self) -> list[ReceivedJob]:
        with self._lock:
            return list(self._jobs)

    @property
    def dropped_jobs(self) -> list[ReceivedJob]:
        """Jobs cut off by drop_after_bytes or by MAX_JOB_BYTES (what arrived before the cut)."""
        with self._lock:
            return list(self._dropped)

    @property
    def status_queries(self) -> list[int]:
        """Every DLE EOT n seen, on any connection, in order; like a printer, the simulator
        sees them anywhere in the stream, even inside image data."""
        with self._lock:
            return list(self._queries)

    def wait_for_jobs(self, n: int, timeout_s: float) -> list[ReceivedJob]:
        """The jobs once there are at least n; TimeoutError if they do not come in time."""
        assert n >= 1 and 0 < timeout_s <= 600
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while len(self._jobs) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"expected {n} print jobs, received {len(self._jobs)}")
                self._changed.wait(left)
            return list(self._jobs)

    # -- serving ----------------------------------------------------------------------------

    def _serve(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                listener = self._listener
            if listener is None:
                self._stop.wait(POLL_S)
                continue
            try:
                ready, _, _ = select.select([listener], [], [], POLL_S)
                if not ready:
                    continue
                conn, _ = listener.accept()
            except (OSError, ValueError):  # closed under us by refuse or stop
                continue
            with conn:
                self.connections += 1
                self._handle(conn)

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(POLL_S)
        responder = StatusResponder()
        received = bytearray()
        dropped = False
        idle_since = time.monotonic()
        while not self._stop.is_set():
            if self.stall:
                self._stop.wait(POLL_S)
                continue
            try:
                chunk = conn.recv(RECV_CHUNK_BYTES)
            except (TimeoutError, socket.timeout):
                if time.monotonic() - idle_since > IDLE_TIMEOUT_S:
                    break
                continue
            except OSError:
                break
            if not chunk:
                break
            idle_since = time.monotonic()
            limit = self.drop_after_bytes
            if limit is not None and len(received) + len(chunk) >= limit:
                chunk = chunk[:max(0, limit - len(received))]
                dropped = True
            received += chunk
            answers, queries = responder.feed(chunk, self.mode)
            if queries:
                with self._lock:  # before answering: whoever got an answer finds the query listed
                    self._queries.extend(queries)
            if dropped:
                self.drop_after_bytes = None  # once: the retry goes through
                break
            if answers:
                try:
                    conn.sendall(answers)
                except OSError:
                    break
            if len(received) > MAX_JOB_BYTES:
                log.warning("fake printer: over %d bytes on one connection; cut off", MAX_JOB_BYTES)
                dropped = True
                break
        if dropped:
            # Unread input makes close() send a reset, as a printer that loses power does.
            try:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass  # already reset by the client
        self._record(bytes(received), dropped)

    def _record(self, raw: bytes, dropped: bool) -> None:
        data, queries = strip_status_queries(raw)
        job = ReceivedJob(data, tuple(queries), raw)
        with self._changed:
            if not data:
                return  # a connection that only asked for the status
            (self._dropped if dropped else self._jobs).append(job)
            self._changed.notify_all()
        if self.on_job is not None and not dropped:
            try:
                self.on_job(job)
            except Exception:  # a demo callback must not kill the printer
                log.exception("fake printer: on_job callback failed")


def _close_listener(sock: socket.socket) -> None:
    """Stop listening now. close() alone leaves the socket listening while the serving thread
    still waits on it in select(); shutdown() ends that at once."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


def print_transcripts(encoding: str = "gb18030") -> Callable[[ReceivedJob], None]:
    """An on_job callback for demos: each job's transcript on stdout."""
    def show(job: ReceivedJob) -> None:
        print(job.transcript(encoding).text(), flush=True)
    return show
