"""`marketdesk print ...` (DESIGN.md section 7)."""
import json
import os
import subprocess
import sys

import pytest
from pypdf import PdfReader

from app import ROOT_DIR, config
from app.cli import main
from app.devices.printers.decode import decode
from app.devices.printers.settings import PrinterSettings
from app.devices.printers.simulator import FakeNetworkPrinter
from app.printing import queue
from app.printing.samples import sample_document
from app.printing.signing import signer_for


@pytest.mark.parametrize("kind, needle", [("entry-voucher", "进场缴费凭证"), ("refund-voucher", "退费凭证"),
                                          ("recharge-receipt", "账户充值收据"), ("handover", "交班交账单"),
                                          ("test-page", "打印测试页")])
def test_sample_writes_escpos(tmp_path, kind, needle):
    out = tmp_path / "x.bin"
    assert main(["print", "sample", "--kind", kind, "--out", str(out), "--paper", "58"]) == 0
    transcript = decode(out.read_bytes())
    assert needle in transcript.text() and not transcript.errors


def test_sample_bill_is_a_pdf(tmp_path):
    out = tmp_path / "bill.pdf"
    assert main(["print", "sample", "--kind", "bill", "--out", str(out)]) == 0
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "费用账单" in text


def test_sample_to_an_unwritable_place(tmp_path, capsys):
    assert main(["print", "sample", "--kind", "handover", "--out", str(tmp_path / "no" / "x.bin")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_sample_of_an_unknown_kind_is_refused():
    with pytest.raises(SystemExit) as exc:
        main(["print", "sample", "--kind", "poster", "--out", "x"])
    assert exc.value.code == 2


def test_decode_from_stdin(tmp_path):
    sample = tmp_path / "v.bin"
    main(["print", "sample", "--kind", "entry-voucher", "--out", str(sample), "--reprint", "1"])
    out = subprocess.run([sys.executable, str(ROOT_DIR / "main.py"), "print", "decode"],
                         input=sample.read_bytes(), capture_output=True, timeout=120, env=os.environ.copy())
    assert out.returncode == 0 and "重打 / DUPLICATE" in out.stdout.decode()


def test_verify(db_url, capsys):
    from app.db.database import Database
    db = Database(db_url)
    genuine = signer_for(db).sign("entry_voucher", "E1", 500)
    db.dispose()
    assert main(["--db", db_url, "print", "verify", genuine]) == 0
    assert json.loads(capsys.readouterr().out) == {"genuine": True, "kind": "entry_voucher", "number": "E1",
                                                   "amount_fen": 500}
    assert main(["--db", db_url, "print", "verify", genuine.replace("-500-", "-5000-")]) == 1
    assert json.loads(capsys.readouterr().out)["genuine"] is False
    sample = sample_document("entry-voucher").qr  # signed with the sample key, not this installation's
    assert main(["--db", db_url, "print", "verify", sample]) == 1


def _configure(printer):
    config.save_settings(config.Settings(devices={"printers": [
        PrinterSettings(host="127.0.0.1", port=printer.port, timeout_s=0.3).to_dict()]}))


def test_test_page_reaches_the_printer(db_url, capsys):
    with FakeNetworkPrinter() as printer:
        _configure(printer)
        assert main(["--db", db_url, "print", "test"]) == 0
        [job] = printer.wait_for_jobs(1, 30)
    assert "打印测试页" in decode(job.data).text()
    assert "status: ok" in capsys.readouterr().out


def test_test_page_refused_by_a_printer_out_of_paper(db_url, capsys):
    with FakeNetworkPrinter("paper_out") as printer:
        _configure(printer)
        assert main(["--db", db_url, "print", "test"]) == 1
    assert "paper" in capsys.readouterr().err


def test_test_page_without_a_printer(db_url, capsys):
    assert main(["--db", db_url, "print", "test"]) == 1
    assert "no receipt printer is configured" in capsys.readouterr().err


def test_queue_lists_jobs(db_url, capsys):
    from app.db.database import Database
    db = Database(db_url)
    counter = config.load_settings().counter_name
    db.transact(lambda tx: queue.enqueue(tx, job_key="v", counter=counter, created_by="x",
                                         document=sample_document("entry-voucher")), raw=True)
    db.dispose()
    assert main(["--db", db_url, "print", "queue"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line)["number"] == "E2611230042" and json.loads(line)["state"] == "queued"


def test_demo_seed_sets_up_a_file_printer_that_works(db_url, capsys):
    from app.db.database import Database
    from app.printing.branding import load_branding
    from app.printing.worker import PrintWorker
    from app.settings_service import printer_settings
    assert main(["--db", db_url, "demo", "seed"]) == 0
    assert main(["--db", db_url, "demo", "seed"]) == 0
    assert capsys.readouterr().out.count("receipts print to") == 1  # set up once, then left alone
    [printer] = printer_settings()
    db = Database(db_url)
    counter = config.load_settings().counter_name
    db.transact(lambda tx: queue.enqueue(tx, job_key="v", counter=counter, created_by="x",
                                         document=sample_document("entry-voucher")), raw=True)
    assert PrintWorker(db, counter, printer_settings, lambda: load_branding(db)).run_once() == 1
    db.dispose()
    with open(printer.path, "rb") as fh:
        assert "进场缴费凭证" in decode(fh.read()).text()
