"""What the desk hands the services about a weighing: the weight and the raw frames it was
read from (stored with the ticket for disputes), or a manual weight."""
from __future__ import annotations

import json
from dataclasses import dataclass

from app.errors import ValidationError

FRAMES_MAX = 200
FRAME_HEX_MAX_CHARS = 128


@dataclass(frozen=True)
class ScaleCapture:
    weight_g: int
    frames: tuple[tuple[str, str], ...] = ()   # (ISO time, hex bytes) of the stable window
    manual: bool = False                       # typed by the cashier (needs ticket.manual_weight)

    def validate(self, what: str) -> None:
        if type(self.weight_g) is not int or self.weight_g <= 0:
            raise ValidationError(f"{what}: no weight; wait for a stable reading")
        if not self.manual and not self.frames:
            raise ValidationError(f"{what}: a scale weight needs the frames it was read from")
        if len(self.frames) > FRAMES_MAX or any(len(h) > FRAME_HEX_MAX_CHARS for _, h in self.frames):
            raise ValidationError(f"{what}: too many or too long scale frames")

    def frames_json(self) -> str:
        return json.dumps([{"t": t, "raw": h} for t, h in self.frames], separators=(",", ":"))
