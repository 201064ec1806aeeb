"""Row locks on settings documents: writers of one owner's settings take turns on its row, so
none loses another's keys. A missing row is created empty first, then locked."""

import uuid
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from olympus.core.db import WriteUnitOfWork
from olympus.platform.settings.models import StoredTenantSettings, StoredUserPreferences

Stored = TypeVar("Stored", StoredTenantSettings, StoredUserPreferences)


async def lock_tenant_settings(uow: WriteUnitOfWork) -> StoredTenantSettings:
    """The settings row of the tenant in scope, locked until the transaction ends."""
    return await _locked(uow, StoredTenantSettings, tenant_id=uow.require_tenant())


async def lock_preferences(uow: WriteUnitOfWork, user_id: uuid.UUID) -> StoredUserPreferences:
    """The user's preferences row, locked until the transaction ends."""
    return await _locked(
        uow, StoredUserPreferences, tenant_id=uow.require_tenant(), user_id=user_id
    )


async def _locked(uow: WriteUnitOfWork, model: type[Stored], **key: Any) -> Stored:
    """One row by its whole primary key (so there is no order to keep). On SQLite the
    writing transaction already holds the database's write lock."""
    select = sa.select(model).filter_by(**key).with_for_update()
    select = select.execution_options(populate_existing=True)
    row = (await uow.session.scalars(select)).one_or_none()
    if row is not None:
        return row
    values = {**key, "overrides": {}, "updated_at": uow.clock.now()}
    bind = uow.session.bind
    insert = (
        postgresql.insert(model).values(values).on_conflict_do_nothing()
        if bind is not None and bind.dialect.name == "postgresql"
        else sqlite.insert(model).values(values).on_conflict_do_nothing()
    )
    # A concurrent first writer may insert the row between the two statements: ours then
    # waits for it, does nothing, and the select below queues for its lock.
    await uow.session.execute(insert)
    return (await uow.session.scalars(select)).one()
