"""Request-level dependencies shared by every router: the unit of work, the client's address."""

import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Annotated

from fastapi import Depends, Request

from olympus.core.clock import Clock
from olympus.core.db import Database, UnitOfWork

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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


def open_unit_of_work(
    request: Request, tenant_id: uuid.UUID | None = None
) -> AbstractAsyncContextManager[UnitOfWork]:
    """One transaction per request; reads (GET) take no write lock."""
    return database(request).unit_of_work(
        clock=clock(request),
        tenant_id=tenant_id,
        write=request.method not in READ_METHODS,
        request_id=request_id(request),
    )


async def _unit_of_work(request: Request) -> AsyncIterator[UnitOfWork]:
    """Committed when the handler returns (before the response is sent), rolled back if it
    raises."""
    async with open_unit_of_work(request) as uow:
        uow.ip = client_ip(request)
        yield uow


UnitOfWorkDep = Annotated[UnitOfWork, Depends(_unit_of_work, scope="function")]


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
