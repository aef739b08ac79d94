"""Make the upgrade fixture of a release: a SQLite database written by THAT release's code,
with a day of real work in it, and a manifest of what must survive every later upgrade.

    git worktree add /tmp/v0.1.0 <release commit>
    PYTHONPATH=/tmp/v0.1.0 .venv/bin/python tools/make_fixture_db.py 0.1.0

writes tests/fixtures/marketdesk-<version>.sqlite3 and .json (the manifest: every account's
counters, every ticket, recharge and print job, the audit trail's length). Only services that
every release has are used; tests/integration/test_upgrade_fixtures.py upgrades each fixture
with the current migrations and compares."""
from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
COUNTER = "1号收费台"
FRAMES = (("2026-11-23T08:15:40.100", "022b3030323030303231420d"),)


def work_a_day(db) -> None:
    from app import demo
    from app.auth import service as auth
    from app.ledger.ids import new_event_id
    from app.ledger.service import open_shift
    from app.recharge.service import recharge, reverse_recharge
    from app.weighing.capture import ScaleCapture
    from app.weighing.entry import EntryDraft, charge_entry, quote_entry
    from app.weighing.exit import quote_refund, refund_exit
    from app.weighing.void import void_entry
    from app.weighing.models import Commodity, Merchant

    auth.create_first_admin(db, "boss", "老板", "boss-pass")
    admin = auth.login(db, "boss", "boss-pass", counter=COUNTER)
    demo.seed(db, admin)
    cashier = auth.login(db, "demo_cashier", demo.DEMO_PASSWORD, counter=COUNTER)
    clerk = auth.login(db, "demo_clerk", demo.DEMO_PASSWORD, counter=COUNTER)
    manager = auth.login(db, "demo_manager", demo.DEMO_PASSWORD, counter=COUNTER)
    for actor in (cashier, clerk, manager):
        open_shift(db, actor, 500_00)
    with db.session() as s:
        commodities = [c.id for c in s.query(Commodity).order_by(Commodity.id).limit(3)]
        fixed = [m.id for m in s.query(Merchant).filter(Merchant.kind == "fixed").order_by(Merchant.id).limit(2)]

    def charge(plate, commodity, gross_g, actor=cashier, **kw):
        draft = EntryDraft(plate, commodity, gross_g, **kw)
        q = quote_entry(db, actor, draft)
        return charge_entry(db, actor, draft, event_id=new_event_id(), capture=ScaleCapture(gross_g, FRAMES),
                            fee_fen_shown=q.fee_fen, cash_fen=q.paid_cash_fen)

    walk_in = charge("苏A88888", commodities[0], 30_000_000, weigh_tare_at_exit=True)
    charge("苏B12345", commodities[1], 25_500_000, weigh_tare_at_exit=True)
    voided = charge("苏C54321", commodities[2], 18_000_000, actor=manager, weigh_tare_at_exit=True)
    q = quote_refund(db, cashier, walk_in.ticket_id, 11_000_000)
    refund_exit(db, cashier, walk_in.ticket_id, event_id=new_event_id(), capture=ScaleCapture(11_000_000, FRAMES),
                refund_fen_shown=q.refund_fen)
    void_entry(db, manager, voided.ticket_id, reason="weighed twice", event_id=new_event_id())
    recharge(db, clerk, fixed[0], amount_fen=1000_00, method="cash", reference=None, event_id=new_event_id())
    recharge(db, clerk, fixed[1], amount_fen=300_00, method="wechat", reference="4200001234202611230000000042",
             event_id=new_event_id())
    mistaken = recharge(db, manager, fixed[1], amount_fen=50_00, method="cash", reference=None,
                        event_id=new_event_id())
    reverse_recharge(db, manager, mistaken.recharge_id, reason="wrong account", event_id=new_event_id())


def manifest(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        def rows(sql):
            return [list(r) for r in conn.execute(sql)]
        return {
            "schema": conn.execute("SELECT version_num FROM alembic_version").fetchone()[0],
            "accounts": rows("SELECT key, debits_pending, debits_posted, credits_pending, credits_posted, closed "
                             "FROM ledger_accounts ORDER BY key"),
            "transfers": conn.execute("SELECT COUNT(*), SUM(amount_fen) FROM ledger_transfers").fetchone(),
            "tickets": rows("SELECT voucher_no, plate, gross_g, tare_g, fee_fen, paid_account_fen, paid_cash_fen "
                            "FROM weigh_tickets ORDER BY voucher_no"),
            "refunds": rows("SELECT voucher_no, refund_fen FROM weigh_refunds ORDER BY voucher_no"),
            "voids": rows("SELECT ticket_id, reason FROM weigh_voids ORDER BY ticket_id"),
            "recharges": rows("SELECT receipt_no, method, amount_fen, balance_after_fen FROM recharges "
                              "ORDER BY receipt_no"),
            "shifts": rows("SELECT id, counter, opening_float_fen, closed_at FROM shifts ORDER BY id"),
            "audit_entries": conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0],
            "print_jobs": conn.execute("SELECT COUNT(*) FROM print_jobs").fetchone()[0],
        }
    finally:
        conn.close()


def main(version: str) -> int:
    os.environ["MARKETDESK_HOME"] = tempfile.mkdtemp(prefix="marketdesk-fixture-")
    from app import __file__ as app_file
    from app.auth.passwords import use_test_cost
    from app.db import migrate
    from app.db.database import Database
    print(f"writing with the code in {Path(app_file).parent}", file=sys.stderr)
    use_test_cost()
    out = HERE / "tests" / "fixtures" / f"marketdesk-{version}.sqlite3"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    db = Database(f"sqlite:///{out}")
    migrate.upgrade(db)
    work_a_day(db)
    db.dispose()
    conn = sqlite3.connect(out)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("VACUUM")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)
    for backup in out.parent.glob(f"{out.name}.*.bak"):   # the empty file's backup before migrating
        backup.unlink()
    out.with_suffix(".json").write_text(json.dumps(manifest(out), ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
