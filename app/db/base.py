"""Declarative base with a constraint naming convention, so migrations can name (and later
drop or alter) every index and constraint the same way on SQLite and PostgreSQL."""
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Written by hand in migrations for PostgreSQL only (an index on an expression the models
# cannot say for one dialect): left out when models and database are compared.
HAND_WRITTEN_INDEXES = frozenset({"ix_vehicles_plate_c"})


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "index" and name in HAND_WRITTEN_INDEXES)
