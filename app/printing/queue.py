"""The durable print queue's statements: jobs are inserted inside the caller's transaction
(with the money event they print), claimed by this counter's worker with a guarded update so
a job is sent by one worker once, and end done, failed (with the reason) or skipped.

    queued --claim--> sent --ok--> done
       ^                 \\--error--> failed --(due again, automatically a few times)--> sent
       |                                \\--Retry / Other printer--> queued
       |                                 \\--Skip--> skipped
       +-- a job left 'sent' by a crash is failed as "interrupted" (it may have printed)"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from app.db.rawsql import RawTx, Sql, as_datetime, db_clock, tx_of
from app.printing.documents import Document
from app.printing.signing import VoucherSigner

AUTO_ATTEMPTS_MAX = 5                    # then the job waits for the cashier (Retry / Skip)
BACKOFF_S = (2, 4, 8, 16, 30)            # after the 1st, 2nd, ... failure
SENT_STALE_S = 120                       # a send never takes this long: the sender died
DUE_BATCH_MAX = 20
ERROR_MAX_CHARS = 500
assert len(BACKOFF_S) >= AUTO_ATTEMPTS_MAX - 1


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


COLUMNS = ("id, job_key, counter, kind, document, doc_number, open_drawer, reprint_of, reprint_no, printer, "
           "state, attempts, next_attempt_at, last_error, created_by, created_at, updated_at")


def _job(row: tuple) -> Job:
    values = list(row)
    values[6] = bool(values[6])
    for i in (12, 15, 16):
        values[i] = as_datetime(values[i])
    return Job(*values)


def signed(document: Document, signer: VoucherSigner) -> Document:
    """The document with its QR payload vouching for its kind, number and amount."""
    return replace(document, qr=signer.sign(document.KIND, document.number, document.signed_amount_fen()))


_INSERT = Sql(
    "INSERT INTO print_jobs (job_key, counter, kind, document, doc_number, open_drawer, reprint_of, reprint_no, "
    "printer, state, attempts, next_attempt_at, last_error, created_by, created_at, updated_at) "
    "VALUES (:job_key, :counter, :kind, :document, :doc_number, :open_drawer, :reprint_of, :reprint_no, "
    ":printer, 'queued', 0, :now, NULL, :created_by, :now, :now) "
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
                               reprint_of=reprint_of, reprint_no=reprint_no, printer=printer,
                               created_by=created_by, now=now or db_clock(tx))).first()
    return row[0] if row else _BY_KEY.run(tx, dict(job_key=job_key)).scalar()


def find_by_key(tx, job_key: str) -> int | None:
    return _BY_KEY.run(tx_of(tx), dict(job_key=job_key)).scalar()


_DUE = Sql(f"SELECT {COLUMNS} FROM print_jobs WHERE counter = :counter AND state IN ('queued', 'failed') "
           "AND next_attempt_at <= :now ORDER BY id LIMIT :limit")
_CLAIM = Sql("UPDATE print_jobs SET state = 'sent', attempts = attempts + 1, updated_at = :now "
             "WHERE id = :id AND state IN ('queued', 'failed') AND next_attempt_at <= :now RETURNING attempts")
_DONE = Sql("UPDATE print_jobs SET state = 'done', last_error = NULL, next_attempt_at = NULL, updated_at = :now "
            "WHERE id = :id AND state = 'sent' RETURNING id")
_FAIL = Sql("UPDATE print_jobs SET state = 'failed', last_error = :error, next_attempt_at = :next_at, "
            "updated_at = :now WHERE id = :id AND state = 'sent' RETURNING id")
_STALE = Sql("UPDATE print_jobs SET state = 'failed', next_attempt_at = NULL, updated_at = :now, "
             "last_error = :error WHERE counter = :counter AND state = 'sent' AND updated_at < :before RETURNING id")
_GET = Sql(f"SELECT {COLUMNS} FROM print_jobs WHERE id = :id")
INTERRUPTED = "interrupted while printing (the program stopped): check the paper, then Retry or Skip"


def due(tx: RawTx, counter: str, now: datetime, limit: int = DUE_BATCH_MAX) -> list[Job]:
    return [_job(r) for r in _DUE.run(tx, dict(counter=counter, now=now, limit=limit)).all()]


def claim(tx: RawTx, job_id: int, now: datetime) -> int | None:
    """The attempt number if this worker got the job, None if it is no longer due."""
    return _CLAIM.run(tx, dict(id=job_id, now=now)).scalar()


def finish(tx: RawTx, job_id: int, now: datetime) -> bool:
    return _DONE.run(tx, dict(id=job_id, now=now)).first() is not None


def fail(tx: RawTx, job_id: int, attempts: int, error: str, now: datetime) -> bool:
    retry_at = now + timedelta(seconds=BACKOFF_S[attempts - 1]) if attempts < AUTO_ATTEMPTS_MAX else None
    return _FAIL.run(tx, dict(id=job_id, error=error[:ERROR_MAX_CHARS], next_at=retry_at, now=now)).first() is not None


def recover_interrupted(tx: RawTx, counter: str, now: datetime) -> list[int]:
    before = now - timedelta(seconds=SENT_STALE_S)
    return [r[0] for r in _STALE.run(tx, dict(counter=counter, now=now, before=before, error=INTERRUPTED)).all()]


def get(tx, job_id: int) -> Job | None:
    row = _GET.run(tx_of(tx), dict(id=job_id)).first()
    return _job(row) if row else None


_LIST = Sql(f"SELECT {COLUMNS} FROM print_jobs WHERE counter = :counter AND (state <> 'done' OR id > :recent_after) "
            "ORDER BY id DESC LIMIT :limit")
_MAX_ID = Sql("SELECT COALESCE(MAX(id), 0) FROM print_jobs WHERE counter = :counter")


def panel(tx, counter: str, *, recent_done: int = 10, limit: int = 100) -> list[Job]:
    """What the queue panel shows: everything not done, and the last few done."""
    t = tx_of(tx)
    newest = _MAX_ID.run(t, dict(counter=counter)).scalar()
    recent_after = _RECENT_DONE_FLOOR.run(t, dict(counter=counter, n=recent_done)).scalar() or newest
    return [_job(r) for r in _LIST.run(t, dict(counter=counter, recent_after=recent_after - 1, limit=limit)).all()]


_RECENT_DONE_FLOOR = Sql("SELECT MIN(id) FROM (SELECT id FROM print_jobs WHERE counter = :counter AND state = 'done' "
                         "ORDER BY id DESC LIMIT :n) AS recent")
