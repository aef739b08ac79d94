"""`marketdesk account ...` and `ticket ...`."""
import io
import json

from pypdf import PdfReader

from app.cli import main
from app.ledger.ids import new_event_id
from app.recharge.service import recharge
from app.weighing.entry import EntryDraft
from tests.desk.test_entry import charge


def test_account_show_and_statement(market, clerk, db_url, tmp_path, capsys):
    recharge(market.db, clerk, market.fixed, amount_fen=123_45, method="cash", reference=None,
             event_id=new_event_id())
    code = "M%06d" % market.fixed
    assert main(["--db", db_url, "account", "show", code]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["account"] == code and shown["balance"] == "623.45"
    out = tmp_path / "s.pdf"
    assert main(["--db", db_url, "account", "statement", code, "--from", "2000-01-01", "--out", str(out)]) == 0
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "账户对账单" in text and "623.45" in text


def test_account_errors(market, db_url, capsys):
    assert main(["--db", db_url, "account", "show", "M999999"]) == 1
    assert main(["--db", db_url, "account", "statement", "M%06d" % market.fixed, "--from", "23/11", "--out",
                 "x.pdf"]) == 1
    err = capsys.readouterr().err
    assert "M999999" in err and "use YYYY-MM-DD" in err


def test_ticket_show(market, db_url, capsys):
    ticket = charge(market, EntryDraft("鲁G12345", market.cabbage, 32_560_000))
    assert main(["--db", db_url, "ticket", "show", ticket.voucher_no]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["voucher"], shown["fee"], shown["status"], shown["plate"]) == \
        (ticket.voucher_no, "307.20", "open", "鲁G12345")
    assert main(["--db", db_url, "ticket", "show", "E0000000000"]) == 1
