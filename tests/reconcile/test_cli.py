"""`marketdesk reconcile ...` through its own parser (registered in app/cli.py by one line)."""
import argparse
import json

import pytest

from app.commands import reconcile_cmds
from app.errors import UserError
from tests.reconcile.samples import wechat_csv

REF = "4200001234202611230000000042"


def cli(db, *argv):
    parser = argparse.ArgumentParser(prog="marketdesk")
    reconcile_cmds.add_parser(parser.add_subparsers(dest="command"))
    return reconcile_cmds.run(db, parser.parse_args(["reconcile", *argv]))


def test_import_show_resolve_export(books, tmp_path, capsys):
    db = books.market.db
    books.pay(42_00, REF)
    path = wechat_csv(tmp_path / "w.csv", [("2026-11-23 10:00:00", "4200001234202611230000000099", "SUCCESS",
                                            "9.90", "0.06", "")])
    assert cli(db, "import", str(path), "--channel", "wechat") == 0
    imported = json.loads(capsys.readouterr().out)
    assert (imported["lines"], imported["matched"], imported["fee"]) == (1, 0, "0.06")
    assert cli(db, "show", "--open") == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["open"]["missing_ours"] == 1
    assert lines[0]["shown"] == lines[0]["shown_of"] == len(lines) - 1
    item = next(line["item"] for line in lines[1:] if line["outcome"] == "missing_ours")
    assert cli(db, "resolve", item, "--note", "对方商户误付，已退回") == 0
    capsys.readouterr()
    assert cli(db, "show", "--open") == 0
    assert all(json.loads(line).get("item") != item for line in capsys.readouterr().out.splitlines())
    for name in ("r.xlsx", "r.pdf"):
        assert cli(db, "export", "--out", str(tmp_path / name)) == 0
        assert (tmp_path / name).stat().st_size > 0
    with pytest.raises(UserError, match="xlsx or .pdf"):
        cli(db, "export", "--out", str(tmp_path / "r.txt"))
