"""`db upgrade`, `db check`."""
import json

from app.db import migrate
from app.db.database import Database


def db_upgrade(db: Database) -> int:
    result = migrate.upgrade(db)
    if result.before == result.after:
        print(f"{db.describe()}: already at schema {result.after}")
    else:
        print(f"{db.describe()}: upgraded from {result.before or 'empty'} to {result.after}")
        if result.backup:
            print(f"backup: {result.backup}")
    return 0


def db_check(db: Database) -> int:
    state = migrate.schema_state(db)
    print(json.dumps({"database": db.describe(), "current": state.current, "head": state.head,
                      "up_to_date": state.up_to_date, "newer_than_code": state.newer}))
    return 0 if state.up_to_date else 1
