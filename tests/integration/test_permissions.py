"""Every protected service refuses a user who lacks its permission, and writes nothing."""
import dataclasses
import inspect

import pytest
from sqlalchemy import text

import app.auth.service as auth_service
import app.ledger.service as ledger_service
import app.printing.branding as branding
import app.printing.service as print_service
import app.settings_service as settings_service
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
    (branding.update_branding, "settings.manage", lambda db, a: branding.update_branding(db, a, market_name="新市场")),
    (print_service.print_test_page, "device.manage",
     lambda db, a: print_service.print_test_page(db, dataclasses.replace(a, counter="1号"))),
    (print_service.reprint, "voucher.reprint", lambda db, a: print_service.reprint(
        db, dataclasses.replace(a, counter="1号"), job_id=_queued_voucher(db))),
]


def _printer_settings():
    from app.devices.printers.settings import PrinterSettings
    return PrinterSettings(host="192.168.1.50")


def _queued_voucher(db):
    from app.printing import queue
    from app.printing.samples import sample_document
    return db.transact(lambda tx: queue.enqueue(tx, job_key="v1", counter="1号", created_by="x",
                                                document=sample_document("entry-voucher")), raw=True)


def _scale_settings():
    from app.devices.scales.settings import ScaleSettings
    return ScaleSettings(enabled=True, protocol="yaohua", url="loop://", baudrate=4800)
# Services any logged-in user may call for themselves.
# Print-queue actions at one's own counter (retry, skip with an audited reason) are part of
# every desk: a cashier must be able to clear a paper jam.
SELF_SERVICE = {auth.change_password, ledger_service.current_shift, print_service.retry_job,
                print_service.skip_job}
SERVICE_MODULES = [auth_service, settings_service, ledger_service, print_service, branding]


def test_every_service_taking_an_actor_is_listed():
    listed = {svc for svc, _, _ in PROTECTED} | SELF_SERVICE
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
