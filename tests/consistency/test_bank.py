"""The bank test, small, on both engines: worker processes SIGKILLed at random, and killing
themselves between COMMIT and acknowledgement."""
import json
import subprocess
import sys

from app import ROOT_DIR
from app.db.database import Database
from bench import bank


def test_bank_with_kills(db_url):
    out = subprocess.run([sys.executable, "-m", "bench.bank", "--db", db_url, "--workers", "3",
                          "--ops", "40", "--kill", "--kills-max", "6", "--crash-every", "7"],
                         cwd=str(ROOT_DIR), capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["violations"] == 0
    assert result["kills"] > 0 and result["acknowledged"] > 0
    # The window the resubmission exists for was hit: committed, killed, resubmitted, replayed.
    assert result["resubmits_found_committed"] > 0


def _check_with_log(db_url, tmp_path, records):
    db = Database(db_url)
    chart = bank.setup(db)
    (tmp_path / "worker-0.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    try:
        return bank.check(db, chart, str(tmp_path), workers=1)
    finally:
        db.dispose()


def test_check_notices_a_lost_acknowledged_event(db_url, tmp_path):
    result = _check_with_log(db_url, tmp_path, [
        {"type": "intent", "event_id": "lost-event", "kind": "recharge", "items": [["new", 1, 2, 100, "RECHARGE", False]]},
        {"type": "ack", "event_id": "lost-event", "replayed": False, "retry": None, "transfers": [123456],
         "holds": {}, "resolved": []}])
    assert result["violations"] >= 1 and any("missing" in p for p in result["problems"])


def test_check_notices_a_wrongful_refusal(db_url, tmp_path):
    result = _check_with_log(db_url, tmp_path, [
        {"type": "intent", "event_id": "r1", "kind": "recharge", "items": [["new", 1, 2, 100, "RECHARGE", False]]},
        {"type": "refused", "event_id": "r1", "reason": "ExceedsCredits"}])
    assert any("recharge r1 refused" in p for p in result["problems"])
