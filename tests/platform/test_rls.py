"""The second isolation layer: PostgreSQL row-level security, proved with raw SQL that no ORM
filter helps. The service's connections run as the application role, which owns nothing."""

import asyncio
import uuid

import asyncpg
import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

import olympus.models
from olympus.commerce.discounts import service as discounts
from olympus.core.db import Database
from tests.fixtures.accounts import AccountFactory, TenantFactory, login_owner
from tests.fixtures.apps import WITH_PGBOUNCER, Backend, MovableClock
from tests.fixtures.inventory import Inventory

# Once more through PgBouncer in transaction mode: the role and the tenant hold per
# transaction there too.
pytestmark = pytest.mark.parametrize("backend", WITH_PGBOUNCER, indirect=True)


def tenant_tables() -> list[str]:
    return sorted(t.name for t in olympus.models.metadata.sorted_tables if "tenant_id" in t.columns)


@pytest.fixture
def postgres_only(is_postgres: bool) -> None:
    if not is_postgres:
        pytest.skip("row-level security is a PostgreSQL layer; SQLite has the ORM scoping only")


async def _two_tenants_with_data(
    client: httpx.AsyncClient, make_tenant: TenantFactory, make_account: AccountFactory
) -> tuple[uuid.UUID, uuid.UUID]:
    a, b = await make_tenant(), await make_tenant()
    for t in (a, b):
        account = await make_account(t)
        r = await client.post("/api/v1/auth/logout", headers=account.headers)
        assert r.status_code == 204
    return a.id, b.id


async def test_service_connections_run_as_the_application_role(
    postgres_only: None, db: Database
) -> None:
    async with db.engine.connect() as conn:
        role = await conn.scalar(sa.text("SELECT current_user"))
        bypass = await conn.scalar(
            sa.text("SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = current_user")
        )
    assert role == "olympus_app"
    assert bypass is False


async def test_every_tenant_table_forces_row_level_security(
    postgres_only: None, db: Database
) -> None:
    async with db.engine.connect() as conn:
        rows = (
            await conn.execute(
                sa.text(
                    "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
                    "WHERE relname = ANY(:names) AND relkind = 'r'"
                ),
                {"names": tenant_tables()},
            )
        ).all()
    found = {name: (enabled, forced) for name, enabled, forced in rows}
    assert set(found) == set(tenant_tables())
    assert all(enabled and forced for enabled, forced in found.values()), found


async def test_raw_select_sees_only_the_tenant_in_scope(
    postgres_only: None,
    db: Database,
    client: httpx.AsyncClient,
    make_tenant: TenantFactory,
    make_account: AccountFactory,
) -> None:
    a, b = await _two_tenants_with_data(client, make_tenant, make_account)
    async with db.engine.connect() as conn:
        for table in tenant_tables():
            async with conn.begin():
                await conn.execute(
                    sa.text("SELECT set_config('olympus.tenant_id', :t, true)"), {"t": str(a)}
                )
                seen = set(
                    (await conn.execute(sa.text(f"SELECT tenant_id FROM {table}"))).scalars()
                )
            assert seen <= {a}, f"{table} leaked rows of other tenants"
        for table in ("users", "roles", "role_grants", "auth_sessions", "events", "audit_logs"):
            async with conn.begin():
                await conn.execute(
                    sa.text("SELECT set_config('olympus.tenant_id', :t, true)"), {"t": str(a)}
                )
                count = await conn.scalar(sa.text(f"SELECT count(*) FROM {table}"))
            assert count, f"tenant A should see its own {table}"
        for table in tenant_tables():
            # No tenant in scope (and a transaction-local setting from before is gone): nothing.
            count = await conn.scalar(sa.text(f"SELECT count(*) FROM {table}"))
            await conn.rollback()
            assert count == 0, f"{table} visible with no tenant set"
    assert b != a


async def test_writing_into_another_tenant_is_refused(
    postgres_only: None, db: Database, make_tenant: TenantFactory
) -> None:
    a, b = await make_tenant(), await make_tenant()
    async with db.engine.connect() as conn:
        await conn.execute(
            sa.text("SELECT set_config('olympus.tenant_id', :t, true)"), {"t": str(a.id)}
        )
        with pytest.raises(DBAPIError, match="row-level security"):
            await conn.execute(
                sa.text(
                    "INSERT INTO roles (tenant_id, id, name, description, permissions, is_system,"
                    " created_at, updated_at) VALUES (:t, :i, 'x', '', '[]', false, now(), now())"
                ),
                {"t": str(b.id), "i": str(uuid.uuid4())},
            )
        await conn.rollback()
        await conn.execute(
            sa.text("SELECT set_config('olympus.tenant_id', :t, true)"), {"t": str(a.id)}
        )
        changed = await conn.execute(
            sa.text("UPDATE users SET full_name = 'x' WHERE tenant_id = :t"), {"t": str(b.id)}
        )
        assert changed.rowcount == 0
        await conn.rollback()


async def test_the_audit_log_is_append_only_for_the_service(
    postgres_only: None, db: Database, make_tenant: TenantFactory, client: httpx.AsyncClient
) -> None:
    a = await make_tenant()
    r = await client.post(
        "/api/v1/auth/login",
        json={"tenant": a.slug, "email": a.owner_email, "password": a.owner_password},
    )
    token = r.json()["access_token"]
    r = await client.post("/api/v1/auth/logout-all", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 204
    async with db.engine.connect() as conn:
        for statement in ("UPDATE audit_logs SET action = 'x'", "DELETE FROM audit_logs"):
            await conn.execute(
                sa.text("SELECT set_config('olympus.tenant_id', :t, true)"), {"t": str(a.id)}
            )
            with pytest.raises(DBAPIError, match="permission denied"):
                await conn.execute(sa.text(statement))
            await conn.rollback()


async def test_the_role_survives_a_rolled_back_transaction(
    postgres_only: None, db: Database
) -> None:
    """SET ROLE must not ride in a transaction: the first rollback would undo it and leave a
    pooled connection running as the login role (a superuser here), outside RLS."""
    await db.engine.dispose()  # fresh connections, so the first transaction is the failing one
    async with db.engine.connect() as conn:
        with pytest.raises(DBAPIError):
            await conn.execute(sa.text("SELECT 1/0"))
        await conn.rollback()
        assert await conn.scalar(sa.text("SELECT current_user")) == "olympus_app"
        await conn.rollback()
    for _ in range(3):
        async with db.engine.connect() as conn:
            assert await conn.scalar(sa.text("SELECT current_user")) == "olympus_app"


async def test_nothing_the_service_sets_stays_on_a_pooled_connection(
    postgres_only: None,
    backend: Backend,
    db: Database,
    client: httpx.AsyncClient,
    make_tenant: TenantFactory,
    make_account: AccountFactory,
) -> None:
    """Behind PgBouncer in transaction mode a server connection passes from client to client
    between transactions: every transaction of the service runs as the application role, and
    other clients of the pooler find neither that role nor a tenant on any server connection
    afterwards."""
    if not backend.pooler:
        pytest.skip("a transaction-mode pooler only (the run through PgBouncer)")
    await _two_tenants_with_data(client, make_tenant, make_account)  # the driver paths too

    async def current_user() -> str:
        async with db.engine.connect() as conn:
            user = await conn.scalar(sa.text("SELECT current_user"))
            await asyncio.sleep(0.01)  # overlap, so that many server connections serve
            return str(user)

    assert set(await asyncio.gather(*(current_user() for _ in range(12)))) == {"olympus_app"}

    url = make_url(backend.database_url)
    others = [
        await asyncpg.connect(
            url.set(drivername="postgresql").render_as_string(hide_password=False),
            statement_cache_size=0,
        )
        for _ in range(12)
    ]
    try:
        seen = await asyncio.gather(
            *(
                c.fetchrow(
                    "SELECT current_user AS who, "
                    "coalesce(current_setting('olympus.tenant_id', true), '') AS tenant, "
                    "pg_sleep(0.01)"
                )
                for c in others
            )
        )
    finally:
        for c in others:
            await c.close()
    assert {(r["who"], r["tenant"]) for r in seen} == {(url.username, "")}


async def test_the_inventory_tables_show_only_the_tenant_in_scope(
    postgres_only: None, db: Database, inventory: Inventory, other_inventory: Inventory
) -> None:
    for side in (inventory, other_inventory):
        product, location = await side.product(), await side.location()
        await side.stocked(product, location, 4)
        r = await side.reserve(location, [(product, 1)])
        assert r.status_code == 201, r.text
    a, b = inventory.tenant.id, other_inventory.tenant.id
    async with db.engine.connect() as conn:
        for table in ("stock_levels", "stock_movements", "reservations", "reservation_lines"):
            async with conn.begin():
                await conn.execute(
                    sa.text("SELECT set_config('olympus.tenant_id', :t, true)"), {"t": str(a)}
                )
                seen = list(
                    (await conn.execute(sa.text(f"SELECT tenant_id FROM {table}"))).scalars()
                )
            assert seen and set(seen) == {a}, table
        async with conn.begin():
            await conn.execute(
                sa.text("SELECT set_config('olympus.tenant_id', :t, true)"), {"t": str(a)}
            )
            changed = await conn.execute(
                sa.text("UPDATE stock_levels SET on_hand = on_hand + 1 WHERE tenant_id = :t"),
                {"t": str(b)},
            )
            assert changed.rowcount == 0
    assert await other_inventory.ledger_differences() == []


async def test_the_cart_tables_show_only_the_tenant_in_scope(
    postgres_only: None, db: Database, inventory: Inventory, other_inventory: Inventory
) -> None:
    for side in (inventory, other_inventory):
        product, location = await side.product(), await side.location()
        r = await side.client.post(
            "/api/v1/carts", json={"location_id": location, "channel": "pos"}, headers=side.headers
        )
        assert r.status_code == 201, r.text
        r = await side.client.post(
            f"/api/v1/carts/{r.json()['id']}/items",
            json={"product_id": product, "quantity": 1},
            headers=side.headers,
        )
        assert r.status_code == 200, r.text
    a, b = inventory.tenant.id, other_inventory.tenant.id
    async with db.engine.connect() as conn:
        for table in ("carts", "cart_items"):
            async with conn.begin():
                await conn.execute(
                    sa.text("SELECT set_config('olympus.tenant_id', :t, true)"), {"t": str(a)}
                )
                seen = list(
                    (await conn.execute(sa.text(f"SELECT tenant_id FROM {table}"))).scalars()
                )
            assert seen and set(seen) == {a}, table
        async with conn.begin():
            await conn.execute(
                sa.text("SELECT set_config('olympus.tenant_id', :t, true)"), {"t": str(a)}
            )
            changed = await conn.execute(
                sa.text("UPDATE cart_items SET quantity = quantity + 1 WHERE tenant_id = :t"),
                {"t": str(b)},
            )
            assert changed.rowcount == 0


async def test_discount_counters_and_uses_stay_in_their_tenant(
    postgres_only: None,
    db: Database,
    clock: MovableClock,
    client: httpx.AsyncClient,
    make_tenant: TenantFactory,
) -> None:
    """The usage counters are changed by hand-written statements: even one without a tenant
    filter reaches only the tenant in scope."""
    tenants = [await make_tenant(), await make_tenant()]
    for tenant in tenants:
        owner = await login_owner(client, tenant)
        r = await client.post(
            "/api/v1/discounts",
            json={"code": "RLS", "name": "RLS", "type": "fixed", "value": 100},
            headers=owner.headers,
        )
        assert r.status_code == 201, r.text
        async with db.unit_of_work(clock=clock, tenant_id=tenant.id) as uow:
            await discounts.claim_uses(
                uow,
                discount_ids=[uuid.UUID(r.json()["id"])],
                order_id=uuid.uuid4(),
                customer_id=None,
            )
    a = tenants[0].id
    async with db.engine.connect() as conn:
        await conn.execute(
            sa.text("SELECT set_config('olympus.tenant_id', :t, true)"), {"t": str(a)}
        )
        for table in ("discounts", "discount_uses"):
            seen = (await conn.execute(sa.text(f"SELECT tenant_id FROM {table}"))).scalars()
            assert set(seen) == {a}, table
        changed = await conn.execute(sa.text("UPDATE discounts SET used_count = used_count + 1"))
        assert changed.rowcount == 1
        await conn.rollback()


async def test_the_order_tables_show_only_the_tenant_in_scope(
    postgres_only: None, db: Database, inventory: Inventory, other_inventory: Inventory
) -> None:
    for side in (inventory, other_inventory):
        product, location = await side.product(), await side.location()
        await side.stocked(product, location, 4)
        r = await side.client.post(
            "/api/v1/orders",
            json={"location_id": location, "items": [{"product_id": product, "quantity": 1}]},
            headers=side.headers,
        )
        assert r.status_code == 201, r.text
    a, b = inventory.tenant.id, other_inventory.tenant.id
    async with db.engine.connect() as conn:
        for table in ("orders", "order_items", "order_timeline", "order_counters"):
            async with conn.begin():
                await conn.execute(
                    sa.text("SELECT set_config('olympus.tenant_id', :t, true)"), {"t": str(a)}
                )
                seen = list(
                    (await conn.execute(sa.text(f"SELECT tenant_id FROM {table}"))).scalars()
                )
            assert seen and set(seen) == {a}, table
        async with conn.begin():
            await conn.execute(
                sa.text("SELECT set_config('olympus.tenant_id', :t, true)"), {"t": str(a)}
            )
            changed = await conn.execute(
                sa.text("UPDATE orders SET status = 'cancelled' WHERE tenant_id = :t"),
                {"t": str(b)},
            )
            assert changed.rowcount == 0


async def test_webhooks_and_their_deliveries_stay_in_their_tenant(
    postgres_only: None, db: Database, client: httpx.AsyncClient, make_tenant: TenantFactory
) -> None:
    """The delivery workers' statements cross tenants on purpose (system scope); the app
    role with a tenant in scope sees and changes only that tenant's webhooks and deliveries."""
    tenants = [await make_tenant(), await make_tenant()]
    for tenant in tenants:
        owner = await login_owner(client, tenant)
        r = await client.post(
            "/api/v1/webhooks",
            json={"url": "http://127.0.0.1:9/rls", "events": ["rls.none"], "active": True},
            headers=owner.headers,
        )
        assert r.status_code == 201, r.text
        r = await client.post(f"/api/v1/webhooks/{r.json()['id']}/ping", headers=owner.headers)
        assert r.status_code == 202, r.text
    a = tenants[0].id
    async with db.engine.connect() as conn:
        await conn.execute(
            sa.text("SELECT set_config('olympus.tenant_id', :t, true)"), {"t": str(a)}
        )
        for table in ("webhooks", "webhook_deliveries"):
            seen = (await conn.execute(sa.text(f"SELECT tenant_id FROM {table}"))).scalars()
            assert set(seen) == {a}, table
        changed = await conn.execute(sa.text("UPDATE webhook_deliveries SET attempts = 0"))
        assert changed.rowcount == 1
        await conn.rollback()


async def test_the_payments_tables_show_only_the_tenant_in_scope(
    postgres_only: None, db: Database, inventory: Inventory, other_inventory: Inventory
) -> None:
    """Payments, refunds, processor settings and handled Stripe events: a statement without
    a tenant filter sees and changes only the tenant in scope."""
    for side in (inventory, other_inventory):
        product, location = await side.product(price=800), await side.location()
        await side.stocked(product, location, 2)
        r = await side.client.post(
            "/api/v1/orders",
            json={"location_id": location, "items": [{"product_id": product, "quantity": 1}]},
            headers=side.headers,
        )
        assert r.status_code == 201, r.text
        r = await side.client.post(
            "/api/v1/payments/process",
            json={"order_id": r.json()["id"], "amount": 800, "method": {"type": "cash"}},
            headers=side.headers,
        )
        assert r.status_code == 201, r.text
        payment_id = r.json()["id"]
        r = await side.client.post(
            f"/api/v1/payments/{payment_id}/refund", json={"amount": 100}, headers=side.headers
        )
        assert r.status_code == 201, r.text
        r = await side.client.patch(
            "/api/v1/payments/settings",
            json={"stripe_webhook_secret": "whsec_rls"},
            headers=side.headers,
        )
        assert r.status_code == 200, r.text
    a, b = inventory.tenant.id, other_inventory.tenant.id
    async with db.engine.connect() as conn:
        for table in ("payments", "payment_refunds", "payment_settings"):
            async with conn.begin():
                await conn.execute(
                    sa.text("SELECT set_config('olympus.tenant_id', :t, true)"), {"t": str(a)}
                )
                seen = list(
                    (await conn.execute(sa.text(f"SELECT tenant_id FROM {table}"))).scalars()
                )
            assert seen and set(seen) == {a}, table
        async with conn.begin():
            await conn.execute(
                sa.text("SELECT set_config('olympus.tenant_id', :t, true)"), {"t": str(a)}
            )
            changed = await conn.execute(
                sa.text("UPDATE payments SET refunded_amount = 0 WHERE tenant_id = :t"),
                {"t": str(b)},
            )
            assert changed.rowcount == 0
            with pytest.raises(DBAPIError):
                async with conn.begin_nested():
                    await conn.execute(
                        sa.text(
                            "INSERT INTO stripe_events (tenant_id, id, type, received_at) "
                            "VALUES (:t, 'evt_x', 'x', now())"
                        ),
                        {"t": str(b)},
                    )
