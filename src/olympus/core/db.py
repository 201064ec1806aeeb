"""The database: engine, declarative base, column types and the unit of work (one transaction
per request or command, committed on success, rolled back on any error)."""

import asyncio
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime
from typing import Any, Literal, Protocol, Self, overload

import sqlalchemy as sa
import structlog
from sqlalchemy import MetaData
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from olympus.core.clock import Clock
from olympus.core.engines import create_engines
from olympus.core.errors import DatabaseBusy, DomainError, TenantNotSet
from olympus.core.ids import uuid7
from olympus.core.sqlite import (
    GateHolder,
    NestedWriteTransaction,
    current_writer,
)
from olympus.core.tenancy import (
    ScopedSession,
    app_role_sql,
    bind_tenant,
    enter_system_scope,
    tenant_setting_sql,
)

log = structlog.get_logger("olympus.db")

# What `driver_read_transaction` accepts as a setting's name and value (inlined in SQL).
_SETTING_WORD = re.compile(r"^[a-z_][a-z0-9_.]{0,62}$")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware, on both engines."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), uuid.UUID: sa.Uuid(as_uuid=True)}


def new_id() -> uuid.UUID:
    return uuid7()


def tenant_fk(
    columns: list[str], target: str, target_columns: list[str], **kw: Any
) -> sa.ForeignKeyConstraint:
    """A foreign key between tenant-owned tables; it carries `tenant_id` so a row can never
    point into another tenant."""
    return sa.ForeignKeyConstraint(
        ["tenant_id", *columns],
        [f"{target}.tenant_id", *(f"{target}.{c}" for c in target_columns)],
        **kw,
    )


class ReadUnitOfWork:
    """One reading transaction: the tenant in scope, the actor and the request id. It can't
    change rows: the session refuses to flush or run a write, and the transaction itself is
    read-only (`BEGIN READ ONLY` on PostgreSQL, `PRAGMA query_only` on SQLite). Functions that
    only read take this type, so a reader knows from the signature what they may do."""

    def __init__(
        self,
        session: AsyncSession,
        *,
        clock: Clock,
        request_id: str | None = None,
    ) -> None:
        self.session = session
        self.clock = clock
        self.request_id = request_id
        self.actor_id: uuid.UUID | None = None
        self.ip: str = ""

    @property
    def tenant_id(self) -> uuid.UUID | None:
        value = self.session.info.get("tenant_id")
        return value if isinstance(value, uuid.UUID) else None

    def require_tenant(self) -> uuid.UUID:
        if self.tenant_id is None:
            raise TenantNotSet("no tenant in scope")
        return self.tenant_id

    async def set_tenant(self, tenant_id: uuid.UUID) -> None:
        """Put a tenant in scope for the rest of this transaction (ORM filter and, on
        PostgreSQL, the row-level-security setting)."""
        await bind_tenant(self.session, tenant_id)

    @asynccontextmanager
    async def in_tenant(self, tenant_id: uuid.UUID) -> AsyncIterator[Self]:
        """Act in another tenant for a moment (a platform operator's audit trail, a tenant's
        creation, a retention job), flushing what was written there before coming back."""
        previous = self.tenant_id
        await self.set_tenant(tenant_id)
        try:
            yield self
            await self.session.flush()
        finally:
            if previous is not None:
                await self.set_tenant(previous)


class WriteUnitOfWork(ReadUnitOfWork):
    """One writing transaction and what rides with it: audit rows, outbox events, and actions
    to run only after a successful commit (publishing, email, cache invalidation)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.audited = False  # set when the audit log got a row in this transaction
        self._after_commit: list[Callable[[], Awaitable[None]]] = []

    def after_commit(self, action: Callable[[], Awaitable[None]]) -> None:
        self._after_commit.append(action)

    async def _run_after_commit(self) -> None:
        actions, self._after_commit = self._after_commit, []
        for action in actions:
            try:
                await action()
            except Exception:  # the change is committed; a failed side effect is logged
                log.exception("after_commit_failed", action=getattr(action, "__name__", "?"))


class DriverConnection(Protocol):
    """What the hottest paths use of the PostgreSQL driver's own connection (asyncpg):
    statements with `$1`-style parameters, prepared once per connection and cached."""

    async def fetch(self, query: str, *args: Any) -> list[Any]: ...

    async def fetchrow(self, query: str, *args: Any) -> Any: ...

    async def fetchval(self, query: str, *args: Any) -> Any: ...

    async def execute(self, query: str, *args: Any) -> str: ...

    def is_in_transaction(self) -> bool: ...

    def is_closed(self) -> bool: ...


class Database:
    """The engine and the sessions made from it. `pooler="pgbouncer"`: the connections go
    through PgBouncer in transaction mode, where a server connection belongs to a client for
    one transaction only, so nothing is set per connection (the application role is set per
    transaction) and no prepared statement outlives its transaction."""

    def __init__(
        self,
        url: str,
        *,
        echo: bool = False,
        app_role: str = "",
        write_wait_seconds: float = 5.0,
        pooler: str = "",
        read_url: str = "",
    ) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.pooler = pooler
        # The role each driver transaction sets for itself (only behind a pooler).
        self._local_role_sql = app_role_sql(app_role) if pooler and app_role else ""
        self.engine, self.read_engine, self.write_gate = create_engines(
            url,
            read_url=read_url,
            echo=echo,
            app_role=app_role,
            pooler=pooler,
            write_wait_seconds=write_wait_seconds,
        )
        self._reader = self._reading_sessions(self.engine)
        self._replica_reader = self._reading_sessions(self.read_engine)
        # On SQLite a writing transaction takes the write lock when it begins, so two of them
        # never deadlock upgrading a read lock; PostgreSQL needs no such thing.
        writer_engine = (
            self.engine.execution_options(sqlite_begin="IMMEDIATE")
            if self.is_sqlite
            else self.engine
        )
        self._writer = async_sessionmaker(
            writer_engine, expire_on_commit=False, sync_session_class=ScopedSession
        )

    def _reading_sessions(self, engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
        # A reading transaction is read-only in the database too: `BEGIN READ ONLY` on
        # PostgreSQL (asyncpg sends it in the same round trip), `PRAGMA query_only` on SQLite.
        reader_engine = engine.execution_options(
            **({"sqlite_query_only": True} if self.is_sqlite else {"postgresql_readonly": True})
        )
        return async_sessionmaker(
            reader_engine,
            expire_on_commit=False,
            sync_session_class=ScopedSession,
            info={"read_only": True},
        )

    @overload
    def unit_of_work(
        self,
        *,
        clock: Clock,
        tenant_id: uuid.UUID | None = None,
        write: Literal[True] = True,
        request_id: str | None = None,
        system: bool = False,
        replica: bool = False,
    ) -> AbstractAsyncContextManager[WriteUnitOfWork]: ...

    @overload
    def unit_of_work(
        self,
        *,
        clock: Clock,
        tenant_id: uuid.UUID | None = None,
        write: Literal[False],
        request_id: str | None = None,
        system: bool = False,
        replica: bool = False,
    ) -> AbstractAsyncContextManager[ReadUnitOfWork]: ...

    def unit_of_work(
        self,
        *,
        clock: Clock,
        tenant_id: uuid.UUID | None = None,
        write: bool = True,
        request_id: str | None = None,
        system: bool = False,
        replica: bool = False,
    ) -> AbstractAsyncContextManager[ReadUnitOfWork]:
        """One transaction, committed if the block returns and rolled back if it raises: a
        `WriteUnitOfWork`, or with `write=False` a `ReadUnitOfWork`. `system=True` is for the
        service's own cross-tenant work (the outbox relay, start-up warm-ups, retention
        prunes): no tenant filter and, on PostgreSQL, the transaction leaves the
        row-level-security role. `replica=True` sends a reading unit of work to the read
        replica (DATABASE_READ_URL) when there is one: for reads that tolerate its lag (lists,
        reports), never for what decides access (permissions, credentials, tokens). A
        writing unit of work always goes to the primary."""
        if write:
            return self._writing(clock, tenant_id, request_id, system)
        return self._reading(clock, tenant_id, request_id, system, replica)

    @asynccontextmanager
    async def _reading(
        self,
        clock: Clock,
        tenant_id: uuid.UUID | None,
        request_id: str | None,
        system: bool,
        replica: bool,
    ) -> AsyncIterator[ReadUnitOfWork]:
        async with (self._replica_reader if replica else self._reader)() as session:
            uow = ReadUnitOfWork(session, clock=clock, request_id=request_id)
            try:
                await self._open(uow, tenant_id, system)
                yield uow
                await session.commit()
            except BaseException as exc:
                await session.rollback()
                _raise_if_busy(exc)
                raise

    @asynccontextmanager
    async def _writing(
        self, clock: Clock, tenant_id: uuid.UUID | None, request_id: str | None, system: bool
    ) -> AsyncIterator[WriteUnitOfWork]:
        if current_writer.get() is not None:  # on both engines, so tests catch it on both
            raise NestedWriteTransaction("a writing unit of work inside another one")
        holder = GateHolder(self.write_gate)
        token = current_writer.set(holder)
        session = self._writer()
        uow = WriteUnitOfWork(session, clock=clock, request_id=request_id)
        kept: DomainError | None = None  # refused, but what it changed commits (a revocation)
        try:
            await self._open(uow, tenant_id, system)
            yield uow
            await session.commit()
        except DomainError as exc:
            if not exc.keeps_changes:
                await _finish(session, holder)
                raise
            await session.commit()
            kept = exc
        except BaseException as exc:
            await _finish(session, holder)
            _raise_if_busy(exc)
            raise
        finally:
            current_writer.reset(token)
        holder.release()  # committed: the database's lock is free already
        await session.close()
        await uow._run_after_commit()
        if kept is not None:
            raise kept

    @staticmethod
    async def _open(uow: ReadUnitOfWork, tenant_id: uuid.UUID | None, system: bool) -> None:
        await uow.session.begin()
        if system:
            await enter_system_scope(uow.session)
        if tenant_id is not None:
            await uow.set_tenant(tenant_id)

    @asynccontextmanager
    async def driver_connection(self, *, replica: bool = False) -> AsyncIterator[DriverConnection]:
        """PostgreSQL only: a pooled connection's driver (asyncpg) connection, for the few
        hottest paths (sign-in, token rotation, the product list), which skip the ORM session
        and state every statement themselves, always binding `tenant_id`. Statements outside
        a `driver_transaction` commit on their own (not behind a pooler: see
        `statements_outside_transactions`). A connection left in doubt (lost, or
        still in a transaction after an error) is dropped from the pool, never reused.
        `replica=True`: a connection of the read replica (DATABASE_READ_URL) when there is
        one, for reads that tolerate its lag."""
        if self.is_sqlite:
            raise RuntimeError("driver connections are a PostgreSQL path")
        pooled = await (self.read_engine if replica else self.engine).raw_connection()
        conn: DriverConnection | None = pooled.driver_connection
        assert conn is not None, "a pooled connection always has its driver connection"
        try:
            yield conn
        except BaseException:
            if conn.is_closed() or conn.is_in_transaction():
                pooled.invalidate()
            raise
        finally:
            pooled.close()

    @asynccontextmanager
    async def driver_transaction(
        self, tenant_id: uuid.UUID, *, conn: DriverConnection | None = None
    ) -> AsyncIterator[DriverConnection]:
        """One transaction on a driver connection (`conn`, or one of its own), with
        `tenant_id` set for row-level security: committed if the block returns, rolled back
        if it raises."""
        if conn is None:
            async with (
                self.driver_connection() as own,
                self.driver_transaction(tenant_id, conn=own) as scoped,
            ):
                yield scoped
            return
        # One round trip, no parameters: the simple protocol takes every statement.
        await conn.execute(f"BEGIN; {self._local_role_sql}{tenant_setting_sql(tenant_id)}")
        try:
            yield conn
        except BaseException:
            if conn.is_in_transaction():
                await conn.execute("ROLLBACK")
            raise
        await conn.execute("COMMIT")

    @asynccontextmanager
    async def driver_read_transaction(
        self,
        tenant_id: uuid.UUID,
        *,
        replica: bool = False,
        settings: Sequence[tuple[str, str]] = (),
    ) -> AsyncIterator[DriverConnection]:
        """PostgreSQL only: one read-only transaction on a driver connection, scoped as a
        reading unit of work is (`BEGIN READ ONLY`, the application role behind a pooler,
        `tenant_id` set for row-level security) and opened in one round trip, with
        `settings` (`SET LOCAL name = value`, plain words only) in that same round trip.
        For the hottest reads (the product list), which state their statements themselves,
        always binding `tenant_id`. Committed when the block returns, rolled back if it
        raises. `replica=True` reads from the read replica when there is one."""
        opening = f"BEGIN READ ONLY; {self._local_role_sql}{tenant_setting_sql(tenant_id)}"
        for name, value in settings:
            if not (_SETTING_WORD.match(name) and _SETTING_WORD.match(value)):
                raise ValueError(f"invalid setting {name!r} = {value!r}")
            opening += f"; SET LOCAL {name} = {value}"
        async with self.driver_connection(replica=replica) as conn:
            # One round trip, no parameters: the simple protocol takes every statement.
            await conn.execute(opening)
            try:
                yield conn
            except BaseException:
                if conn.is_in_transaction() and not conn.is_closed():
                    await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")

    @property
    def statements_outside_transactions(self) -> bool:
        """Whether a driver connection may run statements outside a transaction: not behind
        a transaction-mode pooler, where such a statement runs on whichever server
        connection is free, without the application role."""
        return not self.pooler

    async def ping(self) -> None:
        """The primary answers (and the read replica, when there is one)."""
        for engine in dict.fromkeys((self.engine, self.read_engine)):
            async with engine.connect() as conn:
                await conn.execute(sa.text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()


async def _finish(session: AsyncSession, holder: GateHolder) -> None:
    """Close the session (rolling back what is not committed), then give the write gate back.
    Shielded: a cancelled request still ends its transaction and frees the gate, never
    leaving the next writer to wait on a lock nobody will release."""

    async def close() -> None:
        try:
            await session.rollback()
        finally:
            holder.release()
            await session.close()

    await asyncio.shield(asyncio.ensure_future(close()))


def _raise_if_busy(exc: BaseException) -> None:
    """SQLite's own timeouts (a writer of another process, a full pool) answer as the
    write gate's does: 503 `database_busy`, nothing written."""
    if isinstance(exc, sa_exc.TimeoutError) or (
        isinstance(exc, sa_exc.OperationalError) and "database is locked" in str(exc.orig)
    ):
        raise DatabaseBusy(
            "The database is busy with other writes; try again shortly",
            headers={"Retry-After": "1"},
        ) from exc
