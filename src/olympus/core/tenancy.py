"""The tenant in scope of a transaction and the one choke point that enforces it: every ORM
statement touching a tenant-owned table is filtered to that tenant, every new row is stamped
with it, and with no tenant in scope such statements fail closed. On PostgreSQL the tenant is
also set per transaction for row-level security."""

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
    with_loader_criteria,
)
from sqlalchemy.sql import visitors

from olympus.core.errors import ReadOnlyUnitOfWork, TenantNotSet

TENANT_SETTING = "olympus.tenant_id"
UNSCOPED_SETTING = "olympus.unscoped"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Built once: these run at the start of nearly every transaction.
_SET_TENANT = sa.text(f"SELECT set_config('{TENANT_SETTING}', :tenant, true)")
_SET_UNSCOPED = sa.text(f"SELECT set_config('{UNSCOPED_SETTING}', 'on', true)")


class TenantOwned:
    """Mixin of every tenant-owned table: `tenant_id` leads the primary key and references
    the tenant. Reads are filtered and new rows stamped by the tenant-scoping hooks below."""

    @declared_attr
    def tenant_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(
            sa.Uuid(as_uuid=True),
            sa.ForeignKey("tenants.id", ondelete="RESTRICT"),
            primary_key=True,
            sort_order=-10,
        )


class ScopedSession(Session):
    """The session class of the service: the scoping hooks below listen on it."""


def _is_tenant_owned(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, TenantOwned)


def _reads_tenant_table(statement: Any) -> bool:
    """Whether a tenant-owned table appears anywhere in the statement (a join, a subquery,
    `select_from`), not only among the entities it returns."""
    return any(
        isinstance(element, sa.Table) and "tenant_id" in element.c
        for element in visitors.iterate(statement)
    )


@event.listens_for(ScopedSession, "do_orm_execute")
def _scope_statement(state: ORMExecuteState) -> None:
    if state.session.info.get("read_only") and (
        state.is_insert or state.is_update or state.is_delete
    ):
        raise ReadOnlyUnitOfWork("a reading unit of work does not change rows")
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.execution_options.get("olympus_unscoped") or state.session.info.get("unscoped"):
        return
    tenant_id = state.session.info.get("tenant_id")
    if tenant_id is not None and not state.is_orm_statement:
        return  # Core statements bind tenant_id themselves
    # Not only the entities a statement returns: a tenant-owned table that is only joined,
    # counted or used in a subquery is filtered (or refused) too.
    if not (
        any(_is_tenant_owned(m.class_) for m in state.all_mappers)
        or _reads_tenant_table(state.statement)
    ):
        return
    if tenant_id is None:
        raise TenantNotSet("a tenant-owned table was queried with no tenant in scope")
    state.statement = state.statement.options(
        with_loader_criteria(
            TenantOwned,
            lambda cls: cls.tenant_id == tenant_id,
            include_aliases=True,
        )
    )


@event.listens_for(ScopedSession, "before_flush")
def _stamp_new_rows(session: Session, _ctx: Any, _instances: Any) -> None:
    if session.info.get("read_only") and (session.new or session.dirty or session.deleted):
        raise ReadOnlyUnitOfWork("a reading unit of work does not change rows")
    tenant_id = session.info.get("tenant_id")
    unscoped_ = session.info.get("unscoped", False)
    for obj in session.new:
        if not _is_tenant_owned(type(obj)):
            continue
        current = getattr(obj, "tenant_id", None)
        if current is None:
            if tenant_id is None:
                raise TenantNotSet(f"new {type(obj).__name__} with no tenant in scope")
            obj.tenant_id = tenant_id
        elif current != tenant_id and not unscoped_:
            raise TenantNotSet(f"new {type(obj).__name__} belongs to another tenant")


def _is_postgres(session: AsyncSession | Session) -> bool:
    return session.bind is not None and session.bind.dialect.name == "postgresql"


@event.listens_for(ScopedSession, "after_begin")
def _scope_connection(session: Session, _transaction: Any, connection: Any) -> None:
    """When the transaction first reaches the database, give it the scope decided so far:
    nothing is sent for a unit of work that never queries."""
    session.info["connected"] = True
    if connection.dialect.name != "postgresql":
        return
    if session.info.get("system"):
        connection.exec_driver_sql("SET LOCAL ROLE NONE")
        connection.execute(_SET_UNSCOPED)
    tenant_id = session.info.get("tenant_id")
    if tenant_id is not None:
        connection.execute(_SET_TENANT, {"tenant": str(tenant_id)})
        session.info["bound_tenant"] = tenant_id


def tenant_setting_sql(tenant_id: uuid.UUID) -> str:
    """The statement that scopes a transaction to `tenant_id`, with the id inlined (a UUID
    renders as hex digits and dashes only), for a round trip that carries no parameters."""
    return f"SELECT set_config('{TENANT_SETTING}', '{uuid.UUID(str(tenant_id))}', true)"


async def bind_tenant(session: AsyncSession, tenant_id: uuid.UUID) -> None:
    """Put `tenant_id` in scope: the ORM filter at once and, on PostgreSQL, the transaction's
    setting for row-level security (is_local=true: it dies with the transaction, so a pooled
    connection never carries one request's tenant into the next)."""
    session.info["tenant_id"] = tenant_id
    if (
        _is_postgres(session)
        and session.info.get("connected")
        and session.info.get("bound_tenant") != tenant_id
    ):
        await session.execute(_SET_TENANT, {"tenant": str(tenant_id)})
        session.info["bound_tenant"] = tenant_id


@contextmanager
def unscoped(session: AsyncSession) -> Iterator[None]:
    """Cross tenants on purpose (platform operators, the outbox relay, token look-ups that
    carry no tenant). Greppable by design: every use is a decision someone made."""
    previous = session.info.get("unscoped", False)
    session.info["unscoped"] = True
    try:
        yield
    finally:
        session.info["unscoped"] = previous


def use_app_role(engine: AsyncEngine, role: str) -> None:
    """Run every connection of the service as `role`, which owns nothing and is subject to
    row-level security, whoever DATABASE_URL logs in as (even a superuser)."""
    if not _ROLE_NAME.match(role):
        raise ValueError(f"invalid database role name {role!r}")

    @event.listens_for(engine.sync_engine, "connect")
    def _set_role(dbapi_conn: Any, _: Any) -> None:
        # On the raw driver connection, outside any transaction: a SET inside the driver's
        # implicit transaction would be undone by that transaction's first rollback.
        dbapi_conn.run_async(lambda conn: conn.execute(f"SET ROLE {role}"))


def app_role_sql(role: str) -> str:
    """The statement that makes the rest of a transaction run as `role` (with its `; `)."""
    if not _ROLE_NAME.match(role):
        raise ValueError(f"invalid database role name {role!r}")
    return f"SET LOCAL ROLE {role}; "


def use_app_role_per_transaction(engine: AsyncEngine, role: str) -> None:
    """`use_app_role` behind a transaction-mode pooler (PgBouncer): a connection-wide `SET
    ROLE` would stay on the server connection the pooler hands to the next client, and this
    client's next transaction may run on another one without it. So each transaction sets the
    role for itself (`SET LOCAL`, gone at its end), before any statement of its own."""
    statement = app_role_sql(role).removesuffix("; ")

    @event.listens_for(engine.sync_engine, "begin")
    def _set_local_role(conn: Any) -> None:
        conn.exec_driver_sql(statement)


async def enter_system_scope(session: AsyncSession) -> None:
    """For the rest of this transaction: no ORM tenant filter and, on PostgreSQL, back to the
    login role with the unscoped setting on, which the row-level-security policies honour
    for it (never for the application role)."""
    session.info["unscoped"] = True
    session.info["system"] = True
    if _is_postgres(session) and session.info.get("connected"):
        await session.execute(sa.text("SET LOCAL ROLE NONE"))
        await session.execute(_SET_UNSCOPED)


def rls_statements(table: str, role: str) -> list[str]:
    """The DDL that puts a tenant-owned table under row-level security: rows are visible and
    writable only for the tenant set in the transaction (or in a system scope)."""
    if not (_ROLE_NAME.match(table) and _ROLE_NAME.match(role)):
        raise ValueError("invalid table or role name")
    in_scope = (
        f"tenant_id = NULLIF(current_setting('{TENANT_SETTING}', true), '')::uuid "
        f"OR (current_user <> '{role}' AND current_setting('{UNSCOPED_SETTING}', true) = 'on')"
    )
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS tenant_isolation ON {table}",
        f"CREATE POLICY tenant_isolation ON {table} USING ({in_scope}) WITH CHECK ({in_scope})",
    ]


def app_role_statements(role: str) -> list[str]:
    """Create the application role (owns nothing, no RLS bypass) and give it the data
    privileges of the schema; the audit log stays append-only for it."""
    if not _ROLE_NAME.match(role):
        raise ValueError("invalid role name")
    return [
        f"""DO $$ BEGIN
            CREATE ROLE {role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$""",
        f"""DO $$ BEGIN
            EXECUTE format('GRANT {role} TO %I', current_user);
        EXCEPTION WHEN others THEN NULL;
        END $$""",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs FROM {role}",
    ]
