"""The Idempotency-Key store: replay, conflict, tenant scoping, expiry and concurrent
duplicates, with real transactions on both backends."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI, Request
from pydantic import BaseModel

from olympus.app import create_app
from olympus.core import idempotency
from olympus.core.clock import Clock, FrozenClock
from olympus.core.db import Database
from olympus.core.dependencies import WriteUoWDep
from olympus.core.idempotency import (
    IdempotencyConflict,
    IdempotencyInProgress,
    IdempotencyKey,
    IdempotencyKeyHeader,
    InvalidIdempotencyKey,
    StoredResponse,
)
from tests.fixtures.accounts import TenantFactory
from tests.fixtures.apps import Backend, make_settings
from tests.fixtures.problems import assert_problem

SCOPE = "POST /api/v1/orders"
BODY = {"location_id": "loc-1", "items": [{"product_id": "p-1", "quantity": 2}]}
ANSWER = {"id": "order-1", "status": "pending", "total": 1200}


def new_key() -> str:
    return f"key-{uuid.uuid4().hex}"


async def first_write(
    db: Database,
    tenant_id: uuid.UUID,
    key: str,
    *,
    body: Any = BODY,
    answer: Any = ANSWER,
    clock: Clock | None = None,
    scope: str = SCOPE,
) -> StoredResponse | None:
    """One guarded write: claim, then keep the answer, in one committed transaction."""
    async with db.unit_of_work(clock=clock or Clock(), tenant_id=tenant_id) as uow:
        stored = await idempotency.begin(
            uow, key=key, scope=scope, request_hash=idempotency.request_hash(body)
        )
        if stored is None:
            await idempotency.complete(uow, key=key, scope=scope, status_code=201, body=answer)
        return stored


async def retry(
    db: Database,
    tenant_id: uuid.UUID,
    key: str,
    *,
    body: Any = BODY,
    clock: Clock | None = None,
    scope: str = SCOPE,
) -> StoredResponse | None:
    async with db.unit_of_work(clock=clock or Clock(), tenant_id=tenant_id) as uow:
        return await idempotency.begin(
            uow, key=key, scope=scope, request_hash=idempotency.request_hash(body)
        )


async def stored_keys(db: Database, key: str) -> list[sa.Row[Any]]:
    """Every tenant's rows under `key`, read as the service's own cross-tenant work."""
    async with db.unit_of_work(clock=Clock(), write=False, system=True) as uow:
        result = await uow.session.execute(
            sa.select(
                IdempotencyKey.tenant_id,
                IdempotencyKey.status_code,
                IdempotencyKey.created_at,
                IdempotencyKey.expires_at,
            ).where(IdempotencyKey.key == key)
        )
        return list(result.all())


def test_request_hash_is_canonical() -> None:
    class Order(BaseModel):
        location_id: str
        items: list[dict[str, Any]]

    same = idempotency.request_hash(BODY)
    assert idempotency.request_hash(b'{"items":[{"quantity":2,"product_id":"p-1"}],') != same
    assert (
        idempotency.request_hash(
            b'{ "items": [ {"quantity": 2, "product_id": "p-1"} ], "location_id": "loc-1" }'
        )
        == same
    )
    assert idempotency.request_hash(Order(**BODY)) == same
    assert idempotency.request_hash({**BODY, "location_id": "loc-2"}) != same
    assert len(same) == 64


async def test_same_key_and_body_replays_the_first_answer(
    db: Database, make_tenant: TenantFactory
) -> None:
    tenant = await make_tenant()
    key = new_key()
    assert await first_write(db, tenant.id, key) is None

    replay = await retry(db, tenant.id, key)
    assert replay is not None
    assert replay.status_code == 201
    assert replay.json() == ANSWER
    response = replay.to_response()
    assert response.status_code == 201
    assert response.headers["idempotent-replayed"] == "true"

    [row] = await stored_keys(db, key)
    assert row.expires_at - row.created_at >= timedelta(hours=24)


async def test_same_key_with_another_body_is_a_conflict(
    db: Database, make_tenant: TenantFactory
) -> None:
    tenant = await make_tenant()
    key = new_key()
    await first_write(db, tenant.id, key)

    with pytest.raises(IdempotencyConflict) as caught:
        await retry(db, tenant.id, key, body={**BODY, "location_id": "elsewhere"})
    assert (caught.value.status, caught.value.code) == (422, "idempotency_conflict")
    # The refused retry changed nothing: the first answer still replays.
    replay = await retry(db, tenant.id, key)
    assert replay is not None and replay.json() == ANSWER


async def test_keys_are_scoped_to_the_tenant_and_the_route(
    db: Database, make_tenant: TenantFactory
) -> None:
    tenant_a, tenant_b = await make_tenant(), await make_tenant()
    key = new_key()
    await first_write(db, tenant_a.id, key, answer={"who": "a"})

    # Another tenant's identical key is a new request, even with another body.
    assert await first_write(db, tenant_b.id, key, body={"x": 1}, answer={"who": "b"}) is None
    replay_a, replay_b = (
        await retry(db, tenant_a.id, key),
        await retry(db, tenant_b.id, key, body={"x": 1}),
    )
    assert replay_a is not None and replay_a.json() == {"who": "a"}
    assert replay_b is not None and replay_b.json() == {"who": "b"}

    # The same key on another route is another request too.
    assert await first_write(db, tenant_a.id, key, scope="POST /api/v1/payments/process") is None
    assert {row.tenant_id for row in await stored_keys(db, key)} == {tenant_a.id, tenant_b.id}


async def test_a_rolled_back_write_releases_its_key(
    db: Database, make_tenant: TenantFactory
) -> None:
    tenant = await make_tenant()
    key = new_key()
    with pytest.raises(RuntimeError, match="insufficient stock"):
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
            claimed = await idempotency.begin(
                uow, key=key, scope=SCOPE, request_hash=idempotency.request_hash(BODY)
            )
            assert claimed is None
            raise RuntimeError("insufficient stock")

    assert await stored_keys(db, key) == []
    assert await first_write(db, tenant.id, key) is None


async def test_a_claim_committed_without_an_answer_is_in_progress(
    db: Database, make_tenant: TenantFactory
) -> None:
    tenant = await make_tenant()
    key = new_key()
    assert await retry(db, tenant.id, key) is None  # claims and commits, never completes

    with pytest.raises(IdempotencyInProgress) as caught:
        await retry(db, tenant.id, key)
    assert (caught.value.status, caught.value.code) == (409, "idempotency_in_progress")


async def test_complete_needs_a_claim(db: Database, make_tenant: TenantFactory) -> None:
    tenant = await make_tenant()
    with pytest.raises(RuntimeError, match="not claimed"):
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
            await idempotency.complete(uow, key=new_key(), scope=SCOPE, status_code=201, body={})


@pytest.mark.parametrize("key", ["", "x" * 256, "naïve", "tab\there"])
async def test_malformed_keys_are_refused(
    db: Database, make_tenant: TenantFactory, key: str
) -> None:
    tenant = await make_tenant()
    with pytest.raises(InvalidIdempotencyKey):
        await retry(db, tenant.id, key)


async def test_a_key_with_no_tenant_in_scope_fails_closed(db: Database) -> None:
    from olympus.core.errors import TenantNotSet

    with pytest.raises(TenantNotSet):
        async with db.unit_of_work(clock=Clock()) as uow:
            await idempotency.begin(uow, key=new_key(), scope=SCOPE, request_hash="0" * 64)


async def test_keys_expire_after_a_day_and_are_pruned(
    db: Database, make_tenant: TenantFactory
) -> None:
    tenant = await make_tenant()
    start = Clock().now()
    expiring, fresh = new_key(), new_key()
    await first_write(db, tenant.id, expiring, clock=FrozenClock(start))
    await first_write(db, tenant.id, fresh, clock=FrozenClock(start + timedelta(hours=30)))

    almost = FrozenClock(start + timedelta(hours=23, minutes=59))
    assert await retry(db, tenant.id, expiring, clock=almost) is not None

    # Past its 24 hours the key is free again, whatever the body.
    later = FrozenClock(start + timedelta(hours=24, seconds=1))
    async with db.unit_of_work(clock=later, tenant_id=tenant.id) as uow:
        assert (
            await idempotency.begin(uow, key=expiring, scope=SCOPE, request_hash="f" * 64) is None
        )
    [reclaimed] = await stored_keys(db, expiring)
    assert reclaimed.status_code is None and reclaimed.created_at == later.now()

    # Pruning at +49 h removes that claim (expired at +48 h) but keeps the younger key.
    assert await idempotency.prune_expired(db, clock=FrozenClock(start + timedelta(hours=49))) >= 1
    assert await stored_keys(db, expiring) == []
    assert len(await stored_keys(db, fresh)) == 1


async def test_keys_are_kept_at_least_a_day(db: Database, make_tenant: TenantFactory) -> None:
    tenant = await make_tenant()
    with pytest.raises(ValueError, match="24 hours"):
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
            await idempotency.begin(
                uow, key=new_key(), scope=SCOPE, request_hash="0" * 64, ttl=timedelta(hours=1)
            )


# --- concurrent duplicates -----------------------------------------------------------------


async def wait_until_blocked(backend: Backend, task: "asyncio.Task[Any]") -> None:
    """Until the duplicate is waiting on the first transaction's claim."""
    # Seen from the login role: the service's own role may not see others' wait events.
    observer = Database(backend.database_url) if backend.is_postgres else None
    try:
        for attempt in range(200):
            assert not task.done(), task.result()
            if observer is not None:
                async with observer.engine.connect() as conn:
                    waiting = await conn.scalar(
                        sa.text(
                            "SELECT count(*) FROM pg_stat_activity"
                            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                        )
                    )
                if waiting:
                    return
            elif attempt >= 5:  # SQLite: the duplicate waits for the write lock; let it try
                return
            await asyncio.sleep(0.02)
    finally:
        if observer is not None:
            await observer.dispose()
    raise AssertionError("the duplicate never waited for the first request")


async def claim_and_hold(
    db: Database,
    tenant_id: uuid.UUID,
    key: str,
    claimed: asyncio.Event,
    release: asyncio.Event,
    *,
    fail: bool = False,
) -> None:
    async with db.unit_of_work(clock=Clock(), tenant_id=tenant_id) as uow:
        stored = await idempotency.begin(
            uow, key=key, scope=SCOPE, request_hash=idempotency.request_hash(BODY)
        )
        assert stored is None
        claimed.set()
        await release.wait()
        if fail:
            raise RuntimeError("payment provider down")
        await idempotency.complete(uow, key=key, scope=SCOPE, status_code=201, body=ANSWER)


async def run_duplicate_against_held_claim(
    db: Database, backend: Backend, tenant_id: uuid.UUID, *, body: Any, fail_first: bool
) -> StoredResponse | None:
    key = new_key()
    claimed, release = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(
        claim_and_hold(db, tenant_id, key, claimed, release, fail=fail_first)
    )
    await asyncio.wait_for(claimed.wait(), 5)
    duplicate = asyncio.create_task(retry(db, tenant_id, key, body=body))
    try:
        await wait_until_blocked(backend, duplicate)
    finally:
        release.set()
        if fail_first:
            with pytest.raises(RuntimeError):
                await first
        else:
            await first
    return await asyncio.wait_for(duplicate, 10)


async def test_a_concurrent_duplicate_waits_and_replays(
    db: Database, backend: Backend, make_tenant: TenantFactory
) -> None:
    tenant = await make_tenant()
    replay = await run_duplicate_against_held_claim(
        db, backend, tenant.id, body=BODY, fail_first=False
    )
    assert replay is not None and replay.status_code == 201 and replay.json() == ANSWER


async def test_a_concurrent_duplicate_with_another_body_conflicts(
    db: Database, backend: Backend, make_tenant: TenantFactory
) -> None:
    tenant = await make_tenant()
    with pytest.raises(IdempotencyConflict):
        await run_duplicate_against_held_claim(
            db, backend, tenant.id, body={"other": True}, fail_first=False
        )


async def test_a_concurrent_duplicate_runs_when_the_first_rolls_back(
    db: Database, backend: Backend, make_tenant: TenantFactory
) -> None:
    tenant = await make_tenant()
    # The first request failed and left nothing: the duplicate claims the key and runs.
    assert (
        await run_duplicate_against_held_claim(db, backend, tenant.id, body=BODY, fail_first=True)
        is None
    )


# --- through HTTP --------------------------------------------------------------------------


class Echo(BaseModel):
    note: str


@pytest.fixture
async def echo_app(
    app: FastAPI, backend: Backend, tmp_path: Path
) -> AsyncIterator[tuple[FastAPI, list[str]]]:
    """A fresh app with one guarded write that counts how often it really runs."""
    application = create_app(make_settings(backend, tmp_path))
    runs: list[str] = []

    @application.post("/test/notes/{note_id}", status_code=201)
    async def write_note(
        note_id: str,
        body: Echo,
        request: Request,
        uow: WriteUoWDep,
        key: IdempotencyKeyHeader = None,
    ) -> Any:
        await uow.set_tenant(uuid.UUID(request.headers["x-test-tenant"]))

        async def run() -> Echo:
            runs.append(body.note)
            return Echo(note=f"{note_id}:{body.note}:{len(runs)}")

        return await idempotency.idempotent(
            uow, request, key=key, payload=body, status_code=201, run=run
        )

    async with application.router.lifespan_context(application):
        yield application, runs


async def test_router_helper_replays_over_http(
    echo_app: tuple[FastAPI, list[str]], make_tenant: TenantFactory
) -> None:
    application, runs = echo_app
    tenant = await make_tenant()
    headers = {"x-test-tenant": str(tenant.id), "Idempotency-Key": new_key()}
    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        first = await client.post("/test/notes/n1", json={"note": "hi"}, headers=headers)
        again = await client.post("/test/notes/n1", json={"note": "hi"}, headers=headers)
        other_route = await client.post("/test/notes/n2", json={"note": "hi"}, headers=headers)
        changed = await client.post("/test/notes/n1", json={"note": "bye"}, headers=headers)
        no_key = await client.post(
            "/test/notes/n1", json={"note": "hi"}, headers={"x-test-tenant": str(tenant.id)}
        )

    assert first.status_code == 201 and first.json() == {"note": "n1:hi:1"}
    assert "idempotent-replayed" not in first.headers
    assert (again.status_code, again.content) == (201, first.content)
    assert again.headers["idempotent-replayed"] == "true"
    # n2 shares the route (the scope) but is another request: the key can't be reused.
    assert_problem(other_route, 422, "idempotency_conflict")
    assert_problem(changed, 422, "idempotency_conflict")
    assert no_key.status_code == 201 and no_key.json() == {"note": "n1:hi:2"}
    assert runs == ["hi", "hi"]
