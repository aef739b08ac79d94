"""Client-generated event ids: UUIDv7 (time-ordered), made before the event is submitted so
a retry after a timeout or a double click carries the same id and cannot post twice."""
import secrets
import time
import uuid

EVENT_ID_MAX_CHARS = 40


def new_event_id() -> str:
    """RFC 9562 UUIDv7: 48-bit Unix milliseconds, version 7, 74 random bits."""
    unix_ms = time.time_ns() // 1_000_000
    value = (unix_ms & (2**48 - 1)) << 80
    value |= 0x7 << 76 | secrets.randbits(12) << 64
    value |= 0b10 << 62 | secrets.randbits(62)
    return str(uuid.UUID(int=value))
