"""Malformed statements: every error names file, row and column (and the value); all or
nothing unless the valid rows are chosen; a statement imported twice is refused; limits."""
import pytest
from sqlalchemy import text

from app.errors import Conflict, PermissionDenied, ValidationError
from app.reconcile import reader
from app.reconcile.formats import ColumnMapping
from app.reconcile.service import ImportRefused, import_statement
from app.reconcile.settings import set_custom_mapping
from tests.reconcile.samples import bank_csv, bank_xlsx, wechat_csv

AT = "2026-11-23 10:00:00"
GOOD = (AT, "42000012342026112300000000001", "SUCCESS", "100.00", "0.60", "")


def count_lines(books) -> int:
    return books.market.db.transact(lambda s: s.execute(text("SELECT COUNT(*) FROM recon_lines")).scalar())


def run(books, path, channel="wechat", **kw):
    return import_statement(books.market.db, books.finance, path, channel=channel, **kw)


def test_bad_rows_name_file_row_and_column_and_nothing_is_imported(books, tmp_path):
    path = wechat_csv(tmp_path / "bill.csv", [
        GOOD,
        (AT, "42000012342026112300000000002", "SUCCESS", "12.3.4", "0.60", ""),
        ("2026-13-45 99:00:00", "42000012342026112300000000003", "SUCCESS", "10.00", "0.06", ""),
        (AT, "42000012342026112300000000001", "SUCCESS", "100.00", "0.60", ""),
        (AT, "??", "SUCCESS", "1.00", "0", "")])
    with pytest.raises(ImportRefused) as info:
        run(books, path)
    messages = [str(e) for e in info.value.errors]
    assert messages[0] == "bill.csv: row 3, column 订单金额: not an amount in yuan (value '12.3.4')"
    assert messages[1].startswith("bill.csv: row 4, column 交易时间: not a date and time")
    assert messages[2] == ("bill.csv: row 5, column 微信订单号: the same payment is already on row 2 "
                           "(value '42000012342026112300000000001')")
    assert messages[3] == "bill.csv: row 6, column 微信订单号: not a transaction number (value '??')"
    assert (info.value.error_count, info.value.valid_count) == (4, 1)
    assert count_lines(books) == 0
    result = run(books, path, accept_valid_rows=True)
    assert (result.lines, result.skipped) == (1, 4)
    kept = books.market.db.transact(lambda s: s.execute(text("SELECT skipped_errors FROM recon_statements")).scalar())
    assert "row 3, column 订单金额" in kept and "row 6" in kept


def test_the_same_statement_twice_is_refused(books, tmp_path):
    run(books, wechat_csv(tmp_path / "a.csv", [GOOD]))
    with pytest.raises(Conflict, match="already imported as statement"):
        run(books, wechat_csv(tmp_path / "a-copy.csv", [GOOD]))
    again = wechat_csv(tmp_path / "b.csv", [GOOD, (AT, "42000012342026112300000000009", "SUCCESS", "1.00", "0", "")])
    with pytest.raises(Conflict, match="1 of its lines are already imported .* row 2"):
        run(books, again)
    assert count_lines(books) == 1


def test_bad_header_names_the_format(books, tmp_path):
    path = bank_csv(tmp_path / "odd.csv", [(AT, "HX1234", "1.00", "0")], header=("when", "what", "how much", "fee"))
    with pytest.raises(ValidationError, match=r"odd.csv: row 1, column header: no header row .*'bank' format"):
        run(books, path, channel="bank_transfer")


@pytest.mark.parametrize("content, problem", [
    (b"", "the file is empty"),
    ("reference,amount\n".encode("utf-16"), "UTF-16"),
    (b"\x81\x30\xff\xfe\x00garbage", "neither UTF-8 nor GBK"),
    (b"PK\x03\x04not really a zip", "not a readable XLSX"),
])
def test_unreadable_files(books, tmp_path, content, problem):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=problem):
        run(books, path, channel="bank_card")


def test_too_large_and_too_many_rows(books, tmp_path, monkeypatch):
    path = bank_csv(tmp_path / "big.csv", [(AT, f"HX{i:06d}", "1.00", "0") for i in range(30)])
    monkeypatch.setattr(reader, "FILE_MAX_BYTES", 100)
    with pytest.raises(ValidationError, match="big.csv: the file is .* MB; at most"):
        run(books, path, channel="bank_card")
    monkeypatch.undo()
    monkeypatch.setattr("app.reconcile.parse.ROWS_MAX", 10)
    with pytest.raises(ValidationError, match="more than 10 rows"):
        run(books, path, channel="bank_card")


def test_xlsx_bad_cells_and_negative_bank_amounts(books, tmp_path):
    path = bank_xlsx(tmp_path / "bank.xlsx", [(AT, "HX000001", "abc", 0), (AT, "HX000002", -25.5, 0),
                                              (AT, 4.2e9 + 0.5, 1, 0)])
    with pytest.raises(ImportRefused) as info:
        run(books, path, channel="bank_card")
    assert [str(e) for e in info.value.errors] == [
        "bank.xlsx: row 3, column amount: not an amount in yuan (value 'abc')",
        "bank.xlsx: row 5, column reference: the transaction number is stored as a number: format the column as "
        "text (value '4200000000.5')"]
    result = run(books, path, channel="bank_card", accept_valid_rows=True)
    assert (result.lines, result.amount_fen) == (1, -2550)


def test_custom_mapping_is_settings_and_audited(books, tmp_path):
    mapping = ColumnMapping(name="mybank", reference=("凭证号",), amount=("发生额",), time=("记账日期",))
    with pytest.raises(PermissionDenied):
        set_custom_mapping(books.market.db, books.finance, "bank_card", mapping)
    set_custom_mapping(books.market.db, books.market.admin, "bank_card", mapping)
    path = bank_csv(tmp_path / "my.csv", [("2026/11/23", "PZ0001", "88.00")], header=("记账日期", "凭证号", "发生额"))
    assert run(books, path, channel="bank_card").lines == 1
    actions = books.market.db.transact(lambda s: s.execute(text(
        "SELECT action FROM audit_log WHERE action LIKE '%reconcile%' ORDER BY seq")).scalars().all())
    assert actions == ["settings.reconcile_mapping", "reconcile.import"]
    with pytest.raises(ValidationError, match="preset: one of"):
        run(books, path, channel="bank_card", preset="nope")


def test_import_needs_reconcile_run(books, tmp_path):
    with pytest.raises(PermissionDenied):
        import_statement(books.market.db, books.clerk, wechat_csv(tmp_path / "a.csv", [GOOD]), channel="wechat")
    with pytest.raises(ValidationError, match="channel"):
        run(books, tmp_path / "a.csv", channel="cash")
