"""`ledger verify`: JSON report of the invariants; exit 1 on any violation."""
import json

from app.db.database import Database
from app.ledger.service import verify_ledger


def ledger_verify(db: Database) -> int:
    report = verify_ledger(db)
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    return 0 if report.violations == 0 else 1
