"""Brute-force protection of sign-in: failures counted per (tenant, email) and per client
address, a lockout answered with 429 and `Retry-After`, expiry read from the clock, and
counters shared by every replica when Redis is configured."""

import uuid
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from tests.fixtures.accounts import PASSWORD, Account, AccountFactory, TenantInfo
from tests.fixtures.apps import Backend, MovableClock, make_settings, running_app
from tests.fixtures.problems import assert_problem

LOGIN = "/api/v1/auth/login"
WRONG = "Not-The-Password-42"
LOCKOUT_SECONDS = 900  # the default login_lockout_seconds


def client_of(application: FastAPI, ip: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=application, client=(ip, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def _login(
    client: httpx.AsyncClient, tenant_slug: str, email: str, password: str
) -> httpx.Response:
    return await client.post(
        LOGIN, json={"tenant": tenant_slug, "email": email, "password": password}
    )


async def _fail(client: httpx.AsyncClient, tenant_slug: str, email: str, times: int) -> None:
    for _ in range(times):
        assert_problem(await _login(client, tenant_slug, email, WRONG), 401, "invalid_credentials")


def _retry_after(response: httpx.Response) -> int:
    value = response.headers["retry-after"]
    assert value.isdigit(), value
    return int(value)


async def test_lockout_after_max_failures_even_with_the_right_password(
    client: httpx.AsyncClient, account: Account
) -> None:
    await _fail(client, account.tenant_slug, account.email, 5)

    r = await _login(client, account.tenant_slug, account.email, account.password)

    body = assert_problem(r, 429, "too_many_attempts")
    assert 0 < _retry_after(r) <= LOCKOUT_SECONDS
    assert str(_retry_after(r)) in body["detail"]
    # A wrong password while locked is answered the same way.
    assert_problem(
        await _login(client, account.tenant_slug, account.email, WRONG), 429, "too_many_attempts"
    )


async def test_four_failures_do_not_lock(client: httpx.AsyncClient, account: Account) -> None:
    await _fail(client, account.tenant_slug, account.email, 4)

    r = await _login(client, account.tenant_slug, account.email, account.password)

    assert r.status_code == 200, r.text


async def test_unknown_emails_are_limited_too(
    client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    email = f"nobody-{uuid.uuid4().hex[:8]}@example.com"
    await _fail(client, tenant.slug, email, 5)

    r = await _login(client, tenant.slug, email, WRONG)

    assert_problem(r, 429, "too_many_attempts")


async def test_case_variants_of_the_email_share_one_counter(
    client: httpx.AsyncClient, make_account: AccountFactory, tenant: TenantInfo
) -> None:
    account = await make_account(tenant, email=f"Case-{uuid.uuid4().hex[:8]}@Example.com")
    variants = [account.email, account.email.lower(), account.email.upper()]
    for email in [*variants, account.email.swapcase(), account.email.title()]:
        r = await _login(client, tenant.slug, email, WRONG)
        assert_problem(r, 401, "invalid_credentials")

    for email in variants:
        r = await _login(client, tenant.slug, email, account.password)
        assert_problem(r, 429, "too_many_attempts")


async def test_a_success_resets_the_counter(client: httpx.AsyncClient, account: Account) -> None:
    await _fail(client, account.tenant_slug, account.email, 4)
    assert (
        await _login(client, account.tenant_slug, account.email, account.password)
    ).status_code == 200

    await _fail(client, account.tenant_slug, account.email, 4)
    r = await _login(client, account.tenant_slug, account.email, account.password)

    assert r.status_code == 200, r.text


async def test_the_lock_is_per_account(
    client: httpx.AsyncClient, make_account: AccountFactory, tenant: TenantInfo
) -> None:
    locked = await make_account(tenant)
    neighbour = await make_account(tenant)
    await _fail(client, tenant.slug, locked.email, 5)

    r = await _login(client, tenant.slug, neighbour.email, neighbour.password)

    assert r.status_code == 200, r.text
    assert_problem(
        await _login(client, tenant.slug, locked.email, PASSWORD), 429, "too_many_attempts"
    )


async def test_the_lockout_expires_with_the_clock(
    client: httpx.AsyncClient, account: Account, clock: MovableClock
) -> None:
    await _fail(client, account.tenant_slug, account.email, 5)
    r = await _login(client, account.tenant_slug, account.email, account.password)
    assert_problem(r, 429, "too_many_attempts")
    retry_after = _retry_after(r)

    clock.advance(seconds=retry_after - 30)
    r = await _login(client, account.tenant_slug, account.email, account.password)
    assert_problem(r, 429, "too_many_attempts")
    assert _retry_after(r) <= 31

    clock.advance(seconds=31)
    r = await _login(client, account.tenant_slug, account.email, account.password)
    assert r.status_code == 200, r.text


async def test_per_ip_limit_locks_that_address_only(
    backend: Backend,
    clock: MovableClock,
    tmp_path: Path,
    make_account: AccountFactory,
    tenant: TenantInfo,
) -> None:
    account = await make_account(tenant)
    settings = make_settings(backend, tmp_path, login_ip_max_failures=3)
    async with running_app(settings, clock) as application:
        attacker = client_of(application, "198.51.100.7")
        bystander = client_of(application, "198.51.100.8")
        async with attacker, bystander:
            # Three failures on three different emails: no account reaches its own limit.
            for _ in range(3):
                email = f"guess-{uuid.uuid4().hex[:8]}@example.com"
                await _fail(attacker, tenant.slug, email, 1)

            r = await _login(attacker, tenant.slug, account.email, account.password)
            assert_problem(r, 429, "too_many_attempts")
            assert 0 < _retry_after(r) <= LOCKOUT_SECONDS

            r = await _login(bystander, tenant.slug, account.email, account.password)
            assert r.status_code == 200, r.text


async def test_redis_counters_are_shared_by_replicas(
    backend: Backend,
    clock: MovableClock,
    tmp_path: Path,
    make_account: AccountFactory,
    tenant: TenantInfo,
) -> None:
    if not backend.is_postgres:
        pytest.skip("the in-process cache belongs to one process; replicas need Redis")
    account = await make_account(tenant)
    prefix = f"olympus-test-{uuid.uuid4().hex[:8]}:"
    settings = make_settings(backend, tmp_path)
    async with (
        running_app(settings, clock, redis_prefix=prefix) as first,
        running_app(settings, clock, redis_prefix=prefix) as second,
        client_of(first, "198.51.100.20") as one,
        client_of(second, "198.51.100.21") as two,
    ):
        await _fail(one, tenant.slug, account.email, 3)
        await _fail(two, tenant.slug, account.email, 2)

        for replica in (one, two):
            r = await _login(replica, tenant.slug, account.email, account.password)
            assert_problem(r, 429, "too_many_attempts")
