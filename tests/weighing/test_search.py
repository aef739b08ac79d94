"""The desk's as-you-type search: what matches, in which order, and what is not searched."""
import pytest

from app.errors import ValidationError
from app.weighing import merchants, vehicles
from app.weighing.search import WITH_DIGITS, WITHOUT_DIGITS, search


@pytest.fixture
def market(db, people):
    admin = people["admin"]
    m = {
        "zhang": merchants.create_merchant(db, admin, kind="fixed", name="张记果蔬"),
        "zhao": merchants.create_merchant(db, admin, kind="fixed", name="赵家果园"),
        "zheng": merchants.create_merchant(db, admin, kind="temporary", name="郑记"),   # initials ZJ too
        "lu": merchants.create_merchant(db, admin, kind="temporary", name="鲁西菜农"),
    }
    merchants.update_merchant(db, admin, m["zhang"].id, status="suspended")
    plates = {"鲁G12345": "zhang", "鲁G34567": "zhao", "京A00345": None, "鲁AZJ001": "zheng", "鲁G12346": "zhao"}
    for plate, owner in plates.items():
        vehicles.save_vehicle(db, admin, plate, merchant_id=m[owner].id if owner else None)
    return m


def found(db, text, **kw):
    return [(h.plate or h.merchant.name, h.reason) for h in search(db, text, **kw)]


def test_digits_rank_plates_ending_with_them_first(db, market):
    assert found(db, "345") == [("京A00345", "plate_end"), ("鲁G12345", "plate_end"), ("鲁G34567", "plate")]
    assert found(db, "46") == [("鲁G12346", "plate_end")]
    assert found(db, "2345") == [("鲁G12345", "plate_end")]


def test_a_whole_plate_comes_first(db, market):
    assert found(db, "鲁g12345") == [("鲁G12345", "plate_exact")]
    # 鲁G12345 belongs to a suspended merchant: after the active merchant's vehicle.
    assert found(db, "鲁G1234") == [("鲁G12346", "plate_start"), ("鲁G12345", "plate_start")]


def test_province_prefix(db, market):
    assert found(db, "鲁G") == [("鲁G12346", "plate_start"), ("鲁G34567", "plate_start"),
                                ("鲁G12345", "plate_start")]
    # A lone province character: its plates, and merchants with it in their name.
    assert found(db, "鲁") == [("鲁西菜农", "merchant_name"), ("鲁AZJ001", "plate_start"),
                               ("鲁G12346", "plate_start"), ("鲁G34567", "plate_start"),
                               ("鲁G12345", "plate_start")]


def test_vehicle_hits_carry_their_merchant(db, market):
    hit = search(db, "12345")[0]
    assert hit.vehicle_id is not None
    assert hit.merchant == merchants.get_merchant(db, market["zhang"].id).summary
    assert hit.merchant.status == "suspended"
    bare = search(db, "00345")[0]
    assert (bare.plate, bare.merchant) == ("京A00345", None)


def test_merchants_by_code_initials_and_name(db, market):
    zhao = market["zhao"]
    hits = search(db, zhao.code)
    assert (hits[0].plate, hits[0].merchant, hits[0].reason) == (None, zhao.summary, "merchant_code")
    assert found(db, f"m{zhao.id}")[0] == ("赵家果园", "merchant_code")
    # Letters are initials, before plates containing them; active merchants first.
    assert found(db, "zj") == [("赵家果园", "merchant_initials"), ("郑记", "merchant_initials"),
                               ("张记果蔬", "merchant_initials"), ("鲁AZJ001", "plate")]
    assert found(db, "ZJGY") == [("赵家果园", "merchant_initials")]
    assert found(db, "果") == [("赵家果园", "merchant_name"), ("张记果蔬", "merchant_name")]
    assert found(db, "张记") == [("张记果蔬", "merchant_name")]


def test_with_digits_plates_come_before_merchants(db, market):
    """'ZJ0' could be initials or a plate; a digit says plate."""
    assert found(db, "ZJ0") == [("鲁AZJ001", "plate")]
    assert WITH_DIGITS.index("plate_end") < WITH_DIGITS.index("merchant_initials")
    assert WITHOUT_DIGITS.index("merchant_initials") < WITHOUT_DIGITS.index("plate_end")


@pytest.mark.parametrize("text", ["", "   ", "1", "A", "z", "%", "_", "%1", "__", "' OR 1=1 --", "没有这个"])
def test_nothing_to_find(db, market, text):
    assert search(db, text) == []


def test_limits(db, market):
    assert len(search(db, "鲁", limit=2)) == 2
    assert search(db, "鲁G" + "1" * 100) == []           # long input is cut, not an error
    for bad in (0, 101, "5"):
        with pytest.raises(ValidationError, match="limit"):
            search(db, "鲁", limit=bad)


def test_matcher_prefix_ranges_are_exact():
    """SQLite finds prefixes by an index range: it holds exactly the strings with the prefix
    (U+D7FF is followed by U+E000: the surrogates between are no characters)."""
    import sqlite3

    from sqlalchemy import column, select, table
    from sqlalchemy.dialects import sqlite

    from app.weighing.matching import Matcher
    words = ["鲁G", "鲁G1", "鲁GZZ", "鲁H", "鲁F9", "\ud7ff", "\ud7ffA", "\ue000", "z", "{", "Z"]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (w TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [(w,) for w in words])
    t = table("t", column("w"))
    for prefix in ("鲁G", "鲁", "\ud7ff", "z", "Z"):
        stmt = select(t.c.w).where(Matcher("sqlite").startswith(t.c.w, prefix))
        compiled = stmt.compile(dialect=sqlite.dialect())
        params = [compiled.params[name] for name in compiled.positiontup]
        got = {r[0] for r in conn.execute(str(compiled), params)}
        assert got == {w for w in words if w.startswith(prefix)}, prefix
