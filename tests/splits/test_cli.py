"""`marketdesk split ...` and the split log in `ticket show`."""
import argparse
import json

from openpyxl import load_workbook

from app.cli import main
from app.commands.split_cmds import add_parser, run
from app.db.startup import open_database
from app.errors import UserError
from app.weighing.entry import EntryDraft
from tests.desk.test_entry import charge


def split(db_url, *argv) -> int:
    """As `marketdesk --db URL split ...` runs once the command is registered in app/cli.py."""
    parser = argparse.ArgumentParser(prog="marketdesk")
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["split", *argv])
    db, _ = open_database(db_url)
    try:
        return run(db, args)
    except UserError as exc:
        print(f"marketdesk: error: {exc}")
        return 1
    finally:
        db.dispose()


def lines(capsys):
    return [json.loads(l) for l in capsys.readouterr().out.splitlines()]


def test_beneficiaries_rules_report_and_ticket_show(market, db_url, tmp_path, capsys):
    for name, kind in (("市场", "market"), ("蔬菜合作社", "external"), ("代收税费", "external")):
        assert split(db_url, "beneficiary", "add", name, "--kind", kind) == 0
    assert split(db_url, "beneficiaries") == 0
    assert [(b["name"], b["kind"]) for b in lines(capsys)[3:]] == \
        [("市场", "market"), ("蔬菜合作社", "external"), ("代收税费", "external")]
    assert split(db_url, "rule", "set", "--category", "蔬菜", "--line", "蔬菜合作社=12.5%", "--line", "代收税费=3.00",
                 "--remainder", "市场", "--note", "合作社与税费") == 0
    [v] = lines(capsys)
    assert (v["version"], v["lines"][0]["share"], v["remainder"]) == (1, "12.5%", "市场")
    assert v["example_1000_yuan"] == {"蔬菜合作社": "125.00", "代收税费": "3.00", "市场": "872.00"}
    assert split(db_url, "rules") == 0
    [scope] = lines(capsys)
    assert scope["name"] == "蔬菜" and scope["current"]["version"] == 1 and len(scope["history"]) == 1

    ticket = charge(market, EntryDraft("鲁G12345", market.cabbage, 32_560_000))   # 307.20
    assert main(["--db", db_url, "ticket", "show", ticket.voucher_no]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [(s["kind"], s["beneficiary"], s["amount"]) for s in shown["splits"]] == \
        [("charge", "蔬菜合作社", "38.40"), ("charge", "代收税费", "3.00"), ("charge", "市场", "265.80")]

    assert split(db_url, "report") == 0
    report = {r["beneficiary"]: r for r in lines(capsys)}
    assert (report["蔬菜合作社"]["net"], report["蔬菜合作社"]["payable_balance"], report["市场"]["tickets"]) == \
        ("38.40", "38.40", 1)
    out = tmp_path / "splits.xlsx"
    assert split(db_url, "report", "--from", "2000-01-01", "--to", "2100-01-01", "--out", str(out)) == 0
    sheet = load_workbook(out).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[3][:4] == ["市场", "market", 1, 265.8]

    assert split(db_url, "rule", "clear", "--category", "蔬菜", "--note", "stop") == 0
    assert lines(capsys)[0]["cleared"] is True


def test_errors_name_the_field(market, db_url, capsys):
    assert split(db_url, "beneficiary", "add", "市场", "--kind", "market") == 0
    capsys.readouterr()
    assert split(db_url, "rule", "set", "--category", "水果", "--remainder", "市场") == 1
    assert split(db_url, "rule", "set", "--category", "蔬菜", "--line", "合作社=5%", "--remainder", "市场") == 1
    assert split(db_url, "rule", "set", "--commodity", "大白菜", "--line", "12%", "--remainder", "市场") == 1
    assert split(db_url, "rule", "set", "--commodity", "大白菜", "--remainder", "市场", "--from", "tomorrow") == 1
    assert split(db_url, "report", "--from", "23/11") == 1
    out = capsys.readouterr().out
    for expected in ("--category: no category called '水果'", "--line 1: no beneficiary called '合作社'",
                     "--line '12%': write BENEFICIARY=12.5%", "--from 'tomorrow'", "use YYYY-MM-DD"):
        assert expected in out
