"""Every protected service refuses a user who lacks its permission, and writes nothing."""
import dataclasses
import inspect
from datetime import date

import pytest
from sqlalchemy import text

import app.auth.service as auth_service
import app.finance.cash as finance_cash
import app.finance.close as finance_close
import app.finance.day as finance_day
import app.finance.handovers as finance_handovers
import app.finance.policy as finance_policy
import app.finance.receive as finance_receive
import app.reconcile.report as reconcile_report
import app.reconcile.resolve as reconcile_resolve
import app.reconcile.service as reconcile_service
import app.reconcile.settings as reconcile_settings
import app.reports.books.build as report_build
import app.splits.beneficiaries as split_beneficiaries
import app.splits.report as split_report
import app.splits.rules as split_rules
import app.ledger.service as ledger_service
import app.printing.branding as branding
import app.printing.service as print_service
import app.settings_service as settings_service
import app.recharge.accounts as recharge_accounts
import app.recharge.limits as recharge_limits
import app.recharge.service as recharge_service
import app.recharge.statements as recharge_statements
import app.weighing.catalog as catalog
import app.weighing.entry as weigh_entry
import app.weighing.exit as weigh_exit
import app.weighing.void as weigh_void
import app.weighing.merchants as merchants
import app.weighing.vehicles as vehicles
from app.auth import service as auth
from app.auth.permissions import DEFAULT_ROLES
from app.errors import PermissionDenied

# (service, permission, call) — call(db, actor) performs a harmless valid request.
PROTECTED = [
    (auth.list_users, "user.manage", lambda db, a: auth.list_users(db, a)),
    (auth.list_roles, "user.manage", lambda db, a: auth.list_roles(db, a)),
    (auth.create_user, "user.manage", lambda db, a: auth.create_user(db, a, "x1", "", "secret123", "cashier")),
    (auth.set_role, "user.manage", lambda db, a: auth.set_role(db, a, "victim", "finance")),
    (auth.reset_password, "user.manage", lambda db, a: auth.reset_password(db, a, "victim", "secret123")),
    (auth.set_disabled, "user.manage", lambda db, a: auth.set_disabled(db, a, "victim", True)),
    (settings_service.update_settings, "settings.manage",
     lambda db, a: settings_service.update_settings(db, a, counter_name="2号收费台")),
    (settings_service.upgrade_database, "settings.manage", lambda db, a: settings_service.upgrade_database(db, a)),
    (ledger_service.open_shift, "shift.open",
     lambda db, a: ledger_service.open_shift(db, dataclasses.replace(a, counter="1号"), 0)),
    (settings_service.update_scale_settings, "device.manage",
     lambda db, a: settings_service.update_scale_settings(db, a, _scale_settings())),
    (settings_service.update_printer_settings, "device.manage",
     lambda db, a: settings_service.update_printer_settings(db, a, [_printer_settings()])),
    (recharge_limits.set_limits, "settings.manage",
     lambda db, a: recharge_limits.set_limits(db, a, recharge_limits.RechargeLimits(min_fen=2_00))),
    (branding.update_branding, "settings.manage", lambda db, a: branding.update_branding(db, a, market_name="新市场")),
    (print_service.print_test_page, "device.manage",
     lambda db, a: print_service.print_test_page(db, dataclasses.replace(a, counter="1号"))),
    (print_service.reprint, "voucher.reprint", lambda db, a: print_service.reprint(
        db, dataclasses.replace(a, counter="1号"), job_id=_queued_voucher(db))),
    (catalog.create_category, "price.create", lambda db, a: catalog.create_category(db, a, "水果")),
    (catalog.update_category, "price.create",
     lambda db, a: catalog.update_category(db, a, _category(db), name="蔬菜类")),
    (catalog.create_commodity, "price.create",
     lambda db, a: catalog.create_commodity(db, a, _category(db), "苹果", 25_00)),
    (catalog.update_commodity, "price.create",
     lambda db, a: catalog.update_commodity(db, a, _commodity(db), active=False)),
    (catalog.set_price, "price.edit",
     lambda db, a: catalog.set_price(db, a, commodity_id=_commodity(db), unit_price_fen=16_00)),
    (catalog.price_list, "price.view", lambda db, a: catalog.price_list(db, a)),
    (catalog.price_history, "price.view", lambda db, a: catalog.price_history(db, a)),
    (catalog.set_fee_rounding, "settings.manage", lambda db, a: catalog.set_fee_rounding(db, a, 10)),
    (merchants.create_merchant, "merchant.manage",
     lambda db, a: merchants.create_merchant(db, a, kind="fixed", name="张记果蔬")),
    (merchants.update_merchant, "merchant.manage",
     lambda db, a: merchants.update_merchant(db, a, _merchant(db), phone="13800000000")),
    (vehicles.create_vehicle_type, "vehicle.manage",
     lambda db, a: vehicles.create_vehicle_type(db, a, "三轮车", 450_000)),
    (vehicles.update_vehicle_type, "vehicle.manage",
     lambda db, a: vehicles.update_vehicle_type(db, a, _vehicle_type(db), tare_g=500_000)),
    (vehicles.save_vehicle, "vehicle.manage", lambda db, a: vehicles.save_vehicle(db, a, "鲁G12345")),
]


def _master_row(db, model, name, **fields) -> int:
    """A weighing master-data row written directly (no service, so no audit entry), once."""
    from sqlalchemy import select

    from app.db.clock import db_now

    def work(session):
        row = session.scalar(select(model).where(model.name == name))
        if row is None:
            now = db_now(session)
            stamps = {k: now for k in ("created_at", "updated_at") if hasattr(model, k)}
            row = model(name=name, **fields, **stamps)
            session.add(row)
            session.flush()
        return row.id
    return db.transact(work)


def _category(db):
    from app.weighing.models import CommodityCategory
    return _master_row(db, CommodityCategory, "蔬菜", initials="SC", active=True)


def _commodity(db):
    from app.weighing.models import Commodity
    return _master_row(db, Commodity, "大白菜", initials="DBC", active=True, category_id=_category(db))


def _merchant(db):
    from app.weighing.models import Merchant
    return _master_row(db, Merchant, "周师傅", code="M999999", kind="temporary", initials="ZSF", contact="",
                       phone="", id_number="", status="active", account_id=None)


def _vehicle_type(db):
    from app.weighing.models import VehicleType
    return _master_row(db, VehicleType, "农用车", tare_g=1_800_000, active=True)


def _printer_settings():
    from app.devices.printers.settings import PrinterSettings
    return PrinterSettings(host="192.168.1.50")


def _queued_voucher(db):
    """A voucher that has printed (only those are reprinted)."""
    from app.db.rawsql import db_clock
    from app.printing import queue
    from app.printing.samples import sample_document

    def work(tx):
        job_id = queue.enqueue(tx, job_key="v1", counter="1号", created_by="x",
                               document=sample_document("entry-voucher"))
        job = queue.claim(tx, job_id, "w", db_clock(tx))
        if job is not None:
            queue.finish(tx, job, db_clock(tx))
        return job_id
    return db.transact(work, raw=True)


def _scale_settings():
    from app.devices.scales.settings import ScaleSettings
    return ScaleSettings(enabled=True, protocol="yaohua", url="loop://", baudrate=4800)
PROTECTED += [
    (finance_policy.set_policy, "settings.manage",
     lambda db, a: finance_policy.set_policy(db, a, finance_policy.FinancePolicy(tolerance_fen=1_00))),
    (finance_day.day_status, "handover.receive", lambda db, a: finance_day.day_status(db, a, date.today())),
    (finance_handovers.list_handovers, "handover.receive", lambda db, a: finance_handovers.list_handovers(db, a)),
    (finance_handovers.open_shifts, "handover.receive", lambda db, a: finance_handovers.open_shifts(db, a)),
    (reconcile_service.refresh, "reconcile.run", lambda db, a: reconcile_service.refresh(db, a)),
    (reconcile_report.overview, "reconcile.run", lambda db, a: reconcile_report.overview(db, a)),
    (reconcile_report.changes_stamp, "reconcile.run", lambda db, a: reconcile_report.changes_stamp(db, a)),
    (reconcile_settings.set_window, "settings.manage", lambda db, a: reconcile_settings.set_window(db, a, 20)),
    (split_beneficiaries.add_beneficiary, "split.edit",
     lambda db, a: split_beneficiaries.add_beneficiary(db, a, "合作社", "external")),
    (split_beneficiaries.list_beneficiaries, "report.view", lambda db, a: split_beneficiaries.list_beneficiaries(db, a)),
    (split_rules.list_rules, "report.view", lambda db, a: split_rules.list_rules(db, a)),
    (report_build.day_report, "report.view", lambda db, a: report_build.day_report(db, a, date.today())),
    (report_build.month_report, "report.view", lambda db, a: report_build.month_report(db, a, 2026, 11)),
    (report_build.build_period_report, "report.view",
     lambda db, a: report_build.build_period_report(db, a, date.today(), date.today())),
]
# Services any logged-in user may call for themselves.
# Print-queue actions at one's own counter (retry, skip with an audited reason) are part of
# every desk: a cashier must be able to clear a paper jam.
SELF_SERVICE = {auth.change_password, ledger_service.current_shift, print_service.retry_job,
                print_service.skip_job}
SERVICE_MODULES = [auth_service, settings_service, ledger_service, print_service, branding, catalog, merchants,
                   vehicles, weigh_entry, weigh_exit, weigh_void, recharge_accounts, recharge_limits,
                   recharge_service, recharge_statements, finance_cash, finance_close, finance_day,
                   finance_handovers, finance_policy, finance_receive, reconcile_report, reconcile_resolve,
                   reconcile_service, reconcile_settings, split_beneficiaries, split_report, split_rules,
                   report_build]
# The weigh desk's services need a market to act on: tests/desk/test_desk_permissions.py.
TESTED_IN_DESK = {weigh_entry.quote_entry, weigh_entry.charge_entry, weigh_exit.find_entry, weigh_exit.quote_refund,
                  weigh_exit.refund_exit, weigh_void.void_entry,
                  # ... and the recharge desk's: tests/recharge/test_recharge_permissions.py
                  recharge_service.recharge, recharge_service.reverse_recharge, recharge_accounts.set_frozen,
                  recharge_accounts.set_overdraft_limit, recharge_accounts.close_account,
                  recharge_statements.statement_page, recharge_statements.statement_pdf,
                  # ... and the finance desk's: tests/finance/test_finance_permissions.py
                  finance_cash.move_cash, finance_close.close_shift, finance_day.close_day,
                  finance_handovers.handover_detail, finance_handovers.find_handover, finance_handovers.close_preview,
                  finance_receive.receive_handover, finance_receive.adjust_handover,
                  # ... and reconciliation's (files to import or write): tests/reconcile/
                  reconcile_service.import_statement, reconcile_resolve.resolve, reconcile_report.export_xlsx,
                  reconcile_report.export_pdf, reconcile_settings.set_custom_mapping,
                  # ... and the splits' (a market to split in): tests/splits/
                  split_rules.set_rule, split_report.ticket_splits, split_report.beneficiary_report,
                  split_beneficiaries.require_read}  # the check itself (report.view or split.edit)


def test_every_service_taking_an_actor_is_listed():
    listed = {svc for svc, _, _ in PROTECTED} | SELF_SERVICE | TESTED_IN_DESK
    for module in SERVICE_MODULES:
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and "actor" in inspect.signature(fn).parameters \
                    and not name.startswith("_"):
                assert fn in listed, f"{module.__name__}.{name} takes an actor but has no permission test"


@pytest.mark.parametrize("service, permission, call", PROTECTED, ids=lambda v: getattr(v, "__name__", str(v)))
def test_refused_without_permission(db, service, permission, call):
    auth.create_first_admin(db, "boss", "", "boss-pass")
    admin = auth.login(db, "boss", "boss-pass")
    auth.create_user(db, admin, "victim", "", "victim-pass", "cashier")
    lacking = [role for role, perms in DEFAULT_ROLES.items() if permission not in perms]
    assert lacking, f"every role has {permission}"
    for role in lacking:
        auth.create_user(db, admin, f"u_{role}", "", "secret123", role)
        actor = auth.login(db, f"u_{role}", "secret123")
        with db.session() as s:
            audit_before = s.execute(text("SELECT count(*) FROM audit_log")).scalar()
        with pytest.raises(PermissionDenied, match=permission):
            call(db, actor)
        with db.session() as s:
            assert s.execute(text("SELECT count(*) FROM audit_log")).scalar() == audit_before
    call(db, admin)  # and the holder of the permission may
