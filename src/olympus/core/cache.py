"""Short-lived key-value state with expiry: the access-token denylist, rate-limit counters,
cached permissions. Redis when `REDIS_URL` is set (shared by every replica), otherwise an
in-process store. Nothing here is the only copy of anything that matters."""

import contextlib
import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from redis.asyncio import Redis
from redis.exceptions import NoScriptError

from olympus.core.clock import Clock

if TYPE_CHECKING:
    from olympus.core.db import WriteUnitOfWork


class CacheUnavailable(RuntimeError):
    """The cache could not be reached; callers fall back to the database."""


class Cache(Protocol):
    async def get(self, key: str) -> str | None: ...
    async def get_many(self, *keys: str) -> list[str | None]:
        """Several keys in one round trip."""
        ...

    async def get_many_and_count(
        self, keys: Sequence[str], counters: Sequence[str], *, ttl: float
    ) -> tuple[list[str | None], list[int]]:
        """`get_many(keys)` and `incr` of each counter (a new one expires after `ttl`
        seconds), in one round trip: the values and the counts."""
        ...

    async def set(self, key: str, value: str, *, ttl: float) -> None: ...
    async def delete(self, *keys: str) -> None: ...
    async def incr(self, key: str, *, ttl: float) -> int:
        """Add one to the counter at `key`; a new counter expires after `ttl` seconds."""
        ...

    async def ping(self) -> None: ...
    async def close(self) -> None: ...


class InProcessCache:
    """A dict with expiry read from the injectable clock; for one process only."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._data: dict[str, tuple[str, float]] = {}

    def _live(self, key: str) -> str | None:
        item = self._data.get(key)
        if item is None:
            return None
        value, expires = item
        if expires <= self._clock.timestamp():
            del self._data[key]
            return None
        return value

    async def get(self, key: str) -> str | None:
        return self._live(key)

    async def get_many(self, *keys: str) -> list[str | None]:
        return [self._live(k) for k in keys]

    async def set(self, key: str, value: str, *, ttl: float) -> None:
        self._data[key] = (value, self._clock.timestamp() + ttl)
        if len(self._data) > 100_000:
            self._evict_expired()

    async def delete(self, *keys: str) -> None:
        for key in keys:
            self._data.pop(key, None)

    async def get_many_and_count(
        self, keys: Sequence[str], counters: Sequence[str], *, ttl: float
    ) -> tuple[list[str | None], list[int]]:
        return [self._live(k) for k in keys], [self._incr(c, ttl) for c in counters]

    async def incr(self, key: str, *, ttl: float) -> int:
        return self._incr(key, ttl)

    def _incr(self, key: str, ttl: float) -> int:
        # No await between the read and the write: atomic on the event loop.
        current = self._live(key)
        if current is None:
            self._data[key] = ("1", self._clock.timestamp() + ttl)
            return 1
        value = int(current) + 1
        self._data[key] = (str(value), self._data[key][1])
        return value

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        self._data.clear()

    def _evict_expired(self) -> None:
        now = self._clock.timestamp()
        for key in [k for k, (_, exp) in self._data.items() if exp <= now]:
            del self._data[key]


# KEYS: the keys to read, then the counters; ARGV: how many keys are read, the counters' TTL
# (ms). The values read (nil for a missing key), then each counter after its increment.
_COUNT_SCRIPT = """
local read = tonumber(ARGV[1])
local answer = redis.call('MGET', unpack(KEYS, 1, read))
for i = read + 1, #KEYS do
  local count = redis.call('INCR', KEYS[i])
  if count == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
  answer[#answer + 1] = count
end
return answer
"""
# The name Redis gives the script (EVALSHA); not a security use of SHA-1.
_COUNT_SHA = hashlib.sha1(_COUNT_SCRIPT.encode(), usedforsecurity=False).hexdigest()


class RedisCache:
    """The shared cache of every replica. Errors surface as `CacheUnavailable`."""

    def __init__(self, redis: Redis, *, prefix: str = "olympus:") -> None:
        self.redis = redis
        self._prefix = prefix

    @classmethod
    def from_url(cls, url: str) -> "RedisCache":
        client = Redis.from_url(
            url, decode_responses=True, socket_timeout=2, socket_connect_timeout=2
        )
        return cls(client)

    def _k(self, key: str) -> str:
        return self._prefix + key

    async def get(self, key: str) -> str | None:
        try:
            value = await self.redis.get(self._k(key))
        except Exception as exc:
            raise CacheUnavailable(str(exc)) from exc
        return value if value is None else str(value)

    async def get_many(self, *keys: str) -> list[str | None]:
        try:
            values = await self.redis.mget([self._k(k) for k in keys])
        except Exception as exc:
            raise CacheUnavailable(str(exc)) from exc
        return [v if v is None else str(v) for v in values]

    async def get_many_and_count(
        self, keys: Sequence[str], counters: Sequence[str], *, ttl: float
    ) -> tuple[list[str | None], list[int]]:
        # One command, so one round trip and one reply to parse: a pipeline of the same
        # MGET, INCRs and PEXPIREs cost twice as much of the client's CPU (measured).
        names = [self._k(k) for k in (*keys, *counters)]
        args = (len(keys), max(1, int(ttl * 1000)))
        try:
            try:
                answer = await self.redis.evalsha(_COUNT_SHA, len(names), *names, *args)
            except NoScriptError:  # a new or flushed server: load the script once
                await self.redis.script_load(_COUNT_SCRIPT)
                answer = await self.redis.evalsha(_COUNT_SHA, len(names), *names, *args)
        except Exception as exc:
            raise CacheUnavailable(str(exc)) from exc
        values = [v if v is None else str(v) for v in answer[: len(keys)]]
        return values, [int(n) for n in answer[len(keys) :]]

    async def set(self, key: str, value: str, *, ttl: float) -> None:
        try:
            await self.redis.set(self._k(key), value, px=max(1, int(ttl * 1000)))
        except Exception as exc:
            raise CacheUnavailable(str(exc)) from exc

    async def delete(self, *keys: str) -> None:
        if not keys:
            return
        try:
            await self.redis.delete(*(self._k(k) for k in keys))
        except Exception as exc:
            raise CacheUnavailable(str(exc)) from exc

    async def incr(self, key: str, *, ttl: float) -> int:
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.incr(self._k(key))
                pipe.pexpire(self._k(key), max(1, int(ttl * 1000)), nx=True)
                count, _ = await pipe.execute()
        except Exception as exc:
            raise CacheUnavailable(str(exc)) from exc
        return int(count)

    async def ping(self) -> None:
        try:
            await self.redis.ping()
        except Exception as exc:
            raise CacheUnavailable(str(exc)) from exc

    async def close(self) -> None:
        await self.redis.aclose()


def forget_after_commit(uow: "WriteUnitOfWork", cache: Cache, *keys: str) -> None:
    """Drop cached entries once the change that makes them stale has committed (every
    replica reads the same Redis, so it holds everywhere at once). If the cache is down,
    the entries still expire with their TTL."""
    if not keys:
        return

    async def _forget() -> None:
        with contextlib.suppress(CacheUnavailable):
            await cache.delete(*keys)

    uow.after_commit(_forget)
