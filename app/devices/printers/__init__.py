"""Receipt printers: ESC/POS bytes built by us (Chinese text as GB18030 or Big5 under FS &),
sent through python-escpos' transports, checked with DLE EOT real-time status, and a decoder
and a loopback printer so all of it is tested without hardware. Never imports Qt.

Modules: width (columns), escpos (Receipt builder), decode (bytes -> transcript),
status (DLE EOT), settings (PrinterSettings), backends (open_connection), send (one job with
delivery check), simulator (FakeNetworkPrinter), errors (PrinterError)."""
