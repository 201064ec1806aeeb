"""Idempotency-Key store and replay: the first answer to a retried write is kept (per tenant,
key and route) and given again to a retry with the same body; a different body under the same
key is refused. A key is claimed inside the transaction of the write it guards, so a
concurrent duplicate waits for the first to commit and then replays it instead of running
twice."""

import hashlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any, cast

import orjson
import sqlalchemy as sa
from fastapi import Header, Request
from pydantic import BaseModel
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column
from starlette.responses import Response

from olympus.core.clock import Clock
from olympus.core.db import Base, Database, ReadUnitOfWork, WriteUnitOfWork
from olympus.core.errors import Conflict, InvalidInput
from olympus.core.tenancy import TenantOwned, unscoped

KEY_TTL = timedelta(hours=24)
MAX_KEY_LENGTH = 255
REPLAY_HEADER = "Idempotent-Replayed"
_JSON = "application/json"


class IdempotencyKey(TenantOwned, Base):
    __tablename__ = "idempotency_keys"

    key: Mapped[str] = mapped_column(sa.String(MAX_KEY_LENGTH), primary_key=True)
    # The method and route template, e.g. "POST /api/v1/orders": one key may guard one
    # write per route.
    scope: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    # Null while the write that claimed the key has not finished.
    status_code: Mapped[int | None]
    response_body: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    content_type: Mapped[str] = mapped_column(sa.String(100), default=_JSON)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class IdempotencyConflict(InvalidInput):
    code = "idempotency_conflict"
    title = "Idempotency key reused with another request"


class IdempotencyInProgress(Conflict):
    code = "idempotency_in_progress"
    title = "A request with this idempotency key has not finished"


class InvalidIdempotencyKey(InvalidInput):
    code = "invalid_idempotency_key"
    title = "Invalid idempotency key"


@dataclass(frozen=True)
class StoredResponse:
    """The first answer given under a key, to be replayed as it was."""

    status_code: int
    body: bytes
    content_type: str = _JSON

    def json(self) -> Any:
        return orjson.loads(self.body)

    def to_response(self) -> Response:
        return Response(
            self.body,
            status_code=self.status_code,
            media_type=self.content_type,
            headers={REPLAY_HEADER: "true"},
        )


def request_hash(payload: Any) -> str:
    """The sha256 of the canonical form of a request body: JSON with sorted keys and no
    whitespace, so the same body sent with other spacing or key order is the same request.
    Bytes that are not JSON are hashed as they are."""
    if isinstance(payload, bytes | bytearray):
        try:
            payload = orjson.loads(payload)
        except orjson.JSONDecodeError:
            return hashlib.sha256(payload).hexdigest()
    canonical = orjson.dumps(
        _jsonable(payload), option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS
    )
    return hashlib.sha256(canonical).hexdigest()


def _jsonable(payload: Any) -> Any:
    return payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload


def _check_key(key: str) -> None:
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise InvalidIdempotencyKey(
            f"Idempotency-Key must be 1-{MAX_KEY_LENGTH} printable ASCII characters"
        )


async def begin(
    uow: WriteUnitOfWork,
    *,
    key: str,
    scope: str,
    request_hash: str,
    ttl: timedelta = KEY_TTL,
) -> StoredResponse | None:
    """Claim `key` for this write in the current transaction, or find its earlier answer.

    Returns None when the caller should run the write (then call `complete`), or the stored
    answer to replay. The same key with another body raises `IdempotencyConflict`. While
    another transaction holds the claim, PostgreSQL makes this wait for it to end."""
    _check_key(key)
    if ttl < KEY_TTL:
        raise ValueError("idempotency keys are kept at least 24 hours")
    tenant_id = uow.require_tenant()
    now = uow.clock.now()
    claim = {
        "request_hash": request_hash,
        "status_code": None,
        "response_body": None,
        "content_type": _JSON,
        "created_at": now,
        "expires_at": now + ttl,
    }
    # A claim can lose to a concurrent one, or find the row pruned under it; look again.
    for _ in range(5):
        if await _insert_claim(uow, tenant_id, key, scope, claim):
            return None
        row = await _find(uow, key, scope)
        if row is None:
            continue
        if row.expires_at <= now:
            if await _reclaim_expired(uow, key, scope, claim, now):
                return None
            continue
        if row.request_hash != request_hash:
            raise IdempotencyConflict(
                "This Idempotency-Key was already used with a different request body"
            )
        if row.status_code is None or row.response_body is None:
            raise IdempotencyInProgress("Retry once the first request has finished")
        return StoredResponse(row.status_code, row.response_body, row.content_type)
    raise IdempotencyInProgress("Retry once the first request has finished")


async def complete(
    uow: WriteUnitOfWork,
    *,
    key: str,
    scope: str,
    status_code: int,
    body: bytes | Any,
    content_type: str = _JSON,
) -> None:
    """Keep the answer of the write that claimed `key`; it commits with the write. `body`
    is the response bytes, or a value serialised to JSON."""
    body = _jsonable(body)
    raw = bytes(body) if isinstance(body, bytes | bytearray) else orjson.dumps(body)
    stmt = (
        sa.update(IdempotencyKey)
        .where(
            IdempotencyKey.key == key,
            IdempotencyKey.scope == scope,
            IdempotencyKey.status_code.is_(None),
        )
        .values(status_code=status_code, response_body=raw, content_type=content_type)
        .execution_options(synchronize_session=False)
    )
    result = await uow.session.execute(stmt)
    if _rowcount(result) != 1:
        raise RuntimeError(f"idempotency key {key!r} was not claimed in this transaction")


async def prune_expired(db: Database, *, clock: Clock) -> int:
    """Delete the expired keys of every tenant in a transaction of its own (a retention job
    crosses tenants); returns how many went."""
    stmt = (
        sa.delete(IdempotencyKey)
        .where(IdempotencyKey.expires_at <= clock.now())
        .execution_options(synchronize_session=False)
    )
    async with db.unit_of_work(clock=clock, system=True) as uow:
        with unscoped(uow.session):
            return _rowcount(await uow.session.execute(stmt))


async def _insert_claim(
    uow: WriteUnitOfWork, tenant_id: uuid.UUID, key: str, scope: str, claim: dict[str, Any]
) -> bool:
    table = cast(sa.Table, IdempotencyKey.__table__)
    dialect = uow.session.bind.dialect.name if uow.session.bind is not None else ""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(table)
        .values(tenant_id=tenant_id, key=key, scope=scope, **claim)
        .on_conflict_do_nothing(index_elements=["tenant_id", "key", "scope"])
        .returning(table.c.key)
    )
    return (await uow.session.execute(stmt)).first() is not None


async def _find(uow: ReadUnitOfWork, key: str, scope: str) -> sa.Row[Any] | None:
    stmt = sa.select(
        IdempotencyKey.request_hash,
        IdempotencyKey.status_code,
        IdempotencyKey.response_body,
        IdempotencyKey.content_type,
        IdempotencyKey.expires_at,
    ).where(IdempotencyKey.key == key, IdempotencyKey.scope == scope)
    return (await uow.session.execute(stmt)).first()


async def _reclaim_expired(
    uow: WriteUnitOfWork, key: str, scope: str, claim: dict[str, Any], now: datetime
) -> bool:
    stmt = (
        sa.update(IdempotencyKey)
        .where(
            IdempotencyKey.key == key,
            IdempotencyKey.scope == scope,
            IdempotencyKey.expires_at <= now,
        )
        .values(**claim)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(await uow.session.execute(stmt)) == 1


def _rowcount(result: Any) -> int:
    count: int = result.rowcount
    return count


# --- for routers -------------------------------------------------------------------------

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=MAX_KEY_LENGTH,
        # Declared for clients, checked by _check_key (422 `invalid_idempotency_key`).
        json_schema_extra={"minLength": 1, "pattern": r"^[\x20-\x7e]+$"},
        description="Retry this write safely: the same key with the same body replays the "
        "first answer; with another body it is refused (422 `idempotency_conflict`). "
        "Kept at least 24 hours.",
    ),
]


def route_scope(request: Request) -> str:
    """The scope of a key: the method and the route template of the request."""
    route = request.scope.get("route")
    return f"{request.method} {getattr(route, 'path', request.url.path)}"


async def idempotent(
    uow: WriteUnitOfWork,
    request: Request,
    *,
    key: str | None,
    payload: Any,
    status_code: int,
    run: Callable[[], Awaitable[Any]],
) -> Response:
    """Run a write under an optional Idempotency-Key: replay the stored answer of an earlier
    identical request, otherwise run it and keep its answer (a JSON-able value or a pydantic
    model) with the write's transaction. Call it after the tenant is in scope."""
    scope = route_scope(request)
    if key is not None:
        # The path parameters are part of the request: the same key and body sent to
        # another order's refund is another request, not a replay.
        fingerprint = request_hash({"path": request.path_params, "body": _jsonable(payload)})
        stored = await begin(uow, key=key, scope=scope, request_hash=fingerprint)
        if stored is not None:
            return stored.to_response()
    body = orjson.dumps(_jsonable(await run()))
    if key is not None:
        await complete(uow, key=key, scope=scope, status_code=status_code, body=body)
    return Response(body, status_code=status_code, media_type=_JSON)
