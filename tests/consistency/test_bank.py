"""The bank test, small, on both engines: worker processes SIGKILLed at random."""
import json
import subprocess
import sys

from app import ROOT_DIR
from app.db.database import Database
from bench import bank


def test_bank_with_kills(db_url):
    out = subprocess.run([sys.executable, "-m", "bench.bank", "--db", db_url, "--workers", "3",
                          "--ops", "40", "--kill", "--kills-max", "6"],
                         cwd=str(ROOT_DIR), capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["violations"] == 0
    assert result["kills"] > 0 and result["acknowledged"] > 0


def test_bank_check_notices_a_lost_acknowledgement(db_url, tmp_path):
    """The final check is not a formality: an ack without its transfers is a violation."""
    db = Database(db_url)
    chart = bank.setup(db)
    (tmp_path / "worker-0.jsonl").write_text(json.dumps(
        {"type": "ack", "event_id": "lost-event", "replayed": False, "transfers": [123456]}) + "\n")
    result = bank.check(db, chart, str(tmp_path), workers=1)
    db.dispose()
    assert result["violations"] == 1 and "lost-event" in result["problems"][0]
