"""The outbox relay as its own process: `olympus serve --no-relay` leaves committed events in
the outbox, `olympus relay` publishes them to Redis, and SIGTERM stops it after a last
drain. On a database of the test's own, so that no other relay of the suite takes them."""

import asyncio
import os
import signal
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from redis.asyncio import Redis

from olympus.core.events import stream_name
from olympus.core.migrations import upgrade_async
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.apps import (
    IN_CI,
    REDIS_URL,
    TEST_SECRET,
    _create_postgres_database,
    _drop_postgres_database,
)
from tests.fixtures.servers import start_serve

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
NAMESPACE = f"olympus-relay-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def database() -> AsyncIterator[str]:
    try:
        url = await _create_postgres_database()
        redis = Redis.from_url(REDIS_URL, socket_connect_timeout=3)
        await redis.ping()
        await redis.aclose()
    except Exception as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL or Redis unreachable: {exc}")
        pytest.skip(f"PostgreSQL or Redis unreachable: {exc}")
    await upgrade_async(url)
    try:
        yield url
    finally:
        await _drop_postgres_database(url)
        redis = Redis.from_url(REDIS_URL)
        keys = [k async for k in redis.scan_iter(match=f"{NAMESPACE}:*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()


def _environment(database_url: str, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))}
    env.update(
        ENVIRONMENT="test",
        DATABASE_URL=database_url,
        REDIS_URL=REDIS_URL,
        JWT_SECRET=TEST_SECRET,
        DATA_DIR=str(data_dir),
        LOG_LEVEL="WARNING",
        EVENT_NAMESPACE=NAMESPACE,
        ARGON2_MEMORY_KIB="1024",
        ARGON2_TIME_COST="1",
        OUTBOX_POLL_SECONDS="0.2",
    )
    return env


async def _pending(database_url: str) -> list[tuple[uuid.UUID, str]]:
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        rows = await conn.fetch("SELECT id, type FROM events WHERE published_at IS NULL")
        return [(r["id"], r["type"]) for r in rows]
    finally:
        await conn.close()


async def test_serve_without_relay_then_the_relay_alone(database: str, tmp_path: Path) -> None:
    env = _environment(database, tmp_path)
    server = start_serve(env, tmp_path, "serve.log", "--no-relay")
    try:
        await asyncio.to_thread(server.wait_ready, 120)
        async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
            slug = f"relay-{uuid.uuid4().hex[:8]}"
            await _create_tenant(env, tmp_path, slug)
            before = {event_id for event_id, _ in await _pending(database)}
            r = await client.post(
                "/api/v1/auth/register",
                json={"tenant": slug, "email": "ann@example.com", "password": PASSWORD},
            )
            assert r.status_code == 201, r.text
            await asyncio.sleep(1.5)  # several of the server's poll intervals
            waiting = [(i, t) for i, t in await _pending(database) if i not in before]
            assert waiting, "the registration wrote no event"
            ready = (await client.get("/ready")).json()
            assert ready["outbox"]["pending"] >= len(waiting)
    finally:
        server.stop()

    relay = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "from olympus.cli import main; main()", "relay",
        env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while await _pending(database) and time.monotonic() < deadline:
            assert relay.returncode is None, await relay.communicate()
            await asyncio.sleep(0.3)
        assert await _pending(database) == []
        redis = Redis.from_url(REDIS_URL, decode_responses=True)
        try:
            for event_id, event_type in waiting:
                entries = await redis.xrange(stream_name(event_type, NAMESPACE))
                assert str(event_id) in {fields["id"] for _, fields in entries or [] if fields}
        finally:
            await redis.aclose()
    finally:
        relay.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(relay.communicate(), 60)
    assert relay.returncode == 0, err
    assert out == b""
    assert err.decode().splitlines()[-1] == "relay stopped"


async def _create_tenant(env: dict[str, str], data_dir: Path, slug: str) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "from olympus.cli import main; main()", "create-tenant",
        "--slug", slug, "--name", "Relay", "--owner-email", f"o@{slug}.example.com",
        "--owner-password", PASSWORD,
        env=env, cwd=data_dir, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await process.communicate()
    assert process.returncode == 0, err.decode()


async def test_sigterm_finishes_the_request_in_flight_and_publishes_the_outbox(
    database: str, tmp_path: Path
) -> None:
    """What a container platform's stop does: the registration under way (a slow password
    hash) still gets its answer, and an event committed by another process that the relay had
    not seen yet (no LISTEN, a long poll) is published before the process exits."""
    env = _environment(database, tmp_path)
    slug = f"drain-{uuid.uuid4().hex[:8]}"
    await _create_tenant(env, tmp_path, slug)
    env.update(
        OUTBOX_LISTEN="false",
        OUTBOX_POLL_SECONDS="3600",
        ARGON2_MEMORY_KIB=str(64 * 1024),
        ARGON2_TIME_COST="40",  # seconds of hashing: the request is in flight at SIGTERM
        LOG_LEVEL="INFO",
    )
    server = start_serve(env, tmp_path, "drain.log")
    try:
        await asyncio.to_thread(server.wait_ready, 120)
        conn = await asyncpg.connect(database.replace("+asyncpg", ""))
        try:
            tenant_id = await conn.fetchval("SELECT id FROM tenants WHERE slug = $1", slug)
            await conn.execute("UPDATE events SET published_at = now() WHERE published_at IS NULL")
            event_id = uuid.uuid4()
            await conn.execute(
                "INSERT INTO events (id, tenant_id, type, occurred_at, version, data, attempts) "
                "VALUES ($1, $2, 'test.drained', now(), 1, '{}', 0)",
                event_id, tenant_id,
            )  # fmt: skip
        finally:
            await conn.close()
        async with httpx.AsyncClient(base_url=server.url, timeout=120) as client:
            register = asyncio.create_task(
                client.post(
                    "/api/v1/auth/register",
                    json={"tenant": slug, "email": "late@example.com", "password": PASSWORD},
                )
            )
            await asyncio.sleep(1.0)  # the request reaches the server and starts hashing
            assert not register.done()
            server.process.send_signal(signal.SIGTERM)
            answer = await register
        assert answer.status_code == 201, answer.text
        code = await asyncio.to_thread(server.process.wait, 60)
    finally:
        server.stop()
    log = server.log.read_text()
    assert code in {0, -signal.SIGTERM}, log  # uvicorn ends by the signal it was sent
    assert "Traceback" not in log
    assert await _pending(database) == []  # the late registration's events too
    redis = Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        entries = await redis.xrange(stream_name("test.drained", NAMESPACE))
    finally:
        await redis.aclose()
    assert str(event_id) in {fields["id"] for _, fields in entries or [] if fields}
