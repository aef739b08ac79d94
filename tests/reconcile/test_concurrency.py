"""Two counters at once: a match another counter (a refresh, or another import) recorded first
is skipped, not taken for a statement imported twice; only a statement really imported twice
is refused with that message."""
import threading

import pytest
from sqlalchemy import text

from app.db.clock import db_now
from app.errors import Conflict
from app.reconcile import books as recon_books
from app.reconcile import service
from app.reconcile.service import import_statement, refresh
from tests.concurrency import run_together
from tests.reconcile.samples import local, wechat_csv

OLD, NEW = "4200001234202611230000000201", "4200001234202611230000000202"
WAIT_S = 60  # a hang guard, not a timing assumption


def matches(books) -> set[tuple]:
    return {tuple(r) for r in books.market.db.transact(lambda s: s.execute(text(
        "SELECT l.reference, m.recharge_id FROM recon_matches m JOIN recon_lines l ON l.id = m.line_id")).all())}


def late_payment(books, tmp_path):
    """A statement line whose payment the clerk entered only after the import (still open, as
    no refresh ran), and a new statement with a line of another payment."""
    now = local(books.market.db.transact(db_now, readonly=True))
    import_statement(books.market.db, books.finance, wechat_csv(tmp_path / "old.csv", [
        (now, OLD, "SUCCESS", "10.00", "0.06", "")]), channel="wechat")
    late = books.pay(10_00, OLD)
    other = books.pay(20_00, NEW)
    return late, other, wechat_csv(tmp_path / "new.csv", [(now, NEW, "SUCCESS", "20.00", "0.12", "")])


def test_a_match_recorded_first_by_another_counter_is_skipped(books, tmp_path, monkeypatch):
    late, other, path = late_payment(books, tmp_path)
    real_db_now = recon_books.db_now

    def someone_else_first(session):
        # Between pairing and inserting, the old line is matched elsewhere (a refresh).
        session.execute(text("INSERT INTO recon_matches (line_id, recharge_id, method, created_at) "
                             "SELECT id, :r, 'reference', CURRENT_TIMESTAMP FROM recon_lines WHERE reference = :ref"),
                        {"r": late.recharge_id, "ref": OLD})
        return real_db_now(session)
    monkeypatch.setattr(recon_books, "db_now", someone_else_first)
    result = import_statement(books.market.db, books.finance, path, channel="wechat")
    assert result.matched == 1
    assert matches(books) == {(OLD, late.recharge_id), (NEW, other.recharge_id)}


def test_refresh_and_import_pairing_the_same_line_at_once(books, tmp_path, monkeypatch):
    if books.market.db.kind == "sqlite":
        pytest.skip("BEGIN IMMEDIATE serialises SQLite's writers: the two cannot pair at the same time")
    late, other, path = late_payment(books, tmp_path)
    both_paired, refreshed = threading.Barrier(2, timeout=WAIT_S), threading.Event()
    real_match = recon_books.match
    results: dict[str, object] = {}

    def paired_then_wait(lines, ours, window):
        pairs = real_match(lines, ours, window)
        both_paired.wait()                       # both read the same open line and payment
        if threading.current_thread().name == "import":
            assert refreshed.wait(WAIT_S)        # the refresh records the pair first
        return pairs
    monkeypatch.setattr(recon_books, "match", paired_then_wait)

    def do_refresh():
        try:
            results["refresh"] = refresh(books.market.db, books.finance)
        finally:
            refreshed.set()

    def do_import():
        threading.current_thread().name = "import"
        try:
            results["import"] = import_statement(books.market.db, books.finance, path, channel="wechat").matched
        except Exception as exc:  # noqa: BLE001  (reported by the assertion below)
            results["import"] = exc
    run_together(do_refresh, do_import)
    assert results == {"refresh": 1, "import": 1}
    assert matches(books) == {(OLD, late.recharge_id), (NEW, other.recharge_id)}


def test_a_statement_imported_twice_at_once_is_still_refused(books, tmp_path, monkeypatch):
    path = wechat_csv(tmp_path / "w.csv", [("2026-11-23 10:00:00", NEW, "SUCCESS", "20.00", "0.12", "")])
    import_statement(books.market.db, books.finance, path, channel="wechat")
    # The other counter's import commits after this one looked for it.
    monkeypatch.setattr(service, "_refuse_twice", lambda *args: None)
    with pytest.raises(Conflict, match="w.csv: this statement .* has just been imported elsewhere"):
        import_statement(books.market.db, books.finance, path, channel="wechat")
    copy = wechat_csv(tmp_path / "copy.csv", [("2026-11-23 10:00:00", NEW, "SUCCESS", "20.00", "0.12", ""),
                                              ("2026-11-23 10:00:00", OLD, "SUCCESS", "1.00", "0", "")])
    with pytest.raises(Conflict, match="copy.csv: this statement .* has just been imported elsewhere"):
        import_statement(books.market.db, books.finance, copy, channel="wechat")
