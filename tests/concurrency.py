"""Running calls side by side in tests (double clicks, two counters, races)."""
import threading
from collections.abc import Callable

JOIN_TIMEOUT_S = 120  # a hang is a failure, not a stuck test run


def run_together(*calls: Callable[[], object]) -> None:
    """Each call on a thread of its own, all started before any is waited for."""
    threads = [threading.Thread(target=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT_S)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
