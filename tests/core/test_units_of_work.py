"""Reading and writing units of work are two types, and a reading one can't change anything:
its session refuses, and so does the database (a read-only transaction on PostgreSQL,
`query_only` on SQLite), even for a Core statement on the raw connection."""

import uuid
from typing import cast

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from olympus.core.clock import Clock
from olympus.core.db import Database, ReadUnitOfWork, WriteUnitOfWork
from olympus.core.errors import ReadOnlyUnitOfWork
from olympus.platform.users.models import User
from tests.fixtures.accounts import TenantInfo

_USERS = cast(sa.Table, User.__table__)


async def test_the_two_kinds_are_two_types(db: Database) -> None:
    async with db.unit_of_work(clock=Clock(), write=False) as reader:
        assert type(reader) is ReadUnitOfWork
        assert not hasattr(reader, "after_commit")
    async with db.unit_of_work(clock=Clock()) as writer:
        assert isinstance(writer, WriteUnitOfWork)
        assert isinstance(writer, ReadUnitOfWork)  # a writer may call reading functions


async def test_a_reading_unit_of_work_refuses_to_flush_a_change(
    db: Database, tenant: TenantInfo
) -> None:
    with pytest.raises(ReadOnlyUnitOfWork):
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id, write=False) as uow:
            owner = await uow.session.get(User, (tenant.id, tenant.owner_id))
            assert owner is not None
            owner.full_name = "Changed by a reader"
            await uow.session.flush()
    async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id, write=False) as uow:
        owner = await uow.session.get(User, (tenant.id, tenant.owner_id))
        assert owner is not None and owner.full_name != "Changed by a reader"


async def test_a_reading_unit_of_work_refuses_orm_writes(db: Database, tenant: TenantInfo) -> None:
    async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id, write=False) as uow:
        with pytest.raises(ReadOnlyUnitOfWork):
            await uow.session.execute(sa.update(User).values(full_name="x"))
        with pytest.raises(ReadOnlyUnitOfWork):
            await uow.session.execute(sa.delete(User).where(User.id == tenant.owner_id))


async def test_the_database_refuses_a_write_in_a_reading_transaction(
    db: Database, tenant: TenantInfo
) -> None:
    async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id, write=False) as uow:
        conn = await uow.session.connection()
        with pytest.raises(DBAPIError):
            await conn.execute(
                sa.update(_USERS)
                .where(_USERS.c.tenant_id == tenant.id, _USERS.c.id == tenant.owner_id)
                .values(full_name="Written around the session")
            )
    async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id, write=False) as uow:
        owner = await uow.session.get(User, (tenant.id, tenant.owner_id))
        assert owner is not None and owner.full_name != "Written around the session"


async def test_a_connection_serves_writers_again_after_readers(
    db: Database, tenant: TenantInfo
) -> None:
    """Readers and writers share the pool: a connection that served a reader is writable
    again for the next writer."""
    for round_ in range(3):
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id, write=False) as uow:
            await uow.session.get(User, (tenant.id, tenant.owner_id))
        name = f"Owner {round_} {uuid.uuid4().hex[:6]}"
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as writer:
            owner = await writer.session.get(User, (tenant.id, tenant.owner_id))
            assert owner is not None
            owner.full_name = name
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id, write=False) as uow:
            owner = await uow.session.get(
                User, (tenant.id, tenant.owner_id), populate_existing=True
            )
            assert owner is not None and owner.full_name == name
