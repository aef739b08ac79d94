"""The screens of the main window and who may use them.

This is the registry later issues extend: each desk adds one Screen line. The widget module
is named as a string and imported on first use, so logging in never loads every desk."""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

from app.auth.actor import Actor

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.windows.context import GuiContext


@dataclass(frozen=True)
class Screen:
    key: str
    title: str              # English source text, translated when shown
    permission: str | None  # None: everyone who can log in
    widget: str             # "module:Class"; the class is called with a GuiContext


# The desks come first: a user's first screen is the first one they may use, so a cashier
# starts at the weigh desk (Ctrl+1), a recharge clerk at the recharge desk, finance at the
# finance desk, and everyone without a desk at Home.
SCREENS: tuple[Screen, ...] = (
    Screen("weigh_desk", QT_TRANSLATE_NOOP("Navigation", "Weigh desk"), "ticket.entry",
           "app.windows.weigh_desk:WeighDeskScreen"),
    Screen("recharge_desk", QT_TRANSLATE_NOOP("Navigation", "Recharge"), "account.recharge",
           "app.windows.recharge_desk:RechargeDeskScreen"),
    Screen("finance_desk", QT_TRANSLATE_NOOP("Navigation", "Finance desk"), "handover.receive",
           "app.windows.finance_desk:FinanceDeskScreen"),
    Screen("home", QT_TRANSLATE_NOOP("Navigation", "Home"), None, "app.windows.home:HomeScreen"),
    Screen("reports", QT_TRANSLATE_NOOP("Navigation", "Reports"), "report.view",
           "app.windows.report_screen:ReportScreen"),
    Screen("reconcile", QT_TRANSLATE_NOOP("Navigation", "Reconciliation"), "reconcile.run",
           "app.windows.reconcile_screen:ReconcileScreen"),
    Screen("splits", QT_TRANSLATE_NOOP("Navigation", "Payment splits"), "report.view",
           "app.windows.split_rules:SplitRulesScreen"),
    Screen("prices", QT_TRANSLATE_NOOP("Navigation", "Prices"), "price.view",
           "app.windows.master_prices:PricesScreen"),
    Screen("merchants", QT_TRANSLATE_NOOP("Navigation", "Merchants"), "merchant.manage",
           "app.windows.master_merchants:MerchantsScreen"),
    Screen("vehicles", QT_TRANSLATE_NOOP("Navigation", "Vehicles"), "vehicle.manage",
           "app.windows.master_vehicles:VehiclesScreen"),
    Screen("users", QT_TRANSLATE_NOOP("Navigation", "Users and roles"), "user.manage",
           "app.windows.admin_users:UsersScreen"),
    Screen("settings", QT_TRANSLATE_NOOP("Navigation", "Settings"), "settings.manage",
           "app.windows.admin_settings:SettingsScreen"),
    Screen("scale", QT_TRANSLATE_NOOP("Navigation", "Scale"), "device.manage",
           "app.windows.scale_settings:ScaleSettingsScreen"),
    Screen("printers", QT_TRANSLATE_NOOP("Navigation", "Printers"), "device.manage",
           "app.windows.printer_settings:PrinterSettingsScreen"),
)


def screens_for(actor: Actor) -> list[Screen]:
    """The GUI only hides what is not allowed; the services enforce it."""
    return [s for s in SCREENS if s.permission is None or actor.can(s.permission)]


def title(screen: Screen) -> str:
    return QCoreApplication.translate("Navigation", screen.title)


def create(screen: Screen, ctx: "GuiContext") -> "QWidget":
    module_name, class_name = screen.widget.split(":")
    return getattr(importlib.import_module(module_name), class_name)(ctx)
