"""audit chains per counter; server-side posting on PostgreSQL

Also drops two indexes nothing reads (audit_log.action, ledger_transfers.ticket_ref).

The single audit hash chain made every money event at every counter wait on one row lock.
Each counter now has its own chain (audit_chains replaces audit_head; the existing log is the
main chain, unchanged). On PostgreSQL an audit append and a whole ledger event each become one
server-side function call (migrations/sql/0009/*.sql), so a fee event is one round trip.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from app.db.ddl import drop_append_only, make_append_only

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

SQL_DIR = Path(__file__).resolve().parent.parent / 'sql' / '0009'
SEQ = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
PG_FUNCTIONS = ("md_post_event(text, text, text, integer, text, text, timestamp, jsonb, jsonb)",
                "md_event_result(text, text, text, integer, boolean)",
                "md_audit_append(timestamp, integer, text, text, text, text, text, text)",
                "md_json(text)")


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    drop_append_only("audit_log")
    op.add_column("audit_log", sa.Column("chain", sa.String(64), server_default="", nullable=False))
    if pg:
        op.add_column("audit_log", sa.Column("chain_seq", SEQ, nullable=True))
        op.execute("UPDATE audit_log SET chain_seq = seq")
        op.alter_column("audit_log", "chain_seq", nullable=False)
        # Appends no longer pass through one head row, so seq comes from a sequence.
        op.execute("CREATE SEQUENCE audit_log_seq_seq OWNED BY audit_log.seq")
        op.execute("SELECT setval('audit_log_seq_seq', coalesce((SELECT max(seq) FROM audit_log), 0) + 1, false)")
        op.execute("ALTER TABLE audit_log ALTER COLUMN seq SET DEFAULT nextval('audit_log_seq_seq')")
    else:  # SQLite cannot tighten a column later; seq is its rowid, numbered by SQLite itself
        op.add_column("audit_log", sa.Column("chain_seq", SEQ, server_default="0", nullable=False))
        op.execute("UPDATE audit_log SET chain_seq = seq")
    make_append_only("audit_log")
    op.create_index("uq_audit_log_chain_seq", "audit_log", ["chain", "chain_seq"], unique=True)

    chains = op.create_table(
        "audit_chains",
        sa.Column("chain", sa.String(64), nullable=False),
        sa.Column("seq", SEQ, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("chain", name=op.f("pk_audit_chains")),
    )
    head = op.get_bind().execute(sa.text("SELECT seq, hash FROM audit_head WHERE id = 1")).one()
    op.bulk_insert(chains, [{"chain": "", "seq": head[0], "hash": head[1]}])
    _drop_audit_head(pg)
    _chain_heads_forward_only(pg)
    # Indexes nothing reads, which every money event paid for (one page each per commit).
    op.drop_index("ix_audit_log_action", table_name="audit_log")
    op.drop_index("ix_ledger_transfers_ticket_ref", table_name="ledger_transfers")
    if pg:
        for name in ("md_json", "md_audit_append", "md_post_event"):
            op.execute((SQL_DIR / f"{name}.sql").read_text(encoding="utf-8"))


def _drop_audit_head(pg: bool) -> None:
    if pg:
        op.execute("DROP TRIGGER IF EXISTS audit_head_forward ON audit_head")
        op.execute("DROP FUNCTION IF EXISTS md_audit_head_forward()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_head_forward")
        op.execute("DROP TRIGGER IF EXISTS audit_head_no_delete")
    op.drop_table("audit_head")


def _chain_heads_forward_only(pg: bool) -> None:
    """A head may only advance by exactly one row, never be renamed, never be deleted."""
    message = "an audit chain head only moves forward by one row"
    if pg:
        op.execute(f"""
CREATE OR REPLACE FUNCTION md_audit_chain_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.chain <> OLD.chain OR NEW.seq <> OLD.seq + 1 THEN
    RAISE EXCEPTION '{message}' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;""")
        op.execute("CREATE TRIGGER audit_chains_forward BEFORE UPDATE OR DELETE ON audit_chains "
                   "FOR EACH ROW EXECUTE FUNCTION md_audit_chain_forward()")
        op.execute("CREATE TRIGGER audit_chains_no_truncate BEFORE TRUNCATE ON audit_chains "
                   "FOR EACH STATEMENT EXECUTE FUNCTION md_refuse_change()")
    else:
        op.execute("CREATE TRIGGER audit_chains_forward BEFORE UPDATE ON audit_chains "
                   "WHEN NEW.chain <> OLD.chain OR NEW.seq <> OLD.seq + 1 "
                   f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
        op.execute("CREATE TRIGGER audit_chains_no_delete BEFORE DELETE ON audit_chains "
                   f"BEGIN SELECT RAISE(ABORT, '{message}'); END")


def downgrade() -> None:
    """Back to one chain: only possible while no counter has a chain of its own."""
    pg = op.get_bind().dialect.name == "postgresql"
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM audit_chains WHERE chain <> ''")).scalar():
        raise RuntimeError("audit entries are kept per counter since 0009; a single chain cannot hold them")
    if pg:
        for signature in PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {signature}")
        op.execute("DROP TRIGGER IF EXISTS audit_chains_forward ON audit_chains")
        op.execute("DROP TRIGGER IF EXISTS audit_chains_no_truncate ON audit_chains")
        op.execute("DROP FUNCTION IF EXISTS md_audit_chain_forward()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_chains_forward")
        op.execute("DROP TRIGGER IF EXISTS audit_chains_no_delete")
    op.create_index("ix_ledger_transfers_ticket_ref", "ledger_transfers", ["ticket_ref"])
    op.create_index("ix_audit_log_action", "audit_log", ["action"])
    main = bind.execute(sa.text("SELECT seq, hash FROM audit_chains WHERE chain = ''")).one()
    op.drop_table("audit_chains")
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", SEQ, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.bulk_insert(head, [{"id": 1, "seq": main[0], "hash": main[1]}])
    _single_head_forward_only(pg)
    op.drop_index("uq_audit_log_chain_seq", table_name="audit_log")
    if pg:
        op.execute("ALTER TABLE audit_log ALTER COLUMN seq DROP DEFAULT")
        op.execute("DROP SEQUENCE IF EXISTS audit_log_seq_seq")
    op.drop_column("audit_log", "chain_seq")
    op.drop_column("audit_log", "chain")


def _single_head_forward_only(pg: bool) -> None:
    message = "audit_head only moves forward by one row"
    if pg:
        op.execute(f"""
CREATE OR REPLACE FUNCTION md_audit_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.seq <> OLD.seq + 1 THEN
    RAISE EXCEPTION '{message}' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;""")
        op.execute("CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON audit_head "
                   "FOR EACH ROW EXECUTE FUNCTION md_audit_head_forward()")
    else:
        op.execute("CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head WHEN NEW.seq <> OLD.seq + 1 "
                   f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
        op.execute(f"CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head "
                   f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
