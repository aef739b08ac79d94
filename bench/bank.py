"""The bank test: worker processes post random money events while the parent SIGKILLs and
restarts them; at the end nothing acknowledged is missing and every invariant holds.

    python -m bench.bank --db URL --workers N --ops M [--kill]

A worker writes an `intent` line (fsync'd) before it submits an event and an `ack` line
(fsync'd) after COMMIT returned. A restarted worker first resubmits its last unacknowledged
intent with the same event id (the retry-after-timeout path), then carries on. The last line
printed is JSON: {"violations": 0, "ops": ..., "kills": ..., ...}."""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import func, select

from app.auth.actor import Actor
from app.db import migrate
from app.db.database import Database
from app.errors import DatabaseError
from app.ledger import accounts
from app.ledger.codes import TransferCode as C
from app.ledger.errors import ExceedsCredits, ExceedsDebits, PendingAlreadyResolved
from app.ledger.ids import new_event_id
from app.ledger.models import Account, Transfer
from app.ledger.requests import EventRequest, NewTransfer, PostPending, VoidPending
from app.ledger.service import submit, verify_ledger

MERCHANTS = 5
SUBMIT_ATTEMPTS_MAX = 20
KILLS_MAX_DEFAULT = 12
RUN_TIMEOUT_S = 900


# ---- worker ----------------------------------------------------------------------------------

def _request_to_json(r: EventRequest) -> dict:
    items = []
    for i in r.items:
        if isinstance(i, NewTransfer):
            items.append(["new", i.debit_account_id, i.credit_account_id, i.amount_fen, str(i.code), i.pending])
        elif isinstance(i, PostPending):
            items.append(["post", i.pending_id, i.amount_fen])
        else:
            items.append(["void", i.pending_id])
    return {"event_id": r.event_id, "kind": r.kind, "items": items}


def _request_from_json(d: dict) -> EventRequest:
    items = []
    for it in d["items"]:
        if it[0] == "new":
            items.append(NewTransfer(it[1], it[2], it[3], C(it[4]), pending=it[5]))
        elif it[0] == "post":
            items.append(PostPending(it[1], it[2]))
        else:
            items.append(VoidPending(it[1]))
    return EventRequest(d["event_id"], d["kind"], tuple(items))


class Log:
    def __init__(self, path: Path):
        self.path = path
        self.fh = open(path, "a", encoding="utf-8")

    def write(self, record: dict) -> None:
        self.fh.write(json.dumps(record) + "\n")
        self.fh.flush()
        os.fsync(self.fh.fileno())

    @staticmethod
    def read(path: Path) -> list[dict]:
        if not path.exists():
            return []
        out = []
        for line in path.read_text("utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:  # a line torn by SIGKILL: never acknowledged
                pass
        return out


def run_worker(args) -> int:
    chart = json.loads(args.chart)
    rng = random.Random(f"{args.seed}:{args.worker}:{time.time_ns()}")
    db = Database(args.db)
    operator = Actor(None, f"bank{args.worker}", "bank", "bank", frozenset(), counter=f"w{args.worker}")
    log_path = Path(args.log_dir) / f"worker-{args.worker}.jsonl"
    records = Log.read(log_path)
    log = Log(log_path)
    acked = {r["event_id"] for r in records if r["type"] == "ack"}
    done = {r["event_id"] for r in records if r["type"] in ("ack", "refused")}
    holds = []
    for r in records:
        if r["type"] == "ack":
            holds.extend(r.get("holds", []))
            holds = [h for h in holds if h not in r.get("resolved", [])]
    intents = [r for r in records if r["type"] == "intent"]
    replayable = [r for r in intents if r["event_id"] in acked]
    count = len(done)

    def send(request: EventRequest, retry: bool = False) -> None:
        nonlocal count
        if not retry:
            log.write({"type": "intent", **_request_to_json(request)})
        for attempt in range(SUBMIT_ATTEMPTS_MAX):
            try:
                result = submit(db, request, operator)
                break
            except (ExceedsCredits, ExceedsDebits, PendingAlreadyResolved) as exc:
                log.write({"type": "refused", "event_id": request.event_id, "reason": type(exc).__name__})
                count += 1
                return
            except DatabaseError:
                time.sleep(0.05 * (attempt + 1))
        else:
            raise RuntimeError("database stayed unavailable")
        new_holds = [t.id for t in result.transfers if t.kind == "pending"]
        resolved = [t.pending_id for t in result.transfers if t.pending_id is not None]
        log.write({"type": "ack", "event_id": request.event_id, "replayed": result.replayed,
                   "retry": retry, "transfers": [t.id for t in result.transfers],
                   "holds": new_holds, "resolved": resolved})
        replayable.append({"type": "intent", **_request_to_json(request)})
        holds.extend(new_holds)
        for h in resolved:
            if h in holds:
                holds.remove(h)
        count += 1

    # Resubmit what we may have posted before we were killed: the same id, the same content.
    if intents and intents[-1]["event_id"] not in done:
        send(_request_from_json(intents[-1]), retry=True)

    merchants, drawer, income = chart["merchants"], chart["drawer"], chart["income"]
    while count < args.ops:
        op = rng.choice(["recharge", "recharge", "charge", "charge", "charge", "refund", "hold",
                         "post", "void", "replay"])
        m = rng.choice(merchants)
        amount = rng.randint(1, 80_00)
        if op == "recharge":
            req = EventRequest(new_event_id(), op, (NewTransfer(drawer, m, amount, C.RECHARGE),))
        elif op == "charge":  # often more than the balance: must be refused whole
            req = EventRequest(new_event_id(), op, (NewTransfer(m, income, amount, C.FEE),
                                                    NewTransfer(m, income, rng.randint(1, 5_00), C.FEE)))
        elif op == "refund":
            req = EventRequest(new_event_id(), op, (NewTransfer(income, m, rng.randint(1, 10_00), C.REFUND),))
        elif op == "hold":
            req = EventRequest(new_event_id(), op, (NewTransfer(m, income, amount, C.METER_VEND, pending=True),))
        elif op in ("post", "void") and holds:
            h = rng.choice(holds)
            item = PostPending(h) if op == "post" else VoidPending(h)
            req = EventRequest(new_event_id(), op, (item,))
        elif op == "replay" and replayable:
            send(_request_from_json(rng.choice(replayable)), retry=True)
            continue
        else:
            continue
        send(req)
    db.dispose()
    return 0


# ---- parent ----------------------------------------------------------------------------------

def setup(db: Database) -> dict:
    migrate.upgrade(db)
    tag = uuid.uuid4().hex[:8]

    def work(session):
        return {"merchants": [accounts.merchant_prepaid(session, f"bank{tag}{i}", f"bank merchant {i}").id
                              for i in range(MERCHANTS)],
                # Money enters through a clearing account (unlimited), as from a payment channel.
                "drawer": accounts.ensure_account(session, accounts.AccountSpec(
                    f"bank:{tag}:source", accounts.AccountCode.CHANNEL_CLEARING, "bank test source")).id,
                "income": accounts.fee_income(session, f"bank{tag}", "bank income").id}
    return db.transact(work)


def spawn(args, worker: int, chart: dict, log_dir: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bench.bank", "--worker", str(worker), "--db", args.db,
                             "--ops", str(args.ops), "--chart", json.dumps(chart), "--log-dir", log_dir,
                             "--seed", str(args.seed)], cwd=str(Path(__file__).resolve().parent.parent))


def check(db: Database, chart: dict, log_dir: str, workers: int) -> dict:
    report = verify_ledger(db)
    problems = list(report.problems)
    acked: dict[str, list[int]] = {}
    replays = refused = 0
    for w in range(workers):
        for r in Log.read(Path(log_dir) / f"worker-{w}.jsonl"):
            if r["type"] == "ack":
                if r["event_id"] in acked and acked[r["event_id"]] != r["transfers"]:
                    problems.append(f"event {r['event_id']} acknowledged twice with different transfers")
                acked[r["event_id"]] = r["transfers"]
                replays += r["replayed"]
            elif r["type"] == "refused":
                refused += 1

    def work(session):
        missing = []
        ids = list(acked)
        stored: dict[str, list[int]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for event_id, tid in session.execute(select(Transfer.event_id, Transfer.id)
                                                 .where(Transfer.event_id.in_(chunk)).order_by(Transfer.id)):
                stored.setdefault(event_id, []).append(tid)
        for event_id, transfers in acked.items():
            if stored.get(event_id) != transfers:
                missing.append(f"acknowledged event {event_id} is missing or differs in the database")
        ours = [*chart["merchants"], chart["drawer"], chart["income"]]
        total = session.scalar(select(func.sum(Account.credits_posted - Account.debits_posted))
                               .where(Account.id.in_(ours)))
        return missing, int(total or 0)
    missing, total = db.transact(work, readonly=True)
    if total != 0:
        missing.append(f"money not conserved: balances sum to {total} fen")
    return {"violations": report.violations + len(missing), "ledger_checks": report.checks,
            "problems": (report.problems + missing)[:20], "ops": len(acked) + refused, "acknowledged": len(acked),
            "refused": refused, "replays": replays}


def run_parent(args) -> int:
    db = Database(args.db)
    chart = setup(db)
    log_dir = tempfile.mkdtemp(prefix="marketdesk-bank-")
    rng = random.Random(args.seed)
    procs = {w: spawn(args, w, chart, log_dir) for w in range(args.workers)}
    kills = restarts = 0
    deadline = time.monotonic() + RUN_TIMEOUT_S
    started = time.monotonic()
    while procs and time.monotonic() < deadline:
        time.sleep(rng.uniform(0.05, 0.4))
        for w, p in list(procs.items()):
            rc = p.poll()
            if rc is None:
                continue
            if rc == 0:
                del procs[w]
            elif rc == -signal.SIGKILL:
                procs[w] = spawn(args, w, chart, log_dir)
                restarts += 1
            else:
                raise SystemExit(f"worker {w} failed with exit code {rc}")
        if args.kill and procs and kills < args.kills_max:
            w = rng.choice(list(procs))
            procs[w].send_signal(signal.SIGKILL)
            procs[w].wait()
            kills += 1
            procs[w] = spawn(args, w, chart, log_dir)
            restarts += 1
    if procs:
        for p in procs.values():
            p.kill()
        raise SystemExit("bank test timed out")
    elapsed = time.monotonic() - started
    result = check(db, chart, log_dir, args.workers)
    result.update({"kills": kills, "restarts": restarts, "workers": args.workers, "engine": db.kind,
                   "seconds": round(elapsed, 2)})
    db.dispose()
    print(json.dumps(result))
    return 0 if result["violations"] == 0 else 1


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.bank")
    p.add_argument("--db", required=True)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--ops", type=int, default=200, help="operations per worker")
    p.add_argument("--kill", action="store_true", help="SIGKILL and restart workers at random")
    p.add_argument("--kills-max", type=int, default=KILLS_MAX_DEFAULT)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    p.add_argument("--chart", help=argparse.SUPPRESS)
    p.add_argument("--log-dir", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    assert 1 <= args.workers <= 64 and 1 <= args.ops <= 1_000_000
    if args.worker is not None:
        return run_worker(args)
    return run_parent(args)


if __name__ == "__main__":
    sys.exit(main())
