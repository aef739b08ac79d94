"""Printed documents: layouts, signed QR codes, the durable print queue and its worker.
Device bytes come from app.devices.printers; this package decides what to print and when.
Never imports Qt."""
