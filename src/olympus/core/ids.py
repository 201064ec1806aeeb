"""Time-ordered identifiers (UUID version 7, RFC 9562)."""

import os
import random
import threading
import time
import uuid
from datetime import datetime

_lock = threading.Lock()
_last_ms = 0
_counter = 0
# The random bits of ids of the past: a generator seeded once from the system's, since
# history is written by the million and a system call per id would dominate.
_history_bits = random.Random(os.urandom(32))  # noqa: S311 - unique, not secret


def uuid7() -> uuid.UUID:
    """A UUIDv7: 48-bit Unix milliseconds, then a 12-bit counter that keeps ids made in
    the same millisecond in order, then 62 random bits."""
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            ms = _last_ms
            _counter += 1
            if _counter > 0xFFF:  # counter spent: borrow the next millisecond
                ms += 1
                _counter = 0
        else:
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
        _last_ms = ms
        counter = _counter
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0b10 << 62
    value |= rand
    return uuid.UUID(int=value)


def uuid7_at(at: datetime | int) -> uuid.UUID:
    """A UUIDv7 for a moment in the past (a datetime, or Unix milliseconds), for rows of
    history written after the fact (demo data, imports), so they sort among the others by
    when they happened. The 12 bits after the milliseconds and the 62 after them are random:
    ids of one millisecond are unique but not ordered among themselves."""
    ms = at if isinstance(at, int) else int(at.timestamp() * 1000)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    bits = _history_bits.getrandbits(74)
    value |= (bits >> 62) << 64  # 12 bits where uuid7() keeps its counter
    value |= 0b10 << 62
    value |= bits & ((1 << 62) - 1)
    return uuid.UUID(int=value)
