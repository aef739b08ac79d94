"""`audit verify`: JSON report; exit 1 when the chain is broken."""
import json

from app.auth import audit
from app.db.database import Database


def audit_verify(db: Database) -> int:
    report = db.transact(audit.verify, readonly=True)
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    return 0 if report.ok else 1
