"""Imports every model module so that `Base.metadata` is complete (Alembic, tests)."""
from app.auth import models as _auth_models  # noqa: F401
from app.db import meta as _meta  # noqa: F401
from app.db.base import Base
from app.finance import models as _finance_models  # noqa: F401
from app.ledger import models as _ledger_models  # noqa: F401
from app.printing import models as _printing_models  # noqa: F401
from app.recharge import models as _recharge_models  # noqa: F401
from app.reconcile import models as _reconcile_models  # noqa: F401
from app.splits import models as _splits_models  # noqa: F401
from app.weighing import models as _weighing_models  # noqa: F401

metadata = Base.metadata
