"""The open doors that cost a password hash or send mail are limited: registration per client
address and per tenant, verification emails per account and per address. Past a limit: 429
with `Retry-After`, nothing created, nothing sent; the limits are shared by every replica
through Redis."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from olympus.accounts import service as accounts
from olympus.core.clock import Clock
from tests.fixtures.accounts import PASSWORD, login
from tests.fixtures.apps import Backend, MovableClock, make_settings, running_app
from tests.fixtures.problems import assert_problem

REGISTER = "/api/v1/auth/register"
RESEND = "/api/v1/auth/verify-email/resend"
LIMITS = {
    "registrations_per_address_per_hour": 5,
    "registrations_per_tenant_per_hour": 8,
    "verification_emails_per_account_per_hour": 3,
    "verification_emails_per_address_per_hour": 4,
}


@asynccontextmanager
async def limited(
    backend: Backend, tmp_path: Path, clock: Clock, prefix: str | None = None
) -> AsyncIterator[FastAPI]:
    async with running_app(
        make_settings(backend, tmp_path, **LIMITS), clock, redis_prefix=prefix
    ) as app:
        yield app


def client_of(app: FastAPI, ip: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(ip, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def _tenant(app: FastAPI) -> str:
    slug = f"t-{uuid.uuid4().hex[:10]}"
    async with app.state.db.unit_of_work(clock=Clock()) as uow:
        await accounts.create_tenant_with_owner(
            uow, auth=app.state.auth, slug=slug, name="Shop",
            owner_email=f"owner@{slug}.example.com", owner_password=PASSWORD,
        )  # fmt: skip
    return slug


def _ip() -> str:
    return f"198.51.100.{uuid.uuid4().int % 250 + 1}"


async def _register(client: httpx.AsyncClient, slug: str) -> httpx.Response:
    email = f"u-{uuid.uuid4().hex[:8]}@example.com"
    return await client.post(REGISTER, json={"tenant": slug, "email": email, "password": PASSWORD})


async def test_registrations_from_one_address_are_limited(
    backend: Backend, tmp_path: Path, clock: MovableClock
) -> None:
    async with limited(backend, tmp_path, clock) as app:
        slug, ip = await _tenant(app), _ip()
        async with client_of(app, ip) as client, client_of(app, _ip()) as other:
            for _ in range(5):
                assert (await _register(client, slug)).status_code == 201
            r = await _register(client, slug)
            assert_problem(r, 429, "too_many_requests")
            assert 1 <= int(r.headers["retry-after"]) <= 3600
            assert (await _register(other, slug)).status_code == 201  # another address
            clock.advance(hours=1)
            assert (await _register(client, slug)).status_code == 201  # a new window


async def test_registrations_into_one_tenant_are_limited(
    backend: Backend, tmp_path: Path, clock: MovableClock
) -> None:
    async with limited(backend, tmp_path, clock) as app:
        slug = await _tenant(app)
        statuses = []
        for _ in range(9):
            async with client_of(app, _ip()) as client:
                statuses.append((await _register(client, slug)).status_code)
        assert statuses == [201] * 8 + [429]


async def test_verification_emails_are_limited_per_account_and_per_address(
    backend: Backend, tmp_path: Path, clock: MovableClock
) -> None:
    async with limited(backend, tmp_path, clock) as app:
        slug, ip = await _tenant(app), _ip()
        async with client_of(app, ip) as client:
            emails = [f"v-{uuid.uuid4().hex[:8]}@example.com" for _ in range(2)]
            for email in emails:
                r = await client.post(
                    REGISTER, json={"tenant": slug, "email": email, "password": PASSWORD}
                )
                assert r.status_code == 201
            first, second = [await login(client, slug, e, PASSWORD) for e in emails]
            assert [(await client.post(RESEND, headers=first.headers)).status_code
                    for _ in range(4)] == [202, 202, 202, 429]  # fmt: skip
            # The address has sent three; its fourth (another account's) is its last.
            assert (await client.post(RESEND, headers=second.headers)).status_code == 202
            r = await client.post(RESEND, headers=second.headers)
            assert_problem(r, 429, "too_many_requests")
            await app.state.auth.drain()
            sent = [m for m in app.state.auth.mailer.messages() if m["to"] == emails[0]]
            assert len(sent) == 1 + 3  # the registration's, then three resends


async def test_the_limits_hold_across_replicas(
    backend: Backend, tmp_path: Path, clock: MovableClock
) -> None:
    if not backend.is_postgres:
        pytest.skip("replicas share limits through Redis; the embedded default is one process")
    prefix = f"olympus-test-{uuid.uuid4().hex[:8]}:"
    async with (
        limited(backend, tmp_path / "a", clock, prefix) as one,
        limited(backend, tmp_path / "b", clock, prefix) as two,
    ):
        slug, ip = await _tenant(one), _ip()
        async with client_of(one, ip) as a, client_of(two, ip) as b:
            statuses = [(await _register(c, slug)).status_code for c in (a, b, a, b, a, b)]
    assert statuses == [201] * 5 + [429]
