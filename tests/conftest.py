"""Fixtures of the whole suite. Every test that takes `app` (or what builds on it) runs twice:
on the embedded default (SQLite, in-process cache and bus) and on PostgreSQL + Redis. Without
a reachable PostgreSQL or Redis the second run is skipped with the reason; with CI=true it
fails instead.

Each test builds its own tenants with unique slugs, so tests never see each other's rows and
need no clean-up; each run of the suite gets its own PostgreSQL database and Redis key prefix.
"""

import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from olympus.app import create_app
from olympus.auth.email import DevMailbox
from olympus.auth.service import Authenticator
from olympus.config import Settings
from olympus.core.cache import RedisCache
from olympus.core.clock import Clock
from olympus.core.db import Database
from olympus.core.events import OutboxRelay
from olympus.core.migrations import upgrade_async
from olympus.platform.tenants import service as tenants

POSTGRES_ADMIN_URL = os.environ.get(
    "OLYMPUS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("OLYMPUS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PASSWORD = "Quiet-Harbour-Lamp-93"
TEST_SECRET = "test-secret-" + "x" * 40


class MovableClock(Clock):
    """Real time plus an offset that tests can push forward (lockouts, expiries)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


@dataclass
class Backend:
    name: str
    database_url: str
    redis_url: str

    @property
    def is_postgres(self) -> bool:
        return self.name == "postgres"


def _unreachable(what: str, exc: BaseException) -> None:
    message = f"{what} unreachable ({type(exc).__name__}: {exc})"
    if IN_CI:
        pytest.fail(f"{message}; CI=true requires it", pytrace=False)
    pytest.skip(f"{message}; set OLYMPUS_TEST_POSTGRES_URL / OLYMPUS_TEST_REDIS_URL to run")


async def _create_postgres_database() -> str:
    name = f"olympus_test_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    url = make_url(POSTGRES_ADMIN_URL).set(drivername="postgresql+asyncpg", database=name)
    return url.render_as_string(hide_password=False)


async def _drop_postgres_database(url: str) -> None:
    name = make_url(url).database
    conn = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
async def backend(request: pytest.FixtureRequest, tmp_path_factory: Any) -> AsyncIterator[Backend]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "olympus.db"
        yield Backend("sqlite", f"sqlite+aiosqlite:///{path}", "")
        return
    try:
        database_url = await _create_postgres_database()
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        _unreachable("PostgreSQL", exc)
    try:
        redis = Redis.from_url(REDIS_URL, socket_connect_timeout=3)
        await redis.ping()
        await redis.aclose()
    except Exception as exc:
        await _drop_postgres_database(database_url)
        _unreachable("Redis", exc)
    await upgrade_async(database_url)
    try:
        yield Backend("postgres", database_url, REDIS_URL)
    finally:
        await _drop_postgres_database(database_url)


@pytest.fixture(scope="session")
def clock() -> MovableClock:
    return MovableClock()


def make_settings(backend: Backend, data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": backend.database_url,
        "redis_url": backend.redis_url,
        "jwt_secret": TEST_SECRET,
        "data_dir": data_dir,
        "log_level": "WARNING",
        # Cheap Argon2 keeps the suite fast; the benchmarks use the real parameters.
        "argon2_memory_kib": 1024,
        "argon2_time_cost": 1,
        "login_ip_max_failures": 10_000,
        "outbox_poll_seconds": 0.05,
        "auto_migrate": True,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def running_app(
    settings: Settings, clock: Clock, *, redis_prefix: str | None = None
) -> AsyncIterator[FastAPI]:
    """An app started as the server starts it. On Redis its keys get a prefix of their own
    unless one is given (two apps with one prefix are two replicas of one service)."""
    application = create_app(settings, clock=clock)
    cache = application.state.cache
    if isinstance(cache, RedisCache):
        cache._prefix = redis_prefix or f"olympus-test-{uuid.uuid4().hex[:8]}:"
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(scope="session")
async def app(
    backend: Backend, clock: MovableClock, tmp_path_factory: Any
) -> AsyncIterator[FastAPI]:
    settings = make_settings(backend, tmp_path_factory.mktemp(f"data-{backend.name}"))
    async with running_app(settings, clock) as application:
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.10", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def client_from(app: FastAPI) -> Callable[[str], httpx.AsyncClient]:
    """A client whose requests come from the given IP address."""

    def make(ip: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(ip, 40000))
        return httpx.AsyncClient(transport=transport, base_url="http://testserver")

    return make


@pytest.fixture
def db(app: FastAPI) -> Database:
    database: Database = app.state.db
    return database


@pytest.fixture
def auth(app: FastAPI) -> Authenticator:
    authenticator: Authenticator = app.state.auth
    return authenticator


@pytest.fixture
def is_postgres(backend: Backend) -> bool:
    return backend.is_postgres


@dataclass
class TenantInfo:
    id: uuid.UUID
    slug: str
    owner_id: uuid.UUID
    owner_email: str
    owner_password: str


TenantFactory = Callable[..., Awaitable[TenantInfo]]


@pytest.fixture
def make_tenant(app: FastAPI, clock: MovableClock) -> TenantFactory:
    async def make(slug: str | None = None, name: str = "Test Shop") -> TenantInfo:
        slug = slug or f"t-{uuid.uuid4().hex[:10]}"
        email = f"owner@{slug}.example.com"
        async with app.state.db.unit_of_work(clock=clock) as uow:
            tenant, owner = await tenants.create_tenant_with_owner(
                uow,
                auth=app.state.auth,
                slug=slug,
                name=name,
                owner_email=email,
                owner_password=PASSWORD,
            )
        return TenantInfo(tenant.id, tenant.slug, owner.id, email, PASSWORD)

    return make


@pytest.fixture
async def tenant(make_tenant: TenantFactory) -> TenantInfo:
    return await make_tenant()


@dataclass
class Account:
    tenant: TenantInfo
    email: str
    password: str
    user_id: str
    access_token: str
    refresh_token: str
    session_id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


AccountFactory = Callable[..., Awaitable[Account]]


@pytest.fixture
def make_account(client: httpx.AsyncClient) -> AccountFactory:
    """Register a user through the API and sign them in."""

    async def make(
        tenant_info: TenantInfo, email: str | None = None, password: str = PASSWORD
    ) -> Account:
        email = email or f"user-{uuid.uuid4().hex[:8]}@example.com"
        r = await client.post(
            "/api/v1/auth/register",
            json={"tenant": tenant_info.slug, "email": email, "password": password},
        )
        assert r.status_code == 201, r.text
        r = await client.post(
            "/api/v1/auth/login",
            json={"tenant": tenant_info.slug, "email": email, "password": password},
        )
        assert r.status_code == 200, r.text
        body = r.json()
        import jwt

        claims = jwt.decode(body["access_token"], options={"verify_signature": False})
        return Account(
            tenant=tenant_info,
            email=email,
            password=password,
            user_id=body["user"]["id"],
            access_token=body["access_token"],
            refresh_token=body["refresh_token"],
            session_id=claims["sid"],
        )

    return make


@pytest.fixture
async def account(make_account: AccountFactory, tenant: TenantInfo) -> Account:
    return await make_account(tenant)


class EventLog:
    """Collects the events the relay publishes in process."""

    def __init__(self, relay: OutboxRelay) -> None:
        self.relay = relay
        self.events: list[dict[str, Any]] = []

    async def handler(self, envelope: dict[str, Any]) -> None:
        self.events.append(envelope)

    async def of_type(self, event_type: str) -> list[dict[str, Any]]:
        await self.relay.drain()
        return [e for e in self.events if e["type"] == event_type]


@pytest.fixture
def events(app: FastAPI) -> Any:
    log = EventLog(app.state.relay)
    unsubscribe = app.state.bus.subscribe("*", log.handler)
    yield log
    unsubscribe()


class Mailbox:
    def __init__(self, auth: Authenticator) -> None:
        self.auth = auth

    async def messages(self, to: str) -> list[dict[str, str]]:
        await self.auth.drain()
        mailer = self.auth.mailer
        assert isinstance(mailer, DevMailbox)
        return [m for m in mailer.messages() if m["to"].lower() == to.lower()]

    async def last_token(self, to: str) -> str:
        """The token in the newest message to `to`."""
        messages = await self.messages(to)
        assert messages, f"no email to {to}"
        for line in messages[-1]["body"].splitlines():
            line = line.strip()
            if "." in line and " " not in line and len(line) > 60:
                return line
        raise AssertionError("no token in the email")


@pytest.fixture
def mailbox(auth: Authenticator) -> Mailbox:
    return Mailbox(auth)


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The response is a problem+json document with this status and code."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    assert body["status"] == status
    assert {"type", "title", "detail"} <= body.keys()
    return body
