"""The finance desk on the command line: close an absent cashier's shift, list, show and
receive the handover, adjust it, close the day; bad input named, exit 1."""
import json
from datetime import date

from app.cli import main
from app.ledger.service import current_shift
from app.weighing.entry import EntryDraft
from tests.desk.test_entry import charge


def lines(capsys):
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_close_receive_and_close_the_day(market, db_url, capsys, tmp_path):
    charge(market, EntryDraft("苏A88888", market.potato, 30_000_000, weigh_tare_at_exit=True))   # 360.00 cash
    cashier = current_shift(market.db, market.cashier).id
    manager = current_shift(market.db, market.manager).id
    assert main(["--db", db_url, "shift", "list"]) == 0
    assert {row["shift"] for row in lines(capsys)} == {cashier, manager}
    assert main(["--db", db_url, "shift", "close", str(cashier), "--count", "100=13,50=1,10=1",
                 "--declared", "wechat=0"]) == 0
    (closed,) = lines(capsys)
    assert closed["lines"][0] == {"method": "cash", "expected": "1360.00", "counted": "1360.00", "difference": "0.00"}
    number = closed["handover"]
    assert main(["--db", db_url, "handover", "list"]) == 0
    assert [row["handover"] for row in lines(capsys)] == [number]
    assert main(["--db", db_url, "handover", "show", number]) == 0
    assert lines(capsys)[0]["cash_in"] == "360.00"
    assert main(["--db", db_url, "handover", "receive", number, "--accept"]) == 0
    assert lines(capsys)[0]["difference"] == "0.00"
    assert main(["--db", db_url, "handover", "adjust", number, "-0.50", "--reason", "a bad coin"]) == 0
    capsys.readouterr()
    assert main(["--db", db_url, "day", "status"]) == 1          # the manager's shift is still open
    assert lines(capsys)[0]["open_shifts"] == ["mgr @ 1号收费台"]
    assert main(["--db", db_url, "shift", "close", str(manager), "--count", "100=10"]) == 0
    mgr_number = lines(capsys)[0]["handover"]
    assert main(["--db", db_url, "handover", "receive", mgr_number, "--count", "100=10", "--to", "bank"]) == 0
    assert main(["--db", db_url, "day", "close", "--out-dir", str(tmp_path)]) == 0
    done = lines(capsys)[-1]
    assert done["handovers"] == 2 and (tmp_path / f"day-{date.today().isoformat()}.pdf").exists()
    assert main(["--db", db_url, "ledger", "verify"]) == 0


def test_bad_input_is_named(market, db_url, capsys):
    shift = str(current_shift(market.db, market.cashier).id)
    assert main(["--db", db_url, "shift", "close", shift, "--count", "100:3"]) == 1
    assert "denomination=pieces" in capsys.readouterr().err
    assert main(["--db", db_url, "shift", "close", shift, "--count", "3=1"]) == 1
    assert "denomination 3.00" in capsys.readouterr().err
    assert main(["--db", db_url, "shift", "close", shift, "--count", "100=1", "--declared", "wechat"]) == 1
    assert "METHOD=YUAN" in capsys.readouterr().err
    assert main(["--db", db_url, "handover", "show", "H0000000000"]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["--db", db_url, "day", "close", "--date", "23/11"]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert current_shift(market.db, market.cashier) is not None


def test_policy(market, db_url, capsys):
    assert main(["--db", db_url, "finance", "policy", "--blind", "off", "--tolerance", "5"]) == 0
    assert lines(capsys)[0] == {"blind_count": False, "tolerance": "5.00"}
    assert main(["--db", db_url, "finance", "policy", "--tolerance", "x"]) == 1
