"""foundation: users, roles, permissions, audit chain, app meta

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""
import secrets

import sqlalchemy as sa
from alembic import op

from app.db.ddl import drop_append_only, make_append_only

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copy of the default roles as of this revision (later revisions add to them).
_ALL = [
    "price.view", "price.edit", "price.create", "ticket.entry", "ticket.refund", "ticket.void",
    "ticket.manual_weight", "voucher.reprint", "account.recharge", "account.recharge_reverse",
    "shift.open", "shift.close_other", "handover.receive", "handover.accept_difference",
    "merchant.manage", "vehicle.manage", "report.view", "settings.manage", "user.manage",
    "device.manage", "meter.control", "reading.enter", "bill.generate", "reconcile.run",
    "split.edit",
]
_ROLES = [
    (1, "cashier", "Toll cashier", ["ticket.entry", "ticket.refund", "shift.open"]),
    (2, "recharge_clerk", "Recharge clerk", ["account.recharge", "shift.open"]),
    (3, "finance", "Finance", ["handover.receive", "handover.accept_difference", "report.view",
                               "reconcile.run", "shift.close_other"]),
    (4, "manager", "Manager", [p for p in _ALL if p not in ("user.manage", "settings.manage", "device.manage")]),
    (5, "admin", "Administrator", list(_ALL)),
    (6, "meter_reader", "Meter reader", ["reading.enter"]),
]


def upgrade() -> None:
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_meta")),
    )
    roles = op.create_table(
        "roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("title", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
        sa.UniqueConstraint("name", name=op.f("uq_roles_name")),
    )
    role_permissions = op.create_table(
        "role_permissions",
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("permission", sa.String(48), nullable=False),
        sa.ForeignKeyConstraint(["role_id"], ["roles.id"], name=op.f("fk_role_permissions_role_id_roles")),
        sa.PrimaryKeyConstraint("role_id", "permission", name=op.f("pk_role_permissions")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(32), nullable=False),
        sa.Column("display_name", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("must_change_password", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("failed_logins >= 0", name=op.f("ck_users_failed_logins_nonnegative")),
        sa.ForeignKeyConstraint(["role_id"], ["roles.id"], name=op.f("fk_users_role_id_roles")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_index(op.f("ix_users_role_id"), "users", ["role_id"])
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(32), nullable=False),
        sa.Column("supervisor_name", sa.String(32), nullable=True),
        sa.Column("counter", sa.String(64), nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target", sa.String(128), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_action"), "audit_log", ["action"])
    audit_head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    make_append_only("audit_log")
    _audit_head_forward_only()

    op.bulk_insert(roles, [{"id": i, "name": n, "title": t} for i, n, t, _ in _ROLES])
    op.bulk_insert(role_permissions, [{"role_id": i, "permission": p}
                                      for i, _, _, perms in _ROLES for p in perms])
    op.bulk_insert(audit_head, [{"id": 1, "seq": 0, "hash": "0" * 64}])
    meta = sa.table("app_meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    op.bulk_insert(meta, [{"key": "installation_id", "value": secrets.token_hex(16)}])


def _audit_head_forward_only() -> None:
    """The head may only advance by exactly one row and may never be deleted."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
CREATE OR REPLACE FUNCTION md_audit_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.seq <> OLD.seq + 1 THEN
    RAISE EXCEPTION 'audit_head only moves forward by one row' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;""")
        op.execute("CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON audit_head "
                   "FOR EACH ROW EXECUTE FUNCTION md_audit_head_forward()")
    else:
        op.execute("CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head "
                   "WHEN NEW.seq <> OLD.seq + 1 "
                   "BEGIN SELECT RAISE(ABORT, 'audit_head only moves forward by one row'); END")
        op.execute("CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head "
                   "BEGIN SELECT RAISE(ABORT, 'audit_head only moves forward by one row'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_head_forward ON audit_head")
        op.execute("DROP FUNCTION IF EXISTS md_audit_head_forward()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_head_forward")
        op.execute("DROP TRIGGER IF EXISTS audit_head_no_delete")
    drop_append_only("audit_log")
    op.drop_table("audit_head")
    op.drop_index(op.f("ix_audit_log_action"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index(op.f("ix_users_role_id"), table_name="users")
    op.drop_table("users")
    op.drop_table("role_permissions")
    op.drop_table("roles")
    op.drop_table("app_meta")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS md_refuse_change()")
