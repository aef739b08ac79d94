"""The reconciliation screen's tests use the GUI fixtures (offscreen Qt, English, a database
that waits for background calls) and the reconciliation books."""
from tests.reconcile.conftest import books, clerk, market  # noqa: F401  (fixtures, used by name)
from tests.windows.conftest import application, db, english  # noqa: F401  (fixtures, used by name)
