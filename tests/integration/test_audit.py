"""The audit chain: append-only in the database, and `audit verify` catches what is done
behind the application's back (triggers dropped first, as an attacker with SQL would)."""
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.auth import audit
from app.cli import main as cli_main
from tests.concurrency import run_together


def _append_some(db, n, counter=None):
    for i in range(n):
        db.transact(lambda s, i=i: audit.append(s, action="test.event", actor_id=None, actor_name="t",
                                                target=f"thing {i}", details={"n": i, "名": "值"},
                                                counter=counter))


def _verify(db):
    return db.transact(audit.verify, readonly=True)


def _drop_triggers(db, engine_name):
    with db.session() as s:
        if engine_name == "postgresql":
            s.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
            s.execute(text("DROP TRIGGER audit_chains_forward ON audit_chains"))
        else:
            for name in ("audit_log_no_update", "audit_log_no_delete", "audit_chains_forward",
                         "audit_chains_no_delete"):
                s.execute(text(f"DROP TRIGGER {name}"))


def test_clean_chain_verifies(db):
    _append_some(db, 5)
    report = _verify(db)
    assert report.ok and report.rows_checked == 5


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET target = 'x' WHERE seq = 2",
    "DELETE FROM audit_log WHERE seq = 2",
    "UPDATE audit_chains SET seq = 1",
    "UPDATE audit_chains SET chain = 'elsewhere', seq = seq + 1",
    "DELETE FROM audit_chains",
])
def test_database_refuses_changes(db, statement):
    _append_some(db, 3)
    with pytest.raises(DBAPIError, match="append-only|only moves forward"):  # on every chain
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
        s.execute(text("UPDATE audit_log SET chain_seq = -1 WHERE chain_seq = 2"))
        s.execute(text("UPDATE audit_log SET chain_seq = 2 WHERE chain_seq = 3"))
        s.execute(text("UPDATE audit_log SET chain_seq = 3 WHERE chain_seq = -1"))
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


# --- one chain per counter -------------------------------------------------------------

def _chains(db):
    with db.session() as s:
        return dict(s.execute(text("SELECT chain, seq FROM audit_chains")).all())


def test_each_counter_has_its_own_chain_opened_in_the_main_chain(db):
    _append_some(db, 2)
    _append_some(db, 3, counter="东门1号")
    _append_some(db, 1, counter="west")
    assert _chains(db) == {"": 4, "东门1号": 3, "west": 1}  # 2 entries + 2 chain openings
    with db.session() as s:
        opened = s.execute(text("SELECT target FROM audit_log WHERE action = 'audit.chain_open' "
                                "AND chain = '' ORDER BY chain_seq")).scalars().all()
    assert opened == ["东门1号", "west"]
    report = _verify(db)
    assert report.ok, report.problems
    assert report.rows_checked == 8


def test_tail_removed_from_a_counter_chain_detected(db, engine_name):
    _append_some(db, 3, counter="east")
    _drop_triggers(db, engine_name)
    with db.session() as s:
        s.execute(text("DELETE FROM audit_log WHERE chain = 'east' AND chain_seq = 3"))
    assert any("counter east, log ends at row 2 but the head records row 3" in p for p in _verify(db).problems)


def test_whole_counter_chain_removed_detected(db, engine_name):
    _append_some(db, 3, counter="east")
    _drop_triggers(db, engine_name)
    with db.session() as s:
        s.execute(text("DELETE FROM audit_log WHERE chain = 'east'"))
        s.execute(text("DELETE FROM audit_chains WHERE chain = 'east'"))
    assert _verify(db).problems == ["counter east: its whole chain was removed"]


def test_chain_added_behind_the_applications_back_detected(db):
    _append_some(db, 1)
    with db.session() as s:
        s.execute(text("INSERT INTO audit_chains (chain, seq, hash) VALUES ('forged', 0, :h)"),
                  {"h": audit.chain_genesis("forged")})
    assert any("counter forged: its chain was never opened" in p for p in _verify(db).problems)


def test_row_moved_to_another_chain_detected(db, engine_name):
    _append_some(db, 2, counter="east")
    _append_some(db, 2, counter="west")
    _drop_triggers(db, engine_name)
    with db.session() as s:
        s.execute(text("UPDATE audit_log SET chain = 'west', chain_seq = 3 WHERE chain = 'east' AND chain_seq = 2"))
    problems = _verify(db).problems
    assert any(p.startswith("counter east, log ends at row 1") for p in problems)
    assert any(p.startswith("counter west, row 3: does not follow") for p in problems)


def test_counters_append_concurrently_each_to_its_own_chain(db):
    errors = []

    def worker(counter):
        def run():
            try:
                _append_some(db, 10, counter=counter)
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
        return run

    run_together(*[worker(c) for c in ("a", "b", "a", "c")])
    assert not errors
    assert _chains(db) == {"": 3, "a": 20, "b": 10, "c": 10}
    report = _verify(db)
    assert report.ok, report.problems
    assert report.rows_checked == 43


@pytest.fixture
def pg_db(pg_databases):
    from app.db.database import Database
    db = Database(pg_databases.migrated())
    yield db
    db.dispose()


_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_TEXT, target=st.none() | _TEXT, value=_TEXT, counter=st.none() | _TEXT.filter(bool),
       micro=st.integers(0, 999_999))
def test_server_side_append_hashes_as_python_does(pg_db, name, target, value, counter, micro):
    """md_audit_append (PostgreSQL) and row_hash (Python, used by verify) agree on every
    character: quotes, backslashes, control characters, CJK, emoji."""
    now = datetime(2026, 11, 23, 8, 0, 0, micro)
    seq = pg_db.transact(lambda s: audit.append(s, action="test.chars", actor_id=7, actor_name=name[:32] or "x",
                                                target=target, details={"v": value}, counter=counter, now=now))
    with pg_db.session() as s:
        row = s.execute(text("SELECT * FROM audit_log WHERE seq = :seq"), {"seq": seq}).mappings().one()
    assert row["hash"] == audit.row_hash(row["prev_hash"], row["chain_seq"], row["created_at"], 7,
                                         name[:32] or "x", None, counter, "test.chars", target,
                                         audit.canonical_details({"v": value}))
