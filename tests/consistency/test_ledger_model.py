"""The ledger and an in-memory reference model, driven side by side by Hypothesis; every
invariant is checked after each step, on SQLite and on PostgreSQL."""
import uuid

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (Bundle, RuleBasedStateMachine, consumes, initialize, invariant, multiple,
                                 rule, run_state_machine_as_test)

from app.ledger import accounts
from app.ledger.codes import TransferCode as C
from app.ledger.errors import (ExceedsCredits, ExceedsDebits, IdempotencyConflict,
                               PendingAlreadyResolved)
from app.ledger.ids import new_event_id
from app.ledger.models import Account
from app.ledger.requests import EventRequest, NewTransfer, PostPending, VoidPending
from app.ledger.service import submit, verify_ledger
from tests.integration.ledger_fixtures import OPERATOR

amounts = st.integers(min_value=1, max_value=50_00)


def make_machine(db):
    class LedgerMachine(RuleBasedStateMachine):
        holds = Bundle("holds")

        @initialize()
        def open_accounts(self):
            tag = uuid.uuid4().hex[:10]

            def work(session):
                return ([accounts.merchant_prepaid(session, f"{tag}{i}", f"m{i}",
                                                   overdraft_limit_fen=(10_00 if i == 2 else 0)).id
                         for i in range(3)],
                        accounts.shift_drawer(session, tag, "d").id,
                        accounts.fee_income(session, tag, "inc").id)
            self.merchants, self.drawer, self.income = db.transact(work)
            ids = [*self.merchants, self.drawer, self.income]
            self.model = {a: [0, 0, 0, 0] for a in ids}  # debits pend/post, credits pend/post
            self.limit = {a: None for a in ids}
            for i, m in enumerate(self.merchants):
                self.limit[m] = ("dmnec", 10_00 if i == 2 else 0)
            self.limit[self.drawer] = ("cmned", 0)
            self.resolved = set()
            self.sent = {}  # event id -> request, for retries
            for m in self.merchants:  # start with money, so holds and charges mostly succeed
                self._transfer(self.drawer, m, 100_00, C.RECHARGE)

        # ---- the model -------------------------------------------------------------------
        def _fits(self, debit, credit, amount, pending):
            d, c = list(self.model[debit]), list(self.model[credit])
            d[0 if pending else 1] += amount
            c[2 if pending else 3] += amount
            return self._within(debit, d) and self._within(credit, c)

        def _within(self, account, counters):
            rule_ = self.limit[account]
            if rule_ is None:
                return True
            if rule_[0] == "dmnec":
                return counters[0] + counters[1] <= counters[3] + rule_[1]
            return counters[2] + counters[3] <= counters[1]

        def _submit(self, *items, event_id=None):
            request = EventRequest(event_id or new_event_id(), "model", tuple(items))
            result = submit(db, request, OPERATOR)
            self.sent[request.event_id] = request
            return result

        def _transfer(self, debit, credit, amount, code, pending=False):
            fits = self._fits(debit, credit, amount, pending)
            try:
                result = self._submit(NewTransfer(debit, credit, amount, code, pending=pending))
            except (ExceedsCredits, ExceedsDebits):
                assert not fits, "the ledger refused a transfer the model accepts"
                return None
            assert fits, "the ledger accepted a transfer the model refuses"
            self.model[debit][0 if pending else 1] += amount
            self.model[credit][2 if pending else 3] += amount
            return result.transfers[0]

        # ---- rules -----------------------------------------------------------------------
        @rule(m=st.integers(0, 2), amount=amounts)
        def recharge(self, m, amount):
            self._transfer(self.drawer, self.merchants[m], amount, C.RECHARGE)

        @rule(m=st.integers(0, 2), amount=amounts)
        def charge(self, m, amount):
            self._transfer(self.merchants[m], self.income, amount, C.FEE)

        @rule(amount=amounts)
        def cash_refund(self, amount):
            self._transfer(self.income, self.drawer, amount, C.REFUND)

        @rule(target=holds, m=st.integers(0, 2), amount=amounts)
        def hold(self, m, amount):
            t = self._transfer(self.merchants[m], self.income, amount, C.METER_VEND, pending=True)
            return t if t is not None else multiple()

        @rule(t=consumes(holds), part=st.floats(0.0, 1.0))
        def post(self, t, part):
            amount = max(1, int(t.amount_fen * part))
            self._submit(PostPending(t.id, amount))
            self.resolved.add(t.id)
            self.model[t.debit_account_id][0] -= t.amount_fen
            self.model[t.credit_account_id][2] -= t.amount_fen
            self.model[t.debit_account_id][1] += amount
            self.model[t.credit_account_id][3] += amount

        @rule(t=consumes(holds))
        def void(self, t):
            self._submit(VoidPending(t.id))
            self.resolved.add(t.id)
            self.model[t.debit_account_id][0] -= t.amount_fen
            self.model[t.credit_account_id][2] -= t.amount_fen

        @rule(data=st.data())
        def resolve_again_is_refused(self, data):
            if not self.resolved:
                return
            pending_id = data.draw(st.sampled_from(sorted(self.resolved)))
            try:
                self._submit(VoidPending(pending_id))
            except PendingAlreadyResolved:
                return
            raise AssertionError("a resolved pending transfer was resolved again")

        @rule(data=st.data(), change=st.booleans())
        def retry_with_reused_id(self, data, change):
            if not self.sent:
                return
            event_id = data.draw(st.sampled_from(sorted(self.sent)))
            request = self.sent[event_id]
            items = request.items
            if change:
                items = (NewTransfer(self.drawer, self.merchants[0], 1, C.RECHARGE),)
            try:
                result = submit(db, EventRequest(event_id, request.kind, items), OPERATOR)
            except IdempotencyConflict:
                assert change
                return
            assert not change and result.replayed

        # ---- invariants ------------------------------------------------------------------
        @invariant()
        def counters_match_model(self):
            def work(session):
                rows = session.query(Account).filter(Account.id.in_(list(self.model))).all()
                return {a.id: [a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted]
                        for a in rows}
            assert db.transact(work, readonly=True) == self.model

        def teardown(self):
            if hasattr(self, "model"):
                report = verify_ledger(db)
                assert report.violations == 0, report.problems

    return LedgerMachine


def test_ledger_matches_reference_model(db):
    run_state_machine_as_test(make_machine(db), settings=settings(
        max_examples=20, stateful_step_count=25, deadline=None, database=None))


def test_python_posting_matches_model_on_postgresql(pg_databases, monkeypatch):
    """PostgreSQL normally posts server-side (md_post_event), which the test above drives;
    this drives posting.py's own path on the same engine, so both meet the same model."""
    from app.db.database import Database
    from app.ledger import posting
    monkeypatch.setattr(posting, "SERVER_SIDE_ON_POSTGRESQL", False)
    db = Database(pg_databases.migrated())
    try:
        run_state_machine_as_test(make_machine(db), settings=settings(
            max_examples=10, stateful_step_count=25, deadline=None, database=None))
    finally:
        db.dispose()
