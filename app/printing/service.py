"""What a cashier or a manager does with the print queue: see it, retry a failed job (on
this or another printer), skip it, reprint a document. Units of work; no Qt."""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.rawsql import Sql, db_clock
from app.errors import Conflict, NotFound, ValidationError
from app.ledger.ids import new_event_id
from app.printing import queue
from app.printing.documents import TestPage, from_json
from app.printing.queue import Job

SKIP_REASON_MAX_CHARS = 200
TEST_PAGE_QR = "MARKETDESK PRINTER TEST"


def queue_panel(db, counter: str) -> list[Job]:
    """This counter's jobs not yet done (and the last few done): no permission, the queue
    panel is part of every desk."""
    return db.transact(lambda session: queue.panel(session, counter), readonly=True)


def print_job(db, job_id: int) -> Job | None:
    """One job as it stands now (a desk following the voucher it just queued): no permission,
    like the queue panel."""
    return db.transact(lambda session: queue.get(session, job_id), readonly=True)


def _own_job(tx, actor: Actor, job_id: int) -> Job:
    job = queue.get(tx, job_id)
    if job is None:
        raise NotFound(f"print job {job_id} does not exist")
    if job.counter != actor.counter:
        raise ValidationError(f"print job {job_id} belongs to counter {job.counter}")
    return job


_REQUEUE = Sql("UPDATE print_jobs SET state = 'queued', attempts = 0, next_attempt_at = :now, printer = :printer, "
               "updated_at = :now WHERE id = :id AND state = 'failed' RETURNING id")
_SKIP = Sql("UPDATE print_jobs SET state = 'skipped', next_attempt_at = NULL, updated_at = :now "
            "WHERE id = :id AND state = 'failed' RETURNING id")


def retry_job(db, actor: Actor, job_id: int, printer: str | None = None) -> Job:
    """Send a failed job again now, on `printer` (another configured printer) or its own. A
    job that may have printed in part comes out marked as a duplicate; that retry is audited."""
    if printer is not None:
        _check_printer_name(printer)

    def work(tx) -> Job:
        job = _own_job(tx, actor, job_id)
        target = printer if printer is not None else job.printer
        now = db_clock(tx)
        if _REQUEUE.run(tx, dict(id=job_id, now=now, printer=target)).first() is None:
            raise Conflict(f"print job {job_id} is {queue.get(tx, job_id).state} now, not failed")
        if job.printed_maybe:
            audit.append(tx, action="print.retry_duplicate", actor_id=actor.user_id, actor_name=actor.username,
                         counter=actor.counter, target=f"{job.kind}:{job.doc_number or job_id}", now=now,
                         details={"job": job_id, "last_error": job.last_error, "printer": target})
        return queue.get(tx, job_id)
    return db.transact(work, raw=True)


def _check_printer_name(name: str) -> None:
    from app.settings_service import printer_settings
    if name not in {p.name for p in printer_settings()}:
        raise ValidationError(f"printer {name!r} is not configured at this counter")


def skip_job(db, actor: Actor, job_id: int, reason: str) -> Job:
    """Give up on a failed job (the paper is lost, the driver has gone): audited, since a
    voucher that never printed is something finance may ask about."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason: say why the document is not printed")
    if len(reason) > SKIP_REASON_MAX_CHARS:
        raise ValidationError(f"reason: at most {SKIP_REASON_MAX_CHARS} characters")

    def work(tx) -> Job:
        job = _own_job(tx, actor, job_id)
        now = db_clock(tx)
        if _SKIP.run(tx, dict(id=job_id, now=now)).first() is None:
            raise Conflict(f"print job {job_id} is {queue.get(tx, job_id).state} now, not failed")
        audit.append(tx, action="print.skip", actor_id=actor.user_id, actor_name=actor.username,
                     counter=actor.counter, target=f"{job.kind}:{job.doc_number or job_id}", now=now,
                     details={"job": job_id, "reason": reason, "last_error": job.last_error})
        return queue.get(tx, job_id)
    return db.transact(work, raw=True)


_REPRINT_NO = Sql("SELECT COALESCE(MAX(reprint_no), 0) + 1 FROM print_jobs WHERE reprint_of = :id")
_LATEST_BY_NUMBER = Sql("SELECT id FROM print_jobs WHERE doc_number = :number AND reprint_of IS NULL "
                        "ORDER BY id DESC LIMIT 1")


def reprint(db, actor: Actor, *, job_id: int | None = None, doc_number: str | None = None,
            request_id: str | None = None, override: Override | None = None) -> Job:
    """A duplicate of a printed document, marked 重打 / DUPLICATE with its count; needs
    voucher.reprint (or a supervisor's override) and is audited. Never opens the drawer.
    `request_id` makes a double click one reprint."""
    grant = require(actor, "voucher.reprint", override)
    if (job_id is None) == (doc_number is None):
        raise ValidationError("reprint: give a print job or a document number")
    if not actor.counter:
        raise ValidationError("counter: this workstation has no counter name; set it in Settings")
    request_id = request_id or new_event_id()

    def work(tx) -> Job:
        replayed = queue.find_by_key(tx, f"reprint:{request_id}")
        if replayed is not None:  # the same click again
            return queue.get(tx, replayed)
        original_id = job_id
        if doc_number is not None:
            original_id = _LATEST_BY_NUMBER.run(tx, dict(number=doc_number.strip().upper())).scalar()
            if original_id is None:
                raise NotFound(f"no printed document numbered {doc_number}")
        original = queue.get(tx, original_id)
        if original is None:
            raise NotFound(f"print job {original_id} does not exist")
        if original.reprint_of is not None:
            original = queue.get(tx, original.reprint_of)
        if original.kind == TestPage.KIND:
            raise ValidationError("a test page is not reprinted: print a new one")
        if original.state != "done":
            raise ValidationError(f"{original.doc_number or 'this document'} has not printed yet ({original.state}): "
                                  "retry it in the print queue instead of reprinting")
        document = from_json(original.kind, original.document)
        now = db_clock(tx)
        number = _REPRINT_NO.run(tx, dict(id=original.id)).scalar()
        new_id = queue.enqueue(tx, job_key=f"reprint:{request_id}", counter=actor.counter, document=document,
                               created_by=actor.username, reprint_of=original.id, reprint_no=number, now=now)
        audit.append(tx, action="voucher.reprint", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=grant.supervisor_name, counter=actor.counter,
                     target=f"{original.kind}:{original.doc_number}", now=now,
                     details={"job": new_id, "original_job": original.id, "reprint_no": number})
        return queue.get(tx, new_id)
    try:
        return db.transact(work, raw=True)
    except IntegrityError:  # another reprint of the same document took this number at the same moment
        raise Conflict("another reprint of this document was made at the same moment: check the queue") from None


def print_test_page(db, actor: Actor, printer: str | None = None, *, printer_description: str = "",
                    override: Override | None = None) -> Job:
    """Queue a test page (Settings → Printer): device.manage."""
    require(actor, "device.manage", override)
    if not actor.counter:
        raise ValidationError("counter: this workstation has no counter name; set it in Settings")
    if printer is not None:
        _check_printer_name(printer)
    job_key = f"test:{new_event_id()}"  # outside the transaction: a retried commit queues one page

    def work(tx) -> Job:
        from app.db.clock import to_local
        now = db_clock(tx)
        page = TestPage(number="", counter=actor.counter, cashier=actor.display_name or actor.username,
                        issued_at=to_local(now).strftime("%Y-%m-%d %H:%M:%S"), qr=TEST_PAGE_QR,
                        printer=printer_description)
        job_id = queue.enqueue(tx, job_key=job_key, counter=actor.counter, document=page,
                               created_by=actor.username, printer=printer, now=now)
        return queue.get(tx, job_id)
    return db.transact(work, raw=True)

