"""The durable print queue: jobs commit (or vanish) with their event, are claimed once,
fail with a reason, back off, and end done, failed or skipped."""
from datetime import timedelta

import pytest
from sqlalchemy import text

from app.db.rawsql import db_clock
from app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.printing import queue, service
from app.printing.samples import sample_document
from tests.concurrency import run_together
from tests.printing.conftest import COUNTER

VOUCHER = sample_document("entry-voucher")


def _enqueue(db, key="voucher:1", counter=COUNTER, **kw):
    return db.transact(lambda tx: queue.enqueue(tx, job_key=key, counter=counter, document=VOUCHER,
                                                created_by="cash1", **kw), raw=True)


def _audit_actions(db):
    with db.session() as s:
        return [r[0] for r in s.execute(text("SELECT action FROM audit_log ORDER BY seq"))]


def test_job_commits_with_its_transaction_or_not_at_all(db):
    class Boom(Exception):
        pass

    def work(tx):
        queue.enqueue(tx, job_key="voucher:lost", counter=COUNTER, document=VOUCHER, created_by="cash1")
        raise Boom  # the money event failed after the job was written

    with pytest.raises(Boom):
        db.transact(work, raw=True)
    assert service.queue_panel(db, COUNTER) == []
    job_id = _enqueue(db)
    [job] = service.queue_panel(db, COUNTER)
    assert (job.id, job.state, job.kind, job.doc_number) == (job_id, "queued", "entry_voucher", "E2611230042")


def test_same_key_queues_once(db):
    assert _enqueue(db) == _enqueue(db)
    assert len(service.queue_panel(db, COUNTER)) == 1


def test_claim_is_exclusive(db):
    job_id = _enqueue(db)
    got = []

    def claim(worker):
        job = db.transact(lambda tx: queue.claim(tx, job_id, worker, db_clock(tx)), raw=True)
        got.append(job and (job.claimed_by, job.attempts))

    run_together(*[lambda w=w: claim(w) for w in ("w1", "w2", "w3", "w4")])
    winners = [g for g in got if g is not None]
    assert len(got) == 4 and len(winners) == 1 and winners[0][1] == 1


def test_failure_backs_off_then_waits_for_the_cashier(db):
    job_id = _enqueue(db)
    for attempt in range(1, queue.AUTO_ATTEMPTS_MAX + 1):
        def cycle(tx):
            now = db_clock(tx) + timedelta(hours=attempt)  # far enough ahead for every backoff
            assert [j.id for j in queue.due(tx, COUNTER, now)] == [job_id]
            job = queue.claim(tx, job_id, "w1", now)
            assert job.attempts == attempt
            assert queue.fail(tx, job, "printer paper_out: paper out", now, bytes_sent=False)
            return now
        now = db.transact(cycle, raw=True)
        job = db.transact(lambda tx: queue.get(tx, job_id), raw=True)
        assert job.state == "failed" and job.last_error == "printer paper_out: paper out"
        if attempt < queue.AUTO_ATTEMPTS_MAX:
            assert job.next_attempt_at - now == timedelta(seconds=queue.BACKOFF_S[attempt - 1])
        else:
            assert job.next_attempt_at is None and job.needs_attention
    assert db.transact(lambda tx: queue.due(tx, COUNTER, db_clock(tx) + timedelta(days=1)), raw=True) == []


def test_failure_after_bytes_went_out_waits_for_the_cashier(db):
    job_id = _enqueue(db)

    def work(tx):
        job = queue.claim(tx, job_id, "w1", db_clock(tx))
        queue.fail(tx, job, "connection dropped while printing", db_clock(tx), bytes_sent=True)
    db.transact(work, raw=True)
    job = db.transact(lambda tx: queue.get(tx, job_id), raw=True)
    assert job.needs_attention and job.printed_maybe and job.as_duplicate


def test_a_late_worker_still_records_its_outcome(db):
    """Declared interrupted while it was still sending, the printed job must not stay failed."""
    job_id = _enqueue(db)
    job = db.transact(lambda tx: queue.claim(tx, job_id, "w1", db_clock(tx)), raw=True)
    later = lambda tx: db_clock(tx) + timedelta(seconds=queue.SENT_STALE_S + 1)  # noqa: E731
    db.transact(lambda tx: queue.recover_interrupted(tx, COUNTER, later(tx)), raw=True)
    assert db.transact(lambda tx: queue.finish(tx, job, db_clock(tx)), raw=True)
    assert db.transact(lambda tx: queue.get(tx, job_id), raw=True).state == "done"


def test_a_job_left_sent_by_a_crash_is_failed_as_interrupted(db):
    job_id = _enqueue(db)
    db.transact(lambda tx: queue.claim(tx, job_id, "w1", db_clock(tx)), raw=True)
    assert db.transact(lambda tx: queue.recover_interrupted(tx, COUNTER, db_clock(tx)), raw=True) == []  # still live
    later = lambda tx: db_clock(tx) + timedelta(seconds=queue.SENT_STALE_S + 1)  # noqa: E731
    assert db.transact(lambda tx: queue.recover_interrupted(tx, COUNTER, later(tx)), raw=True) == [job_id]
    job = db.transact(lambda tx: queue.get(tx, job_id), raw=True)
    assert job.state == "failed" and job.needs_attention and "interrupted" in job.last_error and job.printed_maybe


def test_finish_only_the_claimed_attempt(db):
    job_id = _enqueue(db)
    job = db.transact(lambda tx: queue.claim(tx, job_id, "w1", db_clock(tx)), raw=True)
    from dataclasses import replace
    assert not db.transact(lambda tx: queue.finish(tx, replace(job, claimed_by="w2"), db_clock(tx)), raw=True)
    assert db.transact(lambda tx: queue.finish(tx, job, db_clock(tx)), raw=True)
    assert db.transact(lambda tx: queue.get(tx, job_id), raw=True).state == "done"


def _failed_job(db, **kw):
    job_id = _enqueue(db, **kw)

    def work(tx):
        now = db_clock(tx)
        job = queue.claim(tx, job_id, "w1", now)
        queue.fail(tx, job, "connection dropped while printing", now, bytes_sent=True)
    db.transact(work, raw=True)
    return job_id


def _done_job(db, **kw):
    job_id = _enqueue(db, **kw)

    def work(tx):
        queue.finish(tx, queue.claim(tx, job_id, "w1", db_clock(tx)), db_clock(tx))
    db.transact(work, raw=True)
    return job_id


def test_retry_on_another_printer(db, people):
    from app import config
    from app.devices.printers.settings import PrinterSettings
    config.save_settings(config.Settings(devices={"printers": [
        PrinterSettings(host="10.0.0.1").to_dict(), PrinterSettings(name="backup", host="10.0.0.2").to_dict()]}))
    job_id = _failed_job(db)
    job = service.retry_job(db, people["cashier"], job_id, printer="backup")
    assert (job.state, job.printer, job.attempts, job.as_duplicate) == ("queued", "backup", 0, True)
    assert _audit_actions(db)[-1] == "print.retry_duplicate"  # it may have printed: the copy is marked
    with pytest.raises(Conflict, match="is queued now, not failed"):
        service.retry_job(db, people["cashier"], job_id)
    with pytest.raises(ValidationError, match="'gone' is not configured"):
        service.retry_job(db, people["cashier"], job_id, printer="gone")


def test_skip_needs_a_reason_and_is_audited(db, people):
    job_id = _failed_job(db)
    with pytest.raises(ValidationError, match="reason"):
        service.skip_job(db, people["cashier"], job_id, "  ")
    job = service.skip_job(db, people["cashier"], job_id, "司机已离开")
    assert job.state == "skipped" and _audit_actions(db)[-1] == "print.skip"
    with pytest.raises(Conflict, match="is skipped"):
        service.skip_job(db, people["cashier"], job_id, "again")


def test_jobs_of_another_counter_are_not_touched(db, people):
    job_id = _failed_job(db, counter="2号收费台")
    with pytest.raises(ValidationError, match="belongs to counter 2号收费台"):
        service.retry_job(db, people["cashier"], job_id)
    with pytest.raises(NotFound):
        service.skip_job(db, people["cashier"], 999_999, "x")


def test_reprint_is_numbered_marked_and_audited(db, people):
    original = _done_job(db, open_drawer=True)
    first = service.reprint(db, people["manager"], job_id=original)
    second = service.reprint(db, people["manager"], doc_number="e2611230042")  # by number, any case
    again = service.reprint(db, people["manager"], job_id=second.id)          # a reprint of a reprint
    assert [first.reprint_no, second.reprint_no, again.reprint_no] == [1, 2, 3]
    assert {first.reprint_of, second.reprint_of, again.reprint_of} == {original}
    assert not first.open_drawer  # a duplicate never opens the drawer
    assert _audit_actions(db)[-3:] == ["voucher.reprint"] * 3


def test_reprint_double_click_is_one_reprint(db, people):
    original = _done_job(db)
    jobs = [service.reprint(db, people["manager"], job_id=original, request_id="click-1") for _ in range(2)]
    assert jobs[0].id == jobs[1].id and _audit_actions(db).count("voucher.reprint") == 1


def test_reprint_needs_permission(db, people):
    original = _enqueue(db)
    with pytest.raises(PermissionDenied, match="voucher.reprint"):
        service.reprint(db, people["cashier"], job_id=original)
    with pytest.raises(NotFound, match="no printed document numbered X1"):
        service.reprint(db, people["manager"], doc_number="X1")
    with pytest.raises(ValidationError, match="give a print job or a document number"):
        service.reprint(db, people["manager"])
    with pytest.raises(ValidationError, match="has not printed yet \\(queued\\)"):
        service.reprint(db, people["manager"], job_id=original)


def test_test_page_is_queued_for_the_chosen_printer(db, people):
    from app import config
    from app.devices.printers.settings import PrinterSettings
    config.save_settings(config.Settings(devices={"printers": [PrinterSettings(name="backup", host="x").to_dict()]}))
    job = service.print_test_page(db, people["admin"], "backup", printer_description="network 10.0.0.9:9100")
    assert (job.kind, job.printer, job.state) == ("test_page", "backup", "queued")
    with pytest.raises(ValidationError, match="test page is not reprinted"):
        service.reprint(db, people["admin"], job_id=job.id)
    with pytest.raises(PermissionDenied, match="device.manage"):
        service.print_test_page(db, people["cashier"])


def test_print_job_reads_one_job(db):
    job_id = _enqueue(db)
    assert service.print_job(db, job_id).id == job_id and service.print_job(db, 999_999) is None
