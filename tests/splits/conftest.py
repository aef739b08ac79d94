"""The split tests run in the small market of the weigh-desk tests, with three beneficiaries:
the market itself, a cooperative and a tax payable."""
from dataclasses import dataclass

import pytest

from app.splits.beneficiaries import add_beneficiary
from tests.desk.conftest import market  # noqa: F401  (a fixture, used by name)


@dataclass
class Parties:
    market: int        # 市场 (the market's own income)
    coop: int          # 蔬菜合作社 (external)
    tax: int           # 代收税费 (external)
    coop_account: int
    tax_account: int


@pytest.fixture
def parties(market):  # noqa: F811
    own = add_beneficiary(market.db, market.manager, "市场", "market")
    coop = add_beneficiary(market.db, market.manager, "蔬菜合作社", "external")
    tax = add_beneficiary(market.db, market.manager, "代收税费", "external")
    return Parties(own.id, coop.id, tax.id, coop.account_id, tax.account_id)
