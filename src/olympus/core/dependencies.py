"""Request-level dependencies shared by every router: the unit of work, the client's address."""

import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Annotated

from fastapi import Depends, Request

from olympus.core.clock import Clock
from olympus.core.db import Database, ReadUnitOfWork, WriteUnitOfWork


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def clock(request: Request) -> Clock:
    value: Clock = request.app.state.clock
    return value


def request_id(request: Request) -> str | None:
    """The id the request was given (or brought) by the observability middleware."""
    value: str | None = getattr(request.state, "request_id", None)
    return value


_READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


def reading(
    request: Request, tenant_id: uuid.UUID | None = None
) -> AbstractAsyncContextManager[ReadUnitOfWork]:
    """The request's reading transaction: no write lock, and nothing it can change. A GET's
    goes to the read replica when there is one (DATABASE_READ_URL); a reading transaction of
    a request that writes (a check before the change) stays on the primary."""
    return database(request).unit_of_work(
        clock=clock(request),
        tenant_id=tenant_id,
        write=False,
        request_id=request_id(request),
        replica=request.method in _READ_ONLY_METHODS,
    )


def writing(
    request: Request, tenant_id: uuid.UUID | None = None
) -> AbstractAsyncContextManager[WriteUnitOfWork]:
    """The request's writing transaction."""
    return database(request).unit_of_work(
        clock=clock(request), tenant_id=tenant_id, request_id=request_id(request)
    )


# Committed when the handler returns (before the response is sent), rolled back if it raises.
# These two carry no tenant: for the routes that find it themselves (register, email tokens).
async def _read_unit_of_work(request: Request) -> AsyncIterator[ReadUnitOfWork]:
    async with reading(request) as uow:
        uow.ip = client_ip(request)
        yield uow


async def _write_unit_of_work(request: Request) -> AsyncIterator[WriteUnitOfWork]:
    async with writing(request) as uow:
        uow.ip = client_ip(request)
        yield uow


ReadUoWDep = Annotated[ReadUnitOfWork, Depends(_read_unit_of_work, scope="function")]
WriteUoWDep = Annotated[WriteUnitOfWork, Depends(_write_unit_of_work, scope="function")]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def user_agent(request: Request) -> str:
    return request.headers.get("user-agent", "")[:500]


async def _client_ip(request: Request) -> str:
    # async: FastAPI runs plain `def` dependencies in a worker thread, a cost on every request
    return client_ip(request)


async def _user_agent(request: Request) -> str:
    return user_agent(request)


ClientIp = Annotated[str, Depends(_client_ip)]
UserAgent = Annotated[str, Depends(_user_agent)]
