"""Passwords: the policy (NIST SP 800-63B), Argon2id hashing off the event loop, and the
rehash on sign-in when the hashing parameters change."""

import asyncio
import threading
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from olympus.auth.errors import WeakPassword
from olympus.auth.passwords import MAX_LENGTH, MIN_LENGTH, PasswordHashing, check_password_policy
from olympus.platform.users import service as users
from tests.fixtures.accounts import PASSWORD, Account
from tests.fixtures.apps import Backend, MovableClock, make_settings, running_app
from tests.fixtures.problems import assert_problem

GOOD = [
    PASSWORD,
    "velvet orchard kite under rain",
    "Tr0ub4dor&3-on-a-Tuesday",
    "ünïcödé-pässwörd-grüße",
    "x" * 3 + "Quiet-Harbour-Lamp-93",
]


# --- policy ------------------------------------------------------------------------------------


@pytest.mark.parametrize("password", GOOD)
def test_good_passwords_pass(password: str) -> None:
    check_password_policy(password, email="ada@example.com", context=("acme-shop", "olympus"))


def test_length_bounds() -> None:
    assert MIN_LENGTH == 12
    assert MAX_LENGTH == 128
    check_password_policy("Lamp-Quiet-9")  # 12 characters
    with pytest.raises(WeakPassword, match="at least 12"):
        check_password_policy("Lamp-Quiet9")  # 11 characters
    long_ok = ("Velvet-Orchard-Kite-58-" * 6)[:128]
    check_password_policy(long_ok)
    with pytest.raises(WeakPassword, match="at most 128"):
        check_password_policy(long_ok + "x")


@pytest.mark.parametrize(
    "password",
    [
        "password123456",  # on the list as it is
        "PASSWORD123456",  # case does not help
        "sunshine123456",  # a common word followed by digits
        "Football!!2024",  # ... or by symbols and digits
        "qwertyuiop1234",
        "lovelovelove",
        "michaeljackson",
    ],
)
def test_common_passwords_are_refused(password: str) -> None:
    with pytest.raises(WeakPassword, match="too common"):
        check_password_policy(password)


@pytest.mark.parametrize(
    "password",
    [
        "ada.lovelace@example.com",  # the address itself
        "ADA.LOVELACE@EXAMPLE.COM",
        "my-name-is-ada.lovelace!",  # the local part inside
        "Ada.Lovelace-2024-rocks",
    ],
)
def test_the_email_address_is_refused(password: str) -> None:
    with pytest.raises(WeakPassword, match="email"):
        check_password_policy(password, email="Ada.Lovelace@example.com")


def test_a_short_local_part_is_not_a_reason_to_refuse() -> None:
    check_password_policy("Quiet-Harbour-Bob-93", email="bob@example.com")


def test_the_tenant_and_service_names_are_refused() -> None:
    with pytest.raises(WeakPassword, match="service or tenant"):
        check_password_policy("my-Acme-Bakery-pass", context=("acme-bakery",))
    with pytest.raises(WeakPassword, match="service or tenant"):
        check_password_policy("OlympusForever-77", context=("olympus",))


@pytest.mark.parametrize(
    "password",
    [
        "zzzzzzzzzzzzzzzz",  # one character repeated
        "abababababababab",  # two characters alternating
        "abcdefghijklmnop",  # an ascending run
        "zyxwvutsrqponmlk",  # a descending run
        "9876543210/.-,+*",  # a descending run across digits and symbols
    ],
)
def test_repetitions_and_sequences_are_refused(password: str) -> None:
    with pytest.raises(WeakPassword):
        check_password_policy(password)


async def test_registration_applies_the_policy(client: httpx.AsyncClient, account: Account) -> None:
    cases = {
        "short": "at least 12",
        "sunshine123456": "too common",
        f"{account.tenant_slug}-secret-99": "service or tenant",
        "abcdefghijklmnop": "repetition or a sequence",
    }
    for password, reason in cases.items():
        r = await client.post(
            "/api/v1/auth/register",
            json={
                "tenant": account.tenant_slug,
                "email": f"new-{uuid.uuid4().hex[:8]}@example.com",
                "password": password,
            },
        )
        body = assert_problem(r, 422, "weak_password")
        assert reason in body["detail"], body


# --- hashing -----------------------------------------------------------------------------------


async def test_hash_and_verify() -> None:
    hashing = PasswordHashing(memory_kib=1024, time_cost=1, parallelism=1, workers=1)
    try:
        stored = await hashing.hash(PASSWORD)
        assert stored.startswith("$argon2id$v=19$m=1024,t=1,p=1$")
        assert stored != await hashing.hash(PASSWORD)  # salted
        assert await hashing.verify(stored, PASSWORD)
        assert not await hashing.verify(stored, PASSWORD + "x")
        assert not await hashing.verify("not-a-hash", PASSWORD)
        assert not hashing.needs_rehash(stored)
        assert hashing.needs_rehash("not-a-hash")
        await hashing.verify_dummy(PASSWORD)  # spends the time, answers nothing
    finally:
        hashing.close()


def test_needs_rehash_when_parameters_change() -> None:
    old = PasswordHashing(memory_kib=1024, time_cost=1, parallelism=1, workers=1)
    new = PasswordHashing(memory_kib=2048, time_cost=2, parallelism=1, workers=1)
    try:
        stored = old.hasher.hash(PASSWORD)
        assert not old.needs_rehash(stored)
        assert new.needs_rehash(stored)
    finally:
        old.close()
        new.close()


async def _stored_hash(application: FastAPI, account: Account, clock: MovableClock) -> str:
    async with application.state.db.unit_of_work(
        clock=clock, tenant_id=account.tenant_id, write=False
    ) as uow:
        user = await users.get(uow, uuid.UUID(account.user_id))
        return user.password_hash


async def test_login_rehashes_when_parameters_change(
    backend: Backend, clock: MovableClock, tmp_path: Path, app: FastAPI, account: Account
) -> None:
    before = await _stored_hash(app, account, clock)
    assert before.startswith("$argon2id$v=19$m=1024,t=1,p=1$")
    settings = make_settings(backend, tmp_path, argon2_memory_kib=2048, argon2_time_cost=2)
    credentials = {
        "tenant": account.tenant_slug,
        "email": account.email,
        "password": account.password,
    }
    async with running_app(settings, clock) as stronger:
        transport = httpx.ASGITransport(app=stronger, client=("203.0.113.40", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            wrong = await client.post(
                "/api/v1/auth/login", json={**credentials, "password": "Not-The-Password-42"}
            )
            assert_problem(wrong, 401, "invalid_credentials")
            assert await _stored_hash(app, account, clock) == before  # no rehash on a failure

            r = await client.post("/api/v1/auth/login", json=credentials)
            assert r.status_code == 200, r.text
            after = await _stored_hash(app, account, clock)
            assert after.startswith("$argon2id$v=19$m=2048,t=2,p=1$")

            # The new hash verifies the same password, and is not rewritten again.
            r = await client.post("/api/v1/auth/login", json=credentials)
            assert r.status_code == 200, r.text
            assert await _stored_hash(app, account, clock) == after


class _HeldHasher:
    """Wraps the app's hasher: `hash` waits until the test lets it go, and records the thread
    it ran on."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.entered = threading.Event()
        self.release = threading.Event()
        self.thread_id: int | None = None

    def hash(self, password: str) -> str:
        self.thread_id = threading.get_ident()
        self.entered.set()
        # Bounded, so a hash run on the event loop fails the test instead of hanging it.
        self.release.wait(timeout=5)
        result: str = self.inner.hash(password)
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


async def test_hashing_runs_off_the_event_loop(
    client: httpx.AsyncClient, app: FastAPI, account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashing: PasswordHashing = app.state.auth.hashing
    held = _HeldHasher(hashing.hasher)
    monkeypatch.setattr(hashing, "hasher", held)
    register = asyncio.create_task(
        client.post(
            "/api/v1/auth/register",
            json={
                "tenant": account.tenant_slug,
                "email": f"held-{uuid.uuid4().hex[:8]}@example.com",
                "password": PASSWORD,
            },
        )
    )
    try:
        assert await asyncio.to_thread(held.entered.wait, 5), "the registration never hashed"

        # While the hash is held, the loop still serves other requests.
        health = await client.get("/health")
        assert health.status_code == 200
        assert not register.done(), "the hash blocked the event loop"
        assert held.thread_id != threading.get_ident()
    finally:
        held.release.set()
    r = await register
    assert r.status_code == 201, r.text
