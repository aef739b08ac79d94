"""The print worker against a loopback network printer: a committed voucher prints once;
a jammed, switched-off or vanished printer fails the job visibly, and a retry completes it
exactly once."""
import threading

import pytest
from sqlalchemy import text

from app.devices.printers.decode import decode
from app.devices.printers.settings import PrinterSettings
from app.devices.printers.simulator import FakeNetworkPrinter
from app.printing import queue, service
from app.printing.render import Branding
from app.printing.samples import sample_document
from app.printing.worker import NO_PRINTER, PrintWorker
from tests.printing.conftest import COUNTER

VOUCHER = sample_document("entry-voucher")
WAIT_S = 30


@pytest.fixture
def fake():
    with FakeNetworkPrinter() as p:
        yield p


def settings_for(p, name="receipt", **kw):
    return PrinterSettings(name=name, host="127.0.0.1", port=p.port, timeout_s=0.3, **kw)


class Recorder:
    def __init__(self):
        self.changes: list[int] = []
        self.statuses: list[tuple[str, str]] = []

    def change(self, job_id):
        self.changes.append(job_id)

    def status(self, name, state):
        self.statuses.append((name, state.state))


def make_worker(db, printers, rec=None):
    rec = rec or Recorder()
    return PrintWorker(db, COUNTER, lambda: printers, lambda: Branding(market_name="测试市场"),
                       on_change=rec.change, on_status=rec.status)


def enqueue(db, key="voucher:1", open_drawer=False):
    return db.transact(lambda tx: queue.enqueue(tx, job_key=key, counter=COUNTER, document=VOUCHER,
                                                created_by="cash1", open_drawer=open_drawer), raw=True)


def job(db, job_id):
    return db.transact(lambda tx: queue.get(tx, job_id), raw=True)


def complete_vouchers(p, wait_for=0):
    """Vouchers that reached the printer whole (ending with the cut); the printer records a
    job when its connection closes, so wait for the ones expected."""
    if wait_for:
        p.wait_for_jobs(wait_for, WAIT_S)
    return [j for j in p.jobs if "E2611230042" in decode(j.data).text() and "[CUT]" in decode(j.data).text()]


def test_committed_voucher_prints_once(db, fake):
    rec = Recorder()
    worker = make_worker(db, [settings_for(fake, drawer=True)], rec)
    job_id = enqueue(db, open_drawer=True)
    assert worker.run_once() == 1
    assert worker.run_once() == 0  # nothing left to do
    assert job(db, job_id).state == "done"
    [printed] = fake.wait_for_jobs(1, WAIT_S)
    transcript = decode(printed.data)
    assert "测试市场" in transcript.text() and "DRAWER" in transcript.text()
    assert rec.changes.count(job_id) == 2 and rec.statuses == [("receipt", "ok")]


@pytest.mark.parametrize("mode, reason", [("paper_out", "paper"), ("offline", "offline"),
                                          ("cover_open", "cover")])
def test_a_printer_that_cannot_print_gets_nothing(db, fake, mode, reason):
    fake.mode = mode
    rec = Recorder()
    job_id = enqueue(db)
    make_worker(db, [settings_for(fake)], rec).run_once()
    failed = job(db, job_id)
    assert failed.state == "failed" and reason in failed.last_error.lower()
    assert failed.next_attempt_at is not None  # retried by itself, later
    assert complete_vouchers(fake) == [] and rec.statuses == [("receipt", mode)]
    fake.mode = "ok"
    service.retry_job(db, _actor(), job_id)  # the cashier loaded paper and pressed Retry
    make_worker(db, [settings_for(fake)]).run_once()
    assert job(db, job_id).state == "done" and len(complete_vouchers(fake, 1)) == 1


def test_a_printer_that_never_answers_status_still_prints(db, fake):
    fake.mode = "silent"
    job_id = enqueue(db)
    rec = Recorder()
    make_worker(db, [settings_for(fake)], rec).run_once()
    assert job(db, job_id).state == "done" and len(complete_vouchers(fake, 1)) == 1
    assert rec.statuses == [("receipt", "unknown")]  # never reported as fine


def test_dropped_mid_job_waits_for_the_cashier_then_prints_a_marked_copy(db, fake):
    fake.drop_after_bytes = 200
    job_id = enqueue(db, open_drawer=True)
    printers = [settings_for(fake, drawer=True)]
    make_worker(db, printers).run_once()
    failed = job(db, job_id)
    assert failed.state == "failed" and failed.attempts == 1 and "may have printed" in failed.last_error
    assert failed.needs_attention and failed.printed_maybe  # part of it may be on paper: never resent by itself
    assert complete_vouchers(fake) == []
    service.retry_job(db, _actor(), job_id)
    make_worker(db, printers).run_once()
    assert job(db, job_id).state == "done" and job(db, job_id).attempts == 1
    [copy] = complete_vouchers(fake, 1)
    text = decode(copy.data).text()
    assert "重打 / DUPLICATE" in text and "上次打印中断" in text and "DRAWER" not in text


def test_paper_running_out_during_the_job_is_not_done(db, fake, monkeypatch):
    from app.devices.printers import status as printer_status
    from app.devices.printers.status import PrinterStatus
    answers = iter([PrinterStatus("ok", "ready"), PrinterStatus("paper_out", "paper out")])
    monkeypatch.setattr(printer_status, "query", lambda conn, timeout_s: next(answers))  # before, then after
    job_id = enqueue(db)
    make_worker(db, [settings_for(fake)]).run_once()
    failed = job(db, job_id)
    assert failed.needs_attention and "stopped while printing" in failed.last_error


def test_a_failing_listener_never_fails_a_printed_job(db, fake):
    def explode(*_):
        raise RuntimeError("the window is gone")
    job_id = enqueue(db, open_drawer=True)
    PrintWorker(db, COUNTER, lambda: [settings_for(fake, drawer=True)], lambda: Branding(),
                on_change=explode, on_status=explode).run_once()
    assert job(db, job_id).state == "done" and len(complete_vouchers(fake, 1)) == 1


def test_a_dead_printer_is_tried_once_per_round(db, fake):
    fake.refuse = True
    first, second = enqueue(db, "v1"), enqueue(db, "v2")
    assert make_worker(db, [settings_for(fake)]).run_once() == 1
    assert job(db, first).state == "failed" and job(db, second).state == "queued"


def test_refused_connection_names_the_printer(db, fake):
    fake.refuse = True
    job_id = enqueue(db)
    make_worker(db, [settings_for(fake)]).run_once()
    failed = job(db, job_id)
    assert failed.state == "failed" and f"127.0.0.1:{fake.port}" in failed.last_error


def test_no_printer_configured(db):
    job_id = enqueue(db)
    make_worker(db, []).run_once()
    assert job(db, job_id).last_error == NO_PRINTER


def test_other_printer(db, fake):
    from app import config
    with FakeNetworkPrinter() as backup:
        fake.refuse = True
        printers = [settings_for(fake), settings_for(backup, name="backup")]
        config.save_settings(config.Settings(devices={"printers": [p.to_dict() for p in printers]}))
        job_id = enqueue(db)
        make_worker(db, printers).run_once()
        service.retry_job(db, _actor(), job_id, printer="backup")
        make_worker(db, printers).run_once()
        assert job(db, job_id).state == "done" and len(complete_vouchers(backup, 1)) == 1


def test_unknown_printer_name_fails_the_job(db, fake):
    job_id = db.transact(lambda tx: queue.enqueue(tx, job_key="k", counter=COUNTER, document=VOUCHER,
                                                  created_by="x", printer="gone"), raw=True)
    make_worker(db, [settings_for(fake)]).run_once()
    assert "printer 'gone' is not configured" in job(db, job_id).last_error


def test_a_job_left_sent_by_a_crash_is_not_printed_again_by_itself(db, fake):
    job_id = enqueue(db)
    with db.session() as s:
        s.execute(text("UPDATE print_jobs SET state = 'sent', attempts = 1, "
                       "updated_at = '2000-01-01 00:00:00' WHERE id = :id"), {"id": job_id})
    rec = Recorder()
    make_worker(db, [settings_for(fake)], rec).run_once()
    assert job(db, job_id).needs_attention and job_id in rec.changes
    assert fake.jobs == []


def test_a_bug_in_one_job_does_not_stop_the_others(db, fake):
    bad = db.transact(lambda tx: queue.enqueue(tx, job_key="bad", counter=COUNTER, document=VOUCHER,
                                               created_by="x"), raw=True)
    with db.session() as s:
        s.execute(text("UPDATE print_jobs SET document = '{\"bogus\": 1}' WHERE id = :id"), {"id": bad})
    good = enqueue(db)
    make_worker(db, [settings_for(fake)]).run_once()
    assert job(db, bad).state == "failed" and "unknown fields" in job(db, bad).last_error
    assert job(db, good).state == "done"


def test_the_thread_prints_when_woken_and_stops(db, fake):
    done = threading.Event()
    job_id = enqueue(db)
    worker = PrintWorker(db, COUNTER, lambda: [settings_for(fake)], lambda: Branding(),
                         on_change=lambda i: job(db, i).state == "done" and done.set())
    worker.start()
    try:
        worker.wake()
        assert done.wait(WAIT_S)
    finally:
        worker.stop()
    assert not any(t.name.startswith("print-worker") for t in threading.enumerate())
    assert job(db, job_id).state == "done"


def _actor():
    from app.auth.actor import Actor
    return Actor(user_id=None, username="cash1", display_name="", role="cashier", permissions=frozenset(),
                 counter=COUNTER)
