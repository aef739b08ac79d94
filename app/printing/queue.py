"""The durable print queue's statements: jobs are inserted inside the caller's transaction
(with the money event they print), claimed by this counter's worker with a guarded update so
a job is sent by one worker once, and end done, failed (with the reason) or skipped.

    queued --claim--> sent --ok--> done
       ^                 \\--error before any byte went out--> failed --(due again: automatic)--> sent
       |                  \\--error after bytes went out-----> failed, printed_maybe (the cashier decides)
       +--- Retry / Other printer ---------------------------------/   \\--Skip--> skipped

A job that failed after bytes went out may have printed: it is never resent by itself, and
when the cashier retries it, it prints marked as a duplicate and without opening the drawer.
A job left 'sent' by a worker that died is failed the same way ("interrupted")."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from app.db.rawsql import RawTx, Sql, as_datetime, db_clock, tx_of
from app.printing.documents import Document
from app.printing.signing import VoucherSigner

AUTO_ATTEMPTS_MAX = 5                    # then the job waits for the cashier (Retry / Skip)
BACKOFF_S = (2, 4, 8, 16)                # after the 1st, 2nd, ... failure
SENT_STALE_S = 300                       # no send lasts this long (the worker's deadline is lower)
DUE_BATCH_MAX = 20
ERROR_MAX_CHARS = 500
RECENT_FINISHED = 10
assert len(BACKOFF_S) == AUTO_ATTEMPTS_MAX - 1


@dataclass(frozen=True)
class Job:
    id: int
    job_key: str
    counter: str
    kind: str
    document: str
    doc_number: str | None
    open_drawer: bool
    reprint_of: int | None
    reprint_no: int
    printer: str | None
    state: str
    claimed_by: str | None
    printed_maybe: bool
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    created_by: str
    created_at: datetime
    updated_at: datetime

    @property
    def needs_attention(self) -> bool:
        """Failed and no longer retried by itself: the cashier decides."""
        return self.state == "failed" and self.next_attempt_at is None

    @property
    def as_duplicate(self) -> bool:
        """Printed marked 重打 / DUPLICATE, never opening the drawer."""
        return self.reprint_no > 0 or self.printed_maybe


COLUMNS = ("id, job_key, counter, kind, document, doc_number, open_drawer, reprint_of, reprint_no, printer, "
           "state, claimed_by, printed_maybe, attempts, next_attempt_at, last_error, created_by, created_at, "
           "updated_at")


def _job(row: tuple) -> Job:
    values = list(row)
    values[6] = bool(values[6])
    values[12] = bool(values[12])
    for i in (14, 17, 18):
        values[i] = as_datetime(values[i])
    return Job(*values)


def signed(document: Document, signer: VoucherSigner) -> Document:
    """The document with its QR payload vouching for its kind, number and amount."""
    return replace(document, qr=signer.sign(document.signed_kind(), document.number, document.signed_amount_fen()))


_INSERT = Sql(
    "INSERT INTO print_jobs (job_key, counter, kind, document, doc_number, open_drawer, reprint_of, reprint_no, "
    "printer, state, claimed_by, printed_maybe, attempts, next_attempt_at, last_error, created_by, created_at, "
    "updated_at) "
    "VALUES (:job_key, :counter, :kind, :document, :doc_number, :open_drawer, :reprint_of, :reprint_no, "
    ":printer, 'queued', NULL, :false, 0, :now, NULL, :created_by, :now, :now) "
    "ON CONFLICT (job_key) DO NOTHING RETURNING id")
_BY_KEY = Sql("SELECT id FROM print_jobs WHERE job_key = :job_key")


def enqueue(target, *, job_key: str, counter: str, document: Document, created_by: str,
            open_drawer: bool = False, reprint_of: int | None = None, reprint_no: int = 0,
            printer: str | None = None, now: datetime | None = None) -> int:
    """Queue a document inside the caller's transaction; the same job_key again (a retried
    event) returns the job already queued."""
    assert job_key and len(job_key) <= 80 and counter
    assert (reprint_of is None) == (reprint_no == 0)
    tx = tx_of(target)
    row = _INSERT.run(tx, dict(job_key=job_key, counter=counter, kind=document.KIND, document=document.to_json(),
                               doc_number=document.number or None, open_drawer=bool(open_drawer),
                               reprint_of=reprint_of, reprint_no=reprint_no, printer=printer, false=False,
                               created_by=created_by, now=now or db_clock(tx))).first()
    return row[0] if row else _BY_KEY.run(tx, dict(job_key=job_key)).scalar()


def find_by_key(tx, job_key: str) -> int | None:
    return _BY_KEY.run(tx_of(tx), dict(job_key=job_key)).scalar()


_DUE = Sql(f"SELECT {COLUMNS} FROM print_jobs WHERE counter = :counter AND state IN ('queued', 'failed') "
           "AND next_attempt_at <= :now ORDER BY id LIMIT :limit")
_CLAIM = Sql("UPDATE print_jobs SET state = 'sent', claimed_by = :worker, attempts = attempts + 1, updated_at = :now "
             f"WHERE id = :id AND state IN ('queued', 'failed') AND next_attempt_at <= :now RETURNING {COLUMNS}")
# A worker whose job was declared interrupted meanwhile (it took too long) still records how
# its own attempt ended: the printed voucher must not stay "interrupted".
_MINE = "id = :id AND claimed_by = :worker AND attempts = :attempts AND (state = 'sent' OR " \
        "(state = 'failed' AND next_attempt_at IS NULL))"
_DONE = Sql("UPDATE print_jobs SET state = 'done', last_error = NULL, next_attempt_at = NULL, updated_at = :now "
            f"WHERE {_MINE} RETURNING id")
_FAIL = Sql("UPDATE print_jobs SET state = 'failed', last_error = :error, next_attempt_at = :next_at, "
            f"printed_maybe = printed_maybe OR :maybe, updated_at = :now WHERE {_MINE} RETURNING id")
_STALE = Sql("UPDATE print_jobs SET state = 'failed', next_attempt_at = NULL, printed_maybe = :true, "
             "updated_at = :now, last_error = :error "
             "WHERE counter = :counter AND state = 'sent' AND updated_at < :before RETURNING id")
_GET = Sql(f"SELECT {COLUMNS} FROM print_jobs WHERE id = :id")
INTERRUPTED = "interrupted while printing (the program stopped): check the paper, then Retry or Skip"


def due(tx: RawTx, counter: str, now: datetime, limit: int = DUE_BATCH_MAX) -> list[Job]:
    return [_job(r) for r in _DUE.run(tx, dict(counter=counter, now=now, limit=limit)).all()]


def claim(tx: RawTx, job_id: int, worker: str, now: datetime) -> Job | None:
    """The job as claimed (with its current printer and attempt number) if this worker got
    it, None if it is no longer due (a Retry, another worker, a Skip got there first)."""
    row = _CLAIM.run(tx, dict(id=job_id, worker=worker, now=now)).first()
    return _job(row) if row else None


def finish(tx: RawTx, job: Job, now: datetime) -> bool:
    return _DONE.run(tx, dict(id=job.id, worker=job.claimed_by, attempts=job.attempts, now=now)).first() is not None


def fail(tx: RawTx, job: Job, error: str, now: datetime, *, bytes_sent: bool) -> bool:
    """Failed before any byte went out: due again after a backoff (a few times). After:
    it may have printed, so it waits for the cashier."""
    retry = not bytes_sent and not job.printed_maybe and job.attempts < AUTO_ATTEMPTS_MAX
    retry_at = now + timedelta(seconds=BACKOFF_S[job.attempts - 1]) if retry else None
    return _FAIL.run(tx, dict(id=job.id, worker=job.claimed_by, attempts=job.attempts, error=error[:ERROR_MAX_CHARS],
                              next_at=retry_at, maybe=bytes_sent, now=now)).first() is not None


def recover_interrupted(tx: RawTx, counter: str, now: datetime) -> list[int]:
    before = now - timedelta(seconds=SENT_STALE_S)
    return [r[0] for r in _STALE.run(tx, dict(counter=counter, now=now, before=before, error=INTERRUPTED,
                                               true=True)).all()]


def get(tx, job_id: int) -> Job | None:
    row = _GET.run(tx_of(tx), dict(id=job_id)).first()
    return _job(row) if row else None


_OPEN = Sql(f"SELECT {COLUMNS} FROM print_jobs WHERE counter = :counter AND state IN ('queued', 'sent', 'failed') "
            "ORDER BY id DESC LIMIT :limit")
_FINISHED = Sql(f"SELECT {COLUMNS} FROM print_jobs WHERE counter = :counter AND state IN ('done', 'skipped') "
                "ORDER BY id DESC LIMIT :limit")


def panel(tx, counter: str, *, recent: int = RECENT_FINISHED, limit: int = 100) -> list[Job]:
    """What the queue panel shows, newest first: every job not finished, and the last few
    finished (done or skipped)."""
    t = tx_of(tx)
    jobs = [_job(r) for r in _OPEN.run(t, dict(counter=counter, limit=limit)).all()]
    jobs += [_job(r) for r in _FINISHED.run(t, dict(counter=counter, limit=recent)).all()]
    return sorted(jobs, key=lambda j: j.id, reverse=True)
