"""The audit chain: append-only in the database, and `audit verify` catches what is done
behind the application's back (triggers dropped first, as an attacker with SQL would)."""
from datetime import datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.auth import audit
from app.cli import main as cli_main
from tests.concurrency import run_together


def _append_some(db, n):
    for i in range(n):
        db.transact(lambda s, i=i: audit.append(s, action="test.event", actor_id=None, actor_name="t",
                                                target=f"thing {i}", details={"n": i, "名": "值"}))


def _verify(db):
    return db.transact(audit.verify, readonly=True)


def _drop_triggers(db, engine_name):
    with db.session() as s:
        if engine_name == "postgresql":
            s.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
            s.execute(text("DROP TRIGGER audit_head_forward ON audit_head"))
        else:
            for name in ("audit_log_no_update", "audit_log_no_delete", "audit_head_forward",
                         "audit_head_no_delete"):
                s.execute(text(f"DROP TRIGGER {name}"))


def test_clean_chain_verifies(db):
    _append_some(db, 5)
    report = _verify(db)
    assert report.ok and report.rows_checked == 5


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET target = 'x' WHERE seq = 2",
    "DELETE FROM audit_log WHERE seq = 2",
    "UPDATE audit_head SET seq = 1",
    "DELETE FROM audit_head",
])
def test_database_refuses_changes(db, statement):
    _append_some(db, 3)
    with pytest.raises(DBAPIError, match="append-only|only moves forward"):
        with db.session() as s:
            s.execute(text(statement))
    assert _verify(db).ok


def test_truncate_refused_on_postgresql(pg_databases):
    from app.db.database import Database
    db = Database(pg_databases.migrated())
    _append_some(db, 2)
    with pytest.raises(DBAPIError, match="append-only"):
        with db.session() as s:
            s.execute(text("TRUNCATE audit_log"))
    db.dispose()


def test_edited_row_detected(db, engine_name):
    _append_some(db, 5)
    _drop_triggers(db, engine_name)
    with db.session() as s:
        s.execute(text("UPDATE audit_log SET details = :d WHERE seq = 3"), {"d": '{"n":99}'})
    report = _verify(db)
    assert not report.ok
    assert any("row 3: content was changed" in p for p in report.problems)


def test_recomputed_hash_still_detected(db, engine_name):
    """An editor who also recomputes the row's own hash breaks the link to the next row."""
    _append_some(db, 5)
    _drop_triggers(db, engine_name)
    with db.session() as s:
        row = s.execute(text("SELECT * FROM audit_log WHERE seq = 3")).mappings().one()
        created_at = row["created_at"]
        if isinstance(created_at, str):  # raw SQLite hands back the stored text
            created_at = datetime.fromisoformat(created_at)
        new_hash = audit.row_hash(row["prev_hash"], 3, created_at, row["actor_id"], row["actor_name"],
                                  row["supervisor_name"], row["counter"], row["action"], "forged", row["details"])
        s.execute(text("UPDATE audit_log SET target = 'forged', hash = :h WHERE seq = 3"), {"h": new_hash})
    report = _verify(db)
    assert any("row 4: does not follow" in p for p in report.problems)


def test_deleted_row_detected(db, engine_name):
    _append_some(db, 5)
    _drop_triggers(db, engine_name)
    with db.session() as s:
        s.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    report = _verify(db)
    assert any("row 2: missing" in p for p in report.problems)
    assert any("row 3: does not follow" in p for p in report.problems)


def test_deleted_tail_detected(db, engine_name):
    _append_some(db, 5)
    _drop_triggers(db, engine_name)
    with db.session() as s:
        s.execute(text("DELETE FROM audit_log WHERE seq = 5"))
    report = _verify(db)
    assert any("head records row 5" in p for p in report.problems)


def test_reordered_rows_detected(db, engine_name):
    _append_some(db, 5)
    _drop_triggers(db, engine_name)
    with db.session() as s:
        s.execute(text("UPDATE audit_log SET seq = -1 WHERE seq = 2"))
        s.execute(text("UPDATE audit_log SET seq = 2 WHERE seq = 3"))
        s.execute(text("UPDATE audit_log SET seq = 3 WHERE seq = -1"))
    report = _verify(db)
    assert not report.ok
    assert any("row 2" in p for p in report.problems)


def test_concurrent_appends_form_one_chain(db):
    errors = []

    def worker():
        try:
            _append_some(db, 10)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    run_together(*[worker] * 4)
    assert not errors
    report = _verify(db)
    assert report.ok and report.rows_checked == 40


def test_cli_audit_verify_exit_codes(db, db_url, engine_name, capsys):
    _append_some(db, 3)
    assert cli_main(["--db", db_url, "audit", "verify"]) == 0
    assert '"ok": true' in capsys.readouterr().out
    _drop_triggers(db, engine_name)
    with db.session() as s:
        s.execute(text("UPDATE audit_log SET actor_name = 'someone else' WHERE seq = 1"))
    assert cli_main(["--db", db_url, "audit", "verify"]) == 1
    assert "row 1: content was changed" in capsys.readouterr().out
