"""Database access: engine factory, unit of work, migrations. No Qt here."""
from app.db.database import Database

__all__ = ["Database"]
