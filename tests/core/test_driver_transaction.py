"""The driver transaction of PostgreSQL's hottest writes: scoped to one tenant under
row-level security, committed or rolled back as a whole, and never handing a broken
connection back to the pool."""

import uuid
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa

from olympus.core.db import Database
from olympus.core.tenancy import TENANT_SETTING
from tests.fixtures.accounts import TenantFactory, TenantInfo
from tests.fixtures.apps import Backend

pytestmark = pytest.mark.usefixtures("postgres_only")


@pytest.fixture
def postgres_only(is_postgres: bool) -> None:
    if not is_postgres:
        pytest.skip("driver transactions are the PostgreSQL path; SQLite uses the unit of work")


@pytest.fixture
async def own_db(backend: Backend) -> AsyncIterator[Database]:
    """A database handle of its own, so its pool can be inspected and broken freely."""
    db = Database(backend.database_url, app_role="olympus_app")
    yield db
    await db.dispose()


async def _location_names(db: Database, tenant_id: uuid.UUID) -> list[str]:
    async with db.driver_transaction(tenant_id) as conn:
        rows = await conn.fetchrow(
            "SELECT array_agg(name ORDER BY name) AS names FROM locations WHERE tenant_id = $1",
            tenant_id,
        )
    return list(rows["names"] or [])


_ADD_LOCATION = """
INSERT INTO locations
    (tenant_id, id, code, name, kind, address, timezone, currency, status, created_at, updated_at)
VALUES ($1, $2, $3, $4, 'store', '{}', 'UTC', 'EUR', 'active', now(), now())
"""


async def test_it_scopes_the_transaction_to_the_tenant(
    own_db: Database, tenant: TenantInfo
) -> None:
    async with own_db.driver_transaction(tenant.id) as conn:
        assert await conn.fetchval(f"SELECT current_setting('{TENANT_SETTING}')") == str(tenant.id)
        assert await conn.fetchval("SELECT current_user") == "olympus_app"
    # The setting was local to the transaction: the pooled connection carries nothing over.
    async with own_db.engine.connect() as plain:
        leftover = await plain.scalar(sa.text(f"SELECT current_setting('{TENANT_SETTING}', true)"))
    assert leftover in (None, "")


async def test_row_level_security_hides_other_tenants(
    own_db: Database, make_tenant: TenantFactory
) -> None:
    a, b = await make_tenant(), await make_tenant()
    async with own_db.driver_transaction(a.id) as conn:
        await conn.execute(_ADD_LOCATION, a.id, uuid.uuid4(), "A1", "Shop of A")
        # A statement that forgets its tenant still sees only the one in scope...
        assert await conn.fetchval("SELECT count(*) FROM locations WHERE code = 'A1'") == 1
    async with own_db.driver_transaction(b.id) as conn:
        assert await conn.fetchval("SELECT count(*) FROM locations WHERE code = 'A1'") == 0
        # ...and can't write into another tenant either.
        with pytest.raises(Exception, match="row-level security"):
            await conn.execute(_ADD_LOCATION, a.id, uuid.uuid4(), "A2", "Forged")


async def test_it_commits_on_success_and_rolls_back_on_error(
    own_db: Database, tenant: TenantInfo
) -> None:
    async with own_db.driver_transaction(tenant.id) as conn:
        await conn.execute(_ADD_LOCATION, tenant.id, uuid.uuid4(), "KEEP", "Kept")
    with pytest.raises(RuntimeError, match="changed my mind"):
        async with own_db.driver_transaction(tenant.id) as conn:
            await conn.execute(_ADD_LOCATION, tenant.id, uuid.uuid4(), "GONE", "Dropped")
            raise RuntimeError("changed my mind")
    assert await _location_names(own_db, tenant.id) == ["Kept"]
    pool = own_db.engine.pool
    assert pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_a_failed_statement_rolls_back_and_the_connection_is_reused(
    own_db: Database, tenant: TenantInfo
) -> None:
    with pytest.raises(Exception, match="division by zero"):
        async with own_db.driver_transaction(tenant.id) as conn:
            await conn.execute(_ADD_LOCATION, tenant.id, uuid.uuid4(), "GONE", "Dropped")
            await conn.fetchval("SELECT 1 / 0")
    assert await _location_names(own_db, tenant.id) == []
    assert own_db.engine.pool.checkedin() == 1  # type: ignore[attr-defined]


async def test_a_lost_connection_is_dropped_from_the_pool(
    own_db: Database, tenant: TenantInfo, backend: Backend
) -> None:
    async with own_db.driver_transaction(tenant.id) as conn:
        doomed = await conn.fetchval("SELECT pg_backend_pid()")
    admin = Database(backend.database_url)
    try:
        async with admin.engine.connect() as plain:
            await plain.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": doomed})
    finally:
        await admin.dispose()
    with pytest.raises(Exception):  # noqa: B017 - whichever error the driver raises
        async with own_db.driver_transaction(tenant.id) as conn:
            await conn.fetchval("SELECT 1")
    # The next transaction gets a fresh connection and works.
    async with own_db.driver_transaction(tenant.id) as conn:
        assert await conn.fetchval("SELECT pg_backend_pid()") != doomed


async def test_a_read_transaction_is_scoped_read_only_and_opened_in_one_round_trip(
    own_db: Database, tenant: TenantInfo
) -> None:
    settings = (("plan_cache_mode", "force_custom_plan"),)
    async with own_db.driver_read_transaction(tenant.id, settings=settings) as conn:
        assert await conn.fetchval(f"SELECT current_setting('{TENANT_SETTING}')") == str(tenant.id)
        assert await conn.fetchval("SELECT current_user") == "olympus_app"
        assert await conn.fetchval("SHOW transaction_read_only") == "on"
        assert await conn.fetchval("SHOW plan_cache_mode") == "force_custom_plan"
        with pytest.raises(Exception, match="read-only transaction"):
            await conn.execute(_ADD_LOCATION, tenant.id, uuid.uuid4(), "NO", "Refused")
    # Everything was local to the transaction, which ended; the connection went back.
    async with own_db.engine.connect() as plain:
        leftover = await plain.scalar(sa.text(f"SELECT current_setting('{TENANT_SETTING}', true)"))
        plans = await plain.scalar(sa.text("SHOW plan_cache_mode"))
    assert leftover in (None, "") and plans == "auto"
    assert own_db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    assert await _location_names(own_db, tenant.id) == []


async def test_a_read_transaction_sees_only_its_tenant(
    own_db: Database, make_tenant: TenantFactory
) -> None:
    a, b = await make_tenant(), await make_tenant()
    async with own_db.driver_transaction(a.id) as conn:
        await conn.execute(_ADD_LOCATION, a.id, uuid.uuid4(), "A1", "Shop of A")
    async with own_db.driver_read_transaction(a.id) as conn:
        assert await conn.fetchval("SELECT count(*) FROM locations WHERE code = 'A1'") == 1
    async with own_db.driver_read_transaction(b.id) as conn:
        assert await conn.fetchval("SELECT count(*) FROM locations WHERE code = 'A1'") == 0


@pytest.mark.parametrize(
    "setting", [("plan_cache_mode; DROP TABLE x", "on"), ("work_mem", "'1GB'"), ("", "on")]
)
async def test_a_setting_that_is_not_plain_words_is_refused(
    own_db: Database, tenant: TenantInfo, setting: tuple[str, str]
) -> None:
    with pytest.raises(ValueError, match="invalid setting"):
        async with own_db.driver_read_transaction(tenant.id, settings=(setting,)):
            pass
    assert own_db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_a_failed_read_rolls_back_and_the_connection_is_reused(
    own_db: Database, tenant: TenantInfo
) -> None:
    with pytest.raises(Exception, match="division by zero"):
        async with own_db.driver_read_transaction(tenant.id) as conn:
            await conn.fetchval("SELECT 1 / 0")
    assert own_db.engine.pool.checkedin() == 1  # type: ignore[attr-defined]
    async with own_db.driver_read_transaction(tenant.id) as conn:
        assert await conn.fetchval("SELECT 1") == 1
