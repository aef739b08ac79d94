"""Tables of users, roles and the audit chain."""
from datetime import datetime

from sqlalchemy import (BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, Integer,
                        Index, String, Text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base

USERNAME_MAX_CHARS = 32
DISPLAY_NAME_MAX_CHARS = 64


class Role(Base):
    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(64))
    permissions: Mapped[list["RolePermission"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin")


class RolePermission(Base):
    __tablename__ = "role_permissions"

    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id"), primary_key=True)
    permission: Mapped[str] = mapped_column(String(48), primary_key=True)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("failed_logins >= 0", name="failed_logins_nonnegative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX_CHARS), unique=True)
    display_name: Mapped[str] = mapped_column(String(DISPLAY_NAME_MAX_CHARS))
    password_hash: Mapped[str] = mapped_column(String(255))
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id"), index=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime)

    role: Mapped[Role] = relationship(lazy="joined", innerjoin=True)


class AuditEntry(Base):
    """Append-only (DB triggers refuse UPDATE and DELETE). Entries form one hash chain per
    counter (`chain` = the counter's name; '' for entries made without a counter, the main
    chain). Each row's hash covers its content and the previous row's hash in its chain, so an
    edit, a removal or a reordering behind the application's back breaks the chain. `seq`
    numbers all entries in insertion order; `chain_seq` is the position within the chain."""
    __tablename__ = "audit_log"
    __table_args__ = (Index("uq_audit_log_chain_seq", "chain", "chain_seq", unique=True),)

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    chain: Mapped[str] = mapped_column(String(64), server_default="")
    chain_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_name: Mapped[str] = mapped_column(String(USERNAME_MAX_CHARS))
    supervisor_name: Mapped[str | None] = mapped_column(String(USERNAME_MAX_CHARS), nullable=True)
    counter: Mapped[str | None] = mapped_column(String(64), nullable=True)
    action: Mapped[str] = mapped_column(String(64))  # not indexed: only verify reads the log
    target: Mapped[str | None] = mapped_column(String(128), nullable=True)
    details: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditChain(Base):
    """One row per chain: its newest chain_seq and hash. A trigger lets a head only move
    forward by one and never be deleted, so truncating the tail of a chain cannot be hidden by
    rewinding its head. Every chain but the main one is opened by an `audit.chain_open` entry
    in the main chain, so removing a whole chain (rows and head) is caught too."""
    __tablename__ = "audit_chains"

    chain: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    hash: Mapped[str] = mapped_column(String(64))
