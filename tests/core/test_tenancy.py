"""The tenant choke point: ORM statements on tenant-owned tables see only the tenant in scope,
fail closed without one, stamp new rows, and cross tenants only through `unscoped()`. On
PostgreSQL the tenant setting lives exactly as long as its transaction."""

import uuid
from typing import Any

import pytest
import sqlalchemy as sa

from olympus.core.clock import Clock
from olympus.core.db import Database
from olympus.core.errors import TenantNotSet
from olympus.core.tenancy import TENANT_SETTING, unscoped
from olympus.platform.tenants.models import Tenant
from olympus.platform.users.models import User
from tests.fixtures.accounts import TenantFactory, TenantInfo
from tests.fixtures.apps import Backend


def new_user(tenant_id: uuid.UUID | None = None) -> User:
    now = Clock().now()
    email = f"u-{uuid.uuid4().hex[:8]}@example.com"
    user = User(
        id=uuid.uuid4(),
        email=email,
        email_normalized=email,
        full_name="",
        password_hash="x",
        email_verified=False,
        is_active=True,
        created_at=now,
        updated_at=now,
    )
    if tenant_id is not None:
        user.tenant_id = tenant_id
    return user


async def two_tenants(make_tenant: TenantFactory) -> tuple[TenantInfo, TenantInfo]:
    return await make_tenant(), await make_tenant()


async def test_a_query_with_no_tenant_in_scope_fails_closed(db: Database) -> None:
    async with db.unit_of_work(clock=Clock()) as uow:
        with pytest.raises(TenantNotSet):
            await uow.session.scalars(sa.select(User))
        with pytest.raises(TenantNotSet):
            await uow.session.execute(sa.select(sa.func.count()).select_from(User))
        with pytest.raises(TenantNotSet):
            await uow.session.execute(sa.update(User).values(full_name="x"))
        with pytest.raises(TenantNotSet):
            uow.require_tenant()


async def test_queries_see_only_the_tenant_in_scope(
    db: Database, make_tenant: TenantFactory
) -> None:
    a, b = await two_tenants(make_tenant)
    async with db.unit_of_work(clock=Clock(), tenant_id=a.id, write=False) as uow:
        users = (await uow.session.scalars(sa.select(User))).all()
        assert [u.id for u in users] == [a.owner_id]
        # Even a filter naming the other tenant finds nothing of it.
        other = await uow.session.scalars(sa.select(User).where(User.tenant_id == b.id))
        assert other.all() == []
        assert await uow.session.get(User, (b.id, b.owner_id)) is None
        count = await uow.session.scalar(sa.select(sa.func.count(User.id)))
        assert count == 1


async def test_joined_counted_and_nested_tenant_tables_are_scoped_too(
    db: Database, make_tenant: TenantFactory
) -> None:
    a, b = await two_tenants(make_tenant)
    ours = [Tenant.id.in_([a.id, b.id])]
    statements: dict[str, sa.Select[Any]] = {
        "count": sa.select(sa.func.count()).select_from(User),
        "join": sa.select(Tenant.id).join(User, User.tenant_id == Tenant.id).where(*ours),
        "subquery": sa.select(Tenant.id).where(Tenant.id.in_(sa.select(User.tenant_id)), *ours),
    }
    async with db.unit_of_work(clock=Clock(), tenant_id=a.id, write=False) as uow:
        assert await uow.session.scalar(statements["count"]) == 1
        assert (await uow.session.scalars(statements["join"])).all() == [a.id]
        assert (await uow.session.scalars(statements["subquery"])).all() == [a.id]
    async with db.unit_of_work(clock=Clock(), write=False) as uow:
        for name, statement in statements.items():
            with pytest.raises(TenantNotSet):
                await uow.session.execute(statement)
                pytest.fail(f"{name} ran with no tenant in scope")
        # Global tables alone need no tenant.
        assert await uow.session.get(Tenant, a.id) is not None


async def test_bulk_updates_touch_only_the_tenant_in_scope(
    db: Database, make_tenant: TenantFactory
) -> None:
    a, b = await two_tenants(make_tenant)
    async with db.unit_of_work(clock=Clock(), tenant_id=a.id) as uow:
        result = await uow.session.execute(
            sa.update(User).values(full_name="renamed").execution_options(synchronize_session=False)
        )
        assert result.rowcount == 1  # type: ignore[attr-defined]
    async with db.unit_of_work(clock=Clock(), write=False, system=True) as uow:
        rows = (await uow.session.execute(sa.select(User.tenant_id, User.full_name))).all()
    names = {tenant_id: name for tenant_id, name in rows}
    assert names[a.id] == "renamed"
    assert names[b.id] != "renamed"


async def test_new_rows_are_stamped_with_the_tenant_in_scope(
    db: Database, make_tenant: TenantFactory
) -> None:
    tenant = await make_tenant()
    async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
        user = new_user()
        uow.session.add(user)
        await uow.session.flush()
        assert user.tenant_id == tenant.id


async def test_a_row_for_another_tenant_is_refused(
    db: Database, make_tenant: TenantFactory
) -> None:
    a, b = await two_tenants(make_tenant)
    with pytest.raises(TenantNotSet, match="another tenant"):
        async with db.unit_of_work(clock=Clock(), tenant_id=a.id) as uow:
            uow.session.add(new_user(b.id))
            await uow.session.flush()
    with pytest.raises(TenantNotSet, match="no tenant"):
        async with db.unit_of_work(clock=Clock()) as uow:
            uow.session.add(new_user())
            await uow.session.flush()
    async with db.unit_of_work(clock=Clock(), tenant_id=b.id, write=False) as uow:
        assert await uow.session.scalar(sa.select(sa.func.count(User.id))) == 1


async def test_unscoped_reads_across_tenants_on_purpose(
    db: Database, backend: Backend, make_tenant: TenantFactory
) -> None:
    a, b = await two_tenants(make_tenant)
    wanted = sa.select(User.id).where(User.tenant_id.in_([a.id, b.id]))
    # The service's own cross-tenant work (relay, prunes) runs in a system unit of work.
    async with db.unit_of_work(clock=Clock(), write=False, system=True) as uow:
        with unscoped(uow.session):
            assert set((await uow.session.scalars(wanted)).all()) == {a.owner_id, b.owner_id}
    async with db.unit_of_work(clock=Clock(), tenant_id=a.id, write=False) as uow:
        with unscoped(uow.session):
            seen = set((await uow.session.scalars(wanted)).all())
        # unscoped() lifts the ORM filter; on PostgreSQL row-level security, the second and
        # independent layer, still holds a tenant's transaction to its tenant.
        assert seen == ({a.owner_id} if backend.is_postgres else {a.owner_id, b.owner_id})
        # Scoping is back once the block ends.
        assert (await uow.session.scalars(wanted)).all() == [a.owner_id]


async def test_postgres_tenant_setting_lives_for_one_transaction(
    backend: Backend, make_tenant: TenantFactory
) -> None:
    if not backend.is_postgres:
        pytest.skip("the row-level-security setting exists on PostgreSQL only")
    tenant = await make_tenant()
    # A pool of its own, used by one transaction at a time: each reuses the one connection.
    own = Database(backend.database_url)
    read = sa.select(sa.func.current_setting(TENANT_SETTING, True), sa.func.pg_backend_pid())
    try:
        async with own.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
            setting, first_pid = (await uow.session.execute(read)).one()
            assert setting == str(tenant.id)
        async with own.unit_of_work(clock=Clock()) as uow:
            setting, pid = (await uow.session.execute(read)).one()
            assert pid == first_pid, "not the same pooled connection"
            assert setting in (None, "")
        # Nor does it survive a rolled-back transaction.
        with pytest.raises(RuntimeError):
            async with own.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
                raise RuntimeError("abort")
        async with own.unit_of_work(clock=Clock()) as uow:
            setting, pid = (await uow.session.execute(read)).one()
            assert pid == first_pid
            assert setting in (None, "")
    finally:
        await own.dispose()
