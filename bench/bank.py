"""The bank test: worker processes post random money events while the parent SIGKILLs and
restarts them; at the end nothing acknowledged is missing, nothing unacknowledged is there,
every stored transfer is what its worker asked for, and every ledger invariant holds.

    python -m bench.bank --db URL --workers N --ops M [--kill] [--crash-every N]

A worker writes an `intent` line (fsync'd) before it submits an event and an `ack` line
(fsync'd) after COMMIT returned. A restarted worker first resubmits its last unacknowledged
intent with the same event id (the retry-after-timeout path), then carries on. --kill SIGKILLs
workers at random moments (only once they are past start-up); --crash-every makes a worker
kill itself between COMMIT and the ack every N operations, the window the resubmission exists for. The last
line printed is JSON: {"violations": 0, "ops": ..., "kills": ..., ...}."""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select

from app.auth.actor import Actor
from app.db import migrate
from app.db.database import Database
from app.errors import DatabaseError
from app.ledger import accounts
from app.ledger.codes import TransferCode as C
from app.ledger.errors import ExceedsCredits, ExceedsDebits
from app.ledger.ids import new_event_id
from app.ledger.models import Event, Transfer
from app.ledger.requests import EventRequest, NewTransfer, PostPending, VoidPending
from app.ledger.service import submit, verify_ledger

MERCHANTS = 5
SUBMIT_ATTEMPTS_MAX = 20
KILLS_MAX_DEFAULT = 12
RUN_TIMEOUT_S = 900
# Money comes from an unlimited clearing account and refunds from income: never refused.
NEVER_REFUSED = frozenset({"recharge", "refund"})
TRIES_BEFORE_SUCCESS_REQUIRED = 10
OPS = ("recharge", "recharge", "charge", "charge", "charge", "refund", "hold", "post", "void", "replay")


# ---- the log ---------------------------------------------------------------------------------

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
        torn = path.exists() and path.stat().st_size > 0 and not path.read_bytes().endswith(b"\n")
        self.fh = open(path, "a", encoding="utf-8")
        if torn:  # a line cut by SIGKILL: end it, so the next record starts on a line of its own
            self.fh.write("\n")

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


# ---- worker ----------------------------------------------------------------------------------

def run_worker(args) -> int:
    chart = json.loads(args.chart)
    rng = random.Random(f"{args.seed}:{args.worker}:{time.time_ns()}")
    db = Database(args.db)
    operator = Actor(None, f"bank{args.worker}", "bank", "bank", frozenset(), counter=f"w{args.worker}")
    log_path = Path(args.log_dir) / f"worker-{args.worker}.jsonl"
    records = Log.read(log_path)
    log = Log(log_path)
    intents = {r["event_id"]: r for r in records if r["type"] == "intent"}
    done = {r["event_id"] for r in records if r["type"] in ("ack", "refused")}
    holds: dict[int, int] = {}  # open reservation id -> reserved fen
    replayable = []
    for r in records:
        if r["type"] == "ack" and r["retry"] != "replay":
            holds.update({int(k): v for k, v in r["holds"].items()})
            for h in r["resolved"]:
                holds.pop(h, None)
        if r["type"] == "ack":
            replayable.append(intents[r["event_id"]])
    count = len(done)

    def send(request: EventRequest, retry: str | None = None) -> None:
        nonlocal count
        if retry is None:
            log.write({"type": "intent", **_request_to_json(request)})
        for attempt in range(SUBMIT_ATTEMPTS_MAX):
            try:
                result = submit(db, request, operator)
                break
            except (ExceedsCredits, ExceedsDebits) as exc:
                log.write({"type": "refused", "event_id": request.event_id, "reason": type(exc).__name__})
                count += 1
                return
            except DatabaseError:
                time.sleep(0.05 * (attempt + 1))
        else:
            raise RuntimeError("database stayed unavailable")
        if args.crash_every and retry is None and (count + 1) % args.crash_every == 0:
            os.kill(os.getpid(), signal.SIGKILL)  # committed, not acknowledged
        # A replay of an old event hands back its old holds, maybe resolved since: not new.
        new_holds = {} if retry == "replay" else \
            {t.id: t.amount_fen for t in result.transfers if t.kind == "pending"}
        resolved = [] if retry == "replay" else [t.pending_id for t in result.transfers if t.pending_id is not None]
        log.write({"type": "ack", "event_id": request.event_id, "replayed": result.replayed,
                   "retry": retry, "transfers": [t.id for t in result.transfers],
                   "holds": new_holds, "resolved": resolved})
        replayable.append({"type": "intent", **_request_to_json(request)})
        holds.update(new_holds)
        for h in resolved:
            holds.pop(h, None)
        count += 1

    # What we may have posted just before we were killed: the same id, the same content.
    pending_intents = [r for r in records if r["type"] == "intent" and r["event_id"] not in done]
    assert len(pending_intents) <= 1, "a worker submits one event at a time"
    if pending_intents:
        send(_request_from_json(pending_intents[0]), retry="resubmit")

    merchants, drawer, income = chart["merchants"], chart["drawer"], chart["income"]
    while count < args.ops:
        op = rng.choice(OPS)
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
            h = rng.choice(sorted(holds))
            partial = rng.choice([None, rng.randint(1, holds[h])])
            item = PostPending(h, partial) if op == "post" else VoidPending(h)
            req = EventRequest(new_event_id(), op, (item,))
        elif op == "replay" and replayable:
            send(_request_from_json(rng.choice(replayable)), retry="replay")
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
        return {"tag": tag,
                "merchants": [accounts.merchant_prepaid(session, f"bank{tag}{i}", f"bank merchant {i}").id
                              for i in range(MERCHANTS)],
                # Money enters through a clearing account (unlimited), as from a payment channel.
                "drawer": accounts.ensure_account(session, accounts.AccountSpec(
                    f"bank:{tag}:source", accounts.AccountCode.CHANNEL_CLEARING, "bank test source")).id,
                "income": accounts.fee_income(session, f"bank{tag}", "bank income").id}
    return db.transact(work)


def spawn(args, worker: int, chart: dict, log_dir: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bench.bank", "--worker", str(worker), "--db", args.db,
                             "--ops", str(args.ops), "--chart", json.dumps(chart), "--log-dir", log_dir,
                             "--seed", str(args.seed), "--crash-every", str(args.crash_every)],
                            cwd=str(Path(__file__).resolve().parent.parent))


def _expected_transfers(acked: dict[str, dict]) -> dict[str, list[tuple]]:
    """What each acknowledged event should have stored, rebuilt from its intent alone:
    (debit, credit, amount, kind, pending_id) per transfer, in order."""
    reservations: dict[int, tuple] = {}  # transfer id -> (debit, credit, amount)
    for event in acked.values():
        for tid, item in zip(event["transfers"], event["items"]):
            if item[0] == "new" and item[5]:
                reservations[tid] = (item[1], item[2], item[3])
    expected = {}
    for event_id, event in acked.items():
        rows = []
        for item in event["items"]:
            if item[0] == "new":
                rows.append((item[1], item[2], item[3], "pending" if item[5] else "posted", None))
            else:
                debit, credit, reserved = reservations.get(item[1], (None, None, None))
                amount = reserved if item[0] == "void" or item[2] is None else item[2]
                rows.append((debit, credit, amount, item[0], item[1]))
        expected[event_id] = rows
    return expected


def check(db: Database, chart: dict, log_dir: str, workers: int) -> dict:
    report = verify_ledger(db)
    problems: list[str] = []
    acked: dict[str, dict] = {}
    refused: set[str] = set()
    refused_by_kind: dict[str, int] = defaultdict(int)
    replays = resubmits_committed = 0
    for w in range(workers):
        records = Log.read(Path(log_dir) / f"worker-{w}.jsonl")
        intents = {r["event_id"]: r for r in records if r["type"] == "intent"}
        for r in records:
            if r["type"] == "ack":
                if r["event_id"] in acked and acked[r["event_id"]]["transfers"] != r["transfers"]:
                    problems.append(f"event {r['event_id']} acknowledged twice with different transfers")
                acked[r["event_id"]] = {"transfers": r["transfers"], "items": intents[r["event_id"]]["items"],
                                        "kind": intents[r["event_id"]]["kind"]}
                replays += r["replayed"]
                resubmits_committed += r["retry"] == "resubmit" and r["replayed"]
            elif r["type"] == "refused":
                refused.add(r["event_id"])
                if intents[r["event_id"]]["kind"] in NEVER_REFUSED:
                    problems.append(f"{intents[r['event_id']]['kind']} {r['event_id']} refused: {r['reason']}")
                refused_by_kind[intents[r["event_id"]]["kind"]] += 1
    if refused & set(acked):
        problems.append(f"{len(refused & set(acked))} events both refused and acknowledged")

    def stored(session):
        events = set(session.scalars(select(Event.id).where(Event.operator_name.like("bank%"),
                                                            Event.counter.like("w%"))))
        ours = [*chart["merchants"], chart["drawer"], chart["income"]]
        rows = defaultdict(list)
        for r in session.execute(select(Transfer.event_id, Transfer.id, Transfer.debit_account_id,
                                        Transfer.credit_account_id, Transfer.amount_fen, Transfer.kind,
                                        Transfer.pending_id)
                                 .where(Transfer.debit_account_id.in_(ours) | Transfer.credit_account_id.in_(ours))
                                 .order_by(Transfer.event_id, Transfer.event_index)):
            rows[r[0]].append(tuple(r[1:]))
        return events, rows

    events, rows = db.transact(stored, readonly=True)
    if events != set(acked):
        problems.append(f"{len(set(acked) - events)} acknowledged events missing, "
                        f"{len(events - set(acked))} unacknowledged events stored")
    if refused & events:
        problems.append(f"{len(refused & events)} refused events were stored")
    for event_id, want in _expected_transfers(acked).items():
        got = rows.get(event_id, [])
        if [g[0] for g in got] != acked[event_id]["transfers"] or [g[1:] for g in got] != want:
            problems.append(f"event {event_id}: stored {got} but the worker asked for {want}")
    kinds = defaultdict(int)
    for event in acked.values():
        kinds[event["kind"]] += 1
    # A ledger that refuses everything would keep every invariant: an operation tried often
    # must have succeeded at least once.
    problems += [f"no {kind} ever succeeded in {refused_by_kind[kind]} tries" for kind in set(OPS) - {"replay"}
                 if not kinds[kind] and refused_by_kind[kind] >= TRIES_BEFORE_SUCCESS_REQUIRED]
    return {"violations": report.violations + len(problems), "ledger_checks": report.checks,
            "problems": (report.problems + problems)[:20], "acknowledged": len(acked),
            "refused": len(refused), "ops": len(acked) + len(refused), "replays": replays,
            "resubmits_found_committed": resubmits_committed, "acknowledged_by_kind": dict(kinds),
            "refused_by_kind": dict(refused_by_kind)}


def run_parent(args) -> int:
    db = Database(args.db)
    chart = setup(db)
    log_dir = tempfile.mkdtemp(prefix="marketdesk-bank-")
    rng = random.Random(args.seed)
    procs = {w: spawn(args, w, chart, log_dir) for w in range(args.workers)}
    kills = restarts = 0
    deadline = time.monotonic() + RUN_TIMEOUT_S
    started = time.monotonic()
    log_size = lambda w: (Path(log_dir) / f"worker-{w}.jsonl").stat().st_size \
        if (Path(log_dir) / f"worker-{w}.jsonl").exists() else 0
    size_at_spawn = {w: 0 for w in procs}
    try:
        while procs and time.monotonic() < deadline:
            time.sleep(rng.uniform(0.02, 0.2))
            for w, p in list(procs.items()):
                rc = p.poll()
                if rc is None:
                    continue
                if rc == 0:
                    del procs[w]
                elif rc == -signal.SIGKILL:  # killed itself between COMMIT and ack
                    procs[w], size_at_spawn[w] = spawn(args, w, chart, log_dir), log_size(w)
                    restarts += 1
                else:
                    raise SystemExit(f"worker {w} failed with exit code {rc}")
            # Kill only workers that are past start-up, i.e. have logged something since.
            busy = [w for w in procs if log_size(w) > size_at_spawn[w]]
            if args.kill and busy and kills < args.kills_max:
                w = rng.choice(busy)
                procs[w].send_signal(signal.SIGKILL)
                procs[w].wait()
                kills += 1
                procs[w], size_at_spawn[w] = spawn(args, w, chart, log_dir), log_size(w)
                restarts += 1
        if procs:
            for p in procs.values():
                p.kill()
            raise SystemExit("bank test timed out")
        elapsed = time.monotonic() - started
        result = check(db, chart, log_dir, args.workers)
    finally:
        if not args.keep_logs:
            shutil.rmtree(log_dir, ignore_errors=True)
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
    p.add_argument("--crash-every", type=int, default=0, metavar="N",
                   help="a worker kills itself between COMMIT and its acknowledgement every N operations")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep-logs", action="store_true")
    p.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    p.add_argument("--chart", help=argparse.SUPPRESS)
    p.add_argument("--log-dir", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if not (1 <= args.workers <= 64 and 1 <= args.ops <= 1_000_000 and args.crash_every >= 0):
        p.error("--workers 1..64, --ops 1..1000000, --crash-every N >= 0")
    if args.worker is not None:
        return run_worker(args)
    return run_parent(args)


if __name__ == "__main__":
    sys.exit(main())
