"""Helpers for the printer tests: a loopback printer per test and a guard against hangs."""
import threading

import pytest

from app.devices.printers.settings import PrinterSettings
from app.devices.printers.simulator import FakeNetworkPrinter

TIMEOUT_S = 0.3       # the printer timeout under test (the settings minimum is 0.2)
HANG_LIMIT_S = 30     # a call still running after this is a hang: the test fails, it never waits forever
BIG_JOB = b"\x1b@" + b"x" * (1 << 20) + b"\n"   # more than every buffer between us and the printer


@pytest.fixture
def printer():
    with FakeNetworkPrinter() as p:
        yield p


def network(p: FakeNetworkPrinter, **changes) -> PrinterSettings:
    return PrinterSettings(**{"host": "127.0.0.1", "port": p.port, "timeout_s": TIMEOUT_S, **changes})


def finishes(call):
    """call() in a thread; its result or exception, or a failure if it hangs."""
    box = {}

    def target():
        try:
            box["value"] = call()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(HANG_LIMIT_S)
    assert not thread.is_alive(), "the call hung"
    if "error" in box:
        raise box["error"]
    return box.get("value")
