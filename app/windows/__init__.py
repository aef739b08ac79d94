"""The PySide6 interface. Talks to services only (app.auth.service, app.settings_service, ...);
never builds SQL. Long calls run through app.windows.ops so the GUI thread stays responsive."""
