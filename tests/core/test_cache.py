"""The key-value cache with expiry: the in-process store follows the injected clock, Redis is
the shared one, and an unreachable Redis says so with `CacheUnavailable`."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from olympus.core.cache import CacheUnavailable, InProcessCache, RedisCache
from olympus.core.clock import FrozenClock
from tests.fixtures.apps import Backend


@pytest.fixture
def frozen() -> FrozenClock:
    return FrozenClock(datetime(2030, 1, 1, tzinfo=UTC))


async def test_in_process_values_expire_with_the_clock(frozen: FrozenClock) -> None:
    cache = InProcessCache(frozen)
    await cache.set("session:1", "alive", ttl=10)
    assert await cache.get("session:1") == "alive"
    frozen.advance(seconds=9.9)
    assert await cache.get("session:1") == "alive"
    frozen.advance(seconds=0.1)
    assert await cache.get("session:1") is None
    assert await cache.get("never-set") is None


async def test_in_process_set_replaces_value_and_expiry(frozen: FrozenClock) -> None:
    cache = InProcessCache(frozen)
    await cache.set("k", "first", ttl=5)
    frozen.advance(seconds=4)
    await cache.set("k", "second", ttl=5)
    frozen.advance(seconds=4)
    assert await cache.get("k") == "second"
    await cache.delete("k", "not-there")
    assert await cache.get("k") is None


async def test_in_process_counters_count_then_expire(frozen: FrozenClock) -> None:
    cache = InProcessCache(frozen)
    assert [await cache.incr("login:ip", ttl=60) for _ in range(3)] == [1, 2, 3]
    assert await cache.incr("login:other", ttl=60) == 1
    # Counting does not push the window: it ends 60 s after the first hit.
    frozen.advance(seconds=59)
    assert await cache.incr("login:ip", ttl=60) == 4
    frozen.advance(seconds=1)
    assert await cache.incr("login:ip", ttl=60) == 1
    assert await cache.get("login:ip") == "1"


async def test_in_process_close_forgets_everything(frozen: FrozenClock) -> None:
    cache = InProcessCache(frozen)
    await cache.set("k", "v", ttl=60)
    await cache.ping()
    await cache.close()
    assert await cache.get("k") is None


async def test_unreachable_redis_raises_cache_unavailable() -> None:
    cache = RedisCache.from_url("redis://127.0.0.1:1/0")
    try:
        with pytest.raises(CacheUnavailable):
            await cache.ping()
        with pytest.raises(CacheUnavailable):
            await cache.get("k")
        with pytest.raises(CacheUnavailable):
            await cache.set("k", "v", ttl=1)
        with pytest.raises(CacheUnavailable):
            await cache.incr("k", ttl=1)
        with pytest.raises(CacheUnavailable):
            await cache.delete("k")
    finally:
        await cache.close()


@pytest.fixture
async def redis_cache(backend: Backend) -> AsyncIterator[RedisCache]:
    if not backend.redis_url:
        pytest.skip("the embedded default has no Redis")
    cache = RedisCache.from_url(backend.redis_url)
    cache._prefix = f"olympus-cache-test-{uuid.uuid4().hex[:8]}:"
    yield cache
    keys = [key async for key in cache.redis.scan_iter(match=cache._prefix + "*")]
    if keys:
        await cache.redis.delete(*keys)
    await cache.close()


async def test_redis_values_and_counters_expire(redis_cache: RedisCache) -> None:
    prefix = redis_cache._prefix
    await redis_cache.set("session:1", "alive", ttl=30)
    assert await redis_cache.get("session:1") == "alive"
    assert 29_000 < await redis_cache.redis.pttl(prefix + "session:1") <= 30_000
    await redis_cache.delete("session:1")
    assert await redis_cache.get("session:1") is None

    assert [await redis_cache.incr("login:ip", ttl=60) for _ in range(3)] == [1, 2, 3]
    first_window = await redis_cache.redis.pttl(prefix + "login:ip")
    assert 59_000 < first_window <= 60_000
    # Further hits keep the window of the first one instead of extending it.
    await redis_cache.incr("login:ip", ttl=600)
    assert await redis_cache.redis.pttl(prefix + "login:ip") <= first_window
    await redis_cache.ping()


async def test_redis_keys_are_prefixed(redis_cache: RedisCache) -> None:
    await redis_cache.set("denylist:jti", "1", ttl=30)
    assert await redis_cache.redis.get(redis_cache._prefix + "denylist:jti") == "1"
    assert await redis_cache.redis.exists("denylist:jti") == 0


async def test_in_process_reads_and_counts_at_once(frozen: FrozenClock) -> None:
    cache = InProcessCache(frozen)
    await cache.set("a", "1", ttl=60)
    values, counts = await cache.get_many_and_count(["a", "b"], ["c1", "c2"], ttl=60)
    assert values == ["1", None] and counts == [1, 1]
    _, counts = await cache.get_many_and_count(["a"], ["c1"], ttl=60)
    assert counts == [2]
    frozen.advance(seconds=60)
    values, counts = await cache.get_many_and_count(["a"], ["c1"], ttl=60)
    assert values == [None] and counts == [1]


async def test_redis_reads_and_counts_in_one_command(redis_cache: RedisCache) -> None:
    prefix = redis_cache._prefix
    await redis_cache.set("a", "1", ttl=60)
    values, counts = await redis_cache.get_many_and_count(["a", "b"], ["c1", "c2"], ttl=60)
    assert values == ["1", None] and counts == [1, 1]
    assert 59_000 < await redis_cache.redis.pttl(prefix + "c1") <= 60_000
    # A server that lost its scripts (a restart, SCRIPT FLUSH) gets it again at once.
    await redis_cache.redis.script_flush()
    values, counts = await redis_cache.get_many_and_count(["a"], ["c1", "c2"], ttl=600)
    assert values == ["1"] and counts == [2, 2]
    assert await redis_cache.redis.pttl(prefix + "c1") <= 60_000  # the window is not pushed
