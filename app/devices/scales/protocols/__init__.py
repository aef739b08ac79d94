"""The scale protocols, one module each; importing this package registers every one of them
(app.devices.scales.protocol.load_all). What the decoders share: _stream (the streaming
scanner) and _fields (checksums, units, weights)."""
from app.devices.scales.protocols import ascii, sics, toledo, yaohua, yaohua_a12, yaohua_eq  # noqa: F401
