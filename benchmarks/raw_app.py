"""The baseline the service is measured against: the leanest reasonable Starlette + asyncpg
versions of `GET /api/v1/auth/me`, `POST /api/v1/auth/refresh`, `GET /api/v1/products` and
(one line of) `POST /api/v1/inventory/reservations`, on the service's own tables and tokens. No
framework layers, no ORM: what the hardware and the driver can do.

/auth/me reads as the login role of DATABASE_URL, one query and nothing else. Refresh runs
as the service does, under row-level security: its connections take the application role
(DATABASE_APP_ROLE, `olympus_app` by default) and each transaction sets the tenant.

The product list runs the service's own page statement: CATALOG_STATEMENTS names a JSON file
(written by `catalog_http.py` from `catalog.repository.product_page_statement`, compiled for
PostgreSQL) with the statement of a plain list, of a search and of a short search, and what
each parameter is bound to. Like the service it runs as the application role in a read-only
transaction scoped to the token's tenant, reads the page's variants (and prices) in at most
two more statements, and answers the same documents.

Run with uvicorn: `uvicorn raw_app:app --app-dir benchmarks` with DATABASE_URL (plain
`postgresql://`) and JWT_SECRET set, plus JWT_ISSUER / JWT_AUDIENCE if the service's differ.
"""

import base64
import hashlib
import os
import secrets
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import jwt
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

SECRET = os.environ["JWT_SECRET"]
ISSUER = os.environ.get("JWT_ISSUER", "olympus-core")
AUDIENCE = os.environ.get("JWT_AUDIENCE", "olympus-api")
APP_ROLE = os.environ.get("DATABASE_APP_ROLE", "olympus_app")
ACCESS_TTL = 900
# The service's pool: 10 kept, up to 20 more (a run sharing the database server with other
# work may keep fewer: RAW_POOL_MIN, RAW_POOL_MAX).
POOL_MIN = int(os.environ.get("RAW_POOL_MIN", "10"))
POOL_MAX = int(os.environ.get("RAW_POOL_MAX", "30"))

USER_BY_ID = """
SELECT id, tenant_id, email, full_name, email_verified, created_at
FROM users WHERE tenant_id = $1 AND id = $2
"""
# Everything refresh must check, in one round trip: tenant open, token known, session
# alive, user active.
TOKEN_CONTEXT = """
SELECT t.status, rt.id AS token_id, s.id AS session_id, s.user_id, s.revoked_at,
       s.expires_at, u.is_active
FROM refresh_tokens rt
JOIN tenants t ON t.id = rt.tenant_id
JOIN auth_sessions s ON s.tenant_id = rt.tenant_id AND s.id = rt.session_id
JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
WHERE rt.tenant_id = $1 AND rt.token_hash = $2
"""
SET_TENANT = "SELECT set_config('olympus.tenant_id', $1, true)"
SPEND_TOKEN = """
UPDATE refresh_tokens SET spent_at = $3
WHERE tenant_id = $1 AND id = $2 AND spent_at IS NULL
"""
REVOKE_SESSION = """
UPDATE auth_sessions SET revoked_at = $3, revoked_reason = 'token_reused'
WHERE tenant_id = $1 AND id = $2
"""
TOUCH_SESSION = (
    "UPDATE auth_sessions SET last_used_at = $3, ip = $4 WHERE tenant_id = $1 AND id = $2"
)
ADD_TOKEN = """
INSERT INTO refresh_tokens (tenant_id, id, session_id, token_hash, created_at, spent_at)
VALUES ($1, $2, $3, $4, $5, NULL)
"""

# A page's variants and their prices, as `catalog.repository.variants_of` and
# `location_prices_of` read them (with one array parameter instead of an IN list).
SHOWN = (
    "id, parent_id, sku, name, description, price, currency, status, category_id, attributes,"
    " tax_class, image_urls, barcode, options, option_values, created_at, updated_at"
)
VARIANTS = """
SELECT id, parent_id, sku, name, description, price, currency, status, category_id, attributes,
       tax_class, image_urls, barcode, options, option_values, created_at, updated_at,
       EXISTS (SELECT * FROM location_prices lp
               WHERE lp.tenant_id = $1 AND lp.product_id = products.id) AS has_prices
FROM products WHERE tenant_id = $1 AND parent_id = ANY($2::uuid[])
ORDER BY parent_id, id
"""
PRICES = """
SELECT product_id, location_id, price FROM location_prices
WHERE tenant_id = $1 AND product_id = ANY($2::uuid[]) ORDER BY product_id, location_id
"""
_SHOWN_KEYS = tuple(SHOWN.split(", "))
# What an answer shows of a variant: what its product's shows, less what it takes from it.
_VARIANT_KEYS = tuple(
    k
    for k in _SHOWN_KEYS
    if k not in {"parent_id", "description", "category_id", "tax_class", "options"}
)
MAX_LIMIT = 200
# A reservation of one line, as the service writes it: the level held by one conditional
# statement, then the reservation, its line, the movement, the audit row and the event.
HOLD = """
UPDATE stock_levels SET reserved = reserved + $4, updated_at = $5
WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3 AND on_hand - reserved >= $4
RETURNING on_hand, reserved
"""
ADD_RESERVATION = """
INSERT INTO reservations (tenant_id, id, location_id, status, reason, actor_id, expires_at,
                          created_at, ended_at)
VALUES ($1, $2, $3, 'active', '', $4, $5, $6, NULL)
"""
ADD_LINE = """
INSERT INTO reservation_lines (tenant_id, reservation_id, product_id, quantity)
VALUES ($1, $2, $3, $4)
"""
ADD_MOVEMENT = """
INSERT INTO stock_movements (tenant_id, id, location_id, product_id, kind, on_hand_delta,
                             reserved_delta, on_hand_after, reserved_after, reason, actor_id,
                             reference_id, created_at)
VALUES ($1, $2, $3, $4, 'reservation', 0, $5, $6, $7, '', $8, $9, $10)
"""
ADD_AUDIT = """
INSERT INTO audit_logs (tenant_id, id, actor_id, action, target_type, target_id, changes,
                        request_id, ip, created_at)
VALUES ($1, $2, $3, 'inventory.reserved', 'reservation', $4, $5, '', $6, $7)
"""
ADD_EVENT = """
INSERT INTO events (tenant_id, id, type, occurred_at, version, data, published_at, attempts)
VALUES ($1, $2, 'inventory.updated', $3, 1, $4, NULL, 0)
"""

_plain: asyncpg.Pool | None = None  # the login role: /auth/me
_scoped: asyncpg.Pool | None = None  # the application role, under row-level security


def _id_text(value: Any) -> str:
    if isinstance(value, uuid.UUID):  # asyncpg's UUIDs are a subclass orjson leaves out
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _json(body: Any, status: int = 200) -> Response:
    return Response(
        orjson.dumps(body, default=_id_text, option=orjson.OPT_UTC_Z),
        status_code=status,
        media_type="application/json",
    )


def _unauthorized(code: str) -> Response:
    body = {"type": "about:blank", "title": "Unauthorized", "status": 401, "code": code}
    return Response(
        orjson.dumps(body),
        status_code=401,
        media_type="application/problem+json",
        headers={"WWW-Authenticate": "Bearer"},
    )


def _uuid7() -> uuid.UUID:
    """Time-ordered ids, as the service uses, so inserts land at the end of the index."""
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis << 80) | (0x7 << 76) | ((rand >> 62) & 0xFFF) << 64
    value |= (0b10 << 62) | (rand & ((1 << 62) - 1))
    return uuid.UUID(int=value)


def _issue_access(user_id: uuid.UUID, tenant_id: uuid.UUID, session_id: uuid.UUID) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": str(user_id),
        "tid": str(tenant_id),
        "sid": str(session_id),
        "iat": now,
        "exp": now + ACCESS_TTL,
        "jti": str(_uuid7()),
    }
    return jwt.encode(claims, SECRET, algorithm="HS256", headers={"typ": "at+jwt"})


def _claims(request: Request) -> dict[str, Any] | Response:
    """The bearer token's claims, or the 401 to answer."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return _unauthorized("unauthenticated")
    try:
        claims: dict[str, Any] = jwt.decode(
            token, SECRET, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER
        )
        claims["tid"], claims["sub"] = uuid.UUID(claims["tid"]), uuid.UUID(claims["sub"])
    except (jwt.PyJWTError, KeyError, ValueError):
        return _unauthorized("invalid_token")
    return claims


async def me(request: Request) -> Response:
    claims = _claims(request)
    if isinstance(claims, Response):
        return claims
    assert _plain is not None
    row = await _plain.fetchrow(USER_BY_ID, claims["tid"], claims["sub"])
    if row is None:
        return _unauthorized("invalid_token")
    return _json(
        {
            "id": str(row["id"]),
            "tenant_id": str(row["tenant_id"]),
            "email": row["email"],
            "full_name": row["full_name"],
            "email_verified": row["email_verified"],
            "created_at": row["created_at"].isoformat(),
        }
    )


async def refresh(request: Request) -> Response:
    body = orjson.loads(await request.body())
    presented = body.get("refresh_token") if isinstance(body, dict) else None
    if not isinstance(presented, str):
        return _unauthorized("invalid_token")
    tenant_hex, _, _ = presented.partition(".")
    try:
        tenant_id = uuid.UUID(hex=tenant_hex)
    except ValueError:
        return _unauthorized("invalid_token")
    token_hash = hashlib.sha256(presented.encode()).hexdigest()
    ip = request.client.host if request.client else ""
    assert _scoped is not None
    async with _scoped.acquire() as conn, conn.transaction():
        return await _rotate(conn, tenant_id, token_hash, ip)


async def _rotate(
    conn: asyncpg.Connection, tenant_id: uuid.UUID, token_hash: str, ip: str
) -> Response:
    await conn.execute(SET_TENANT, str(tenant_id))
    found = await conn.fetchrow(TOKEN_CONTEXT, tenant_id, token_hash)
    now = datetime.now(UTC)
    if found is None or found["status"] != "active":
        return _unauthorized("invalid_token")
    if found["revoked_at"] is not None or now >= found["expires_at"]:
        return _unauthorized("token_revoked")
    session_id = found["session_id"]
    if await conn.execute(SPEND_TOKEN, tenant_id, found["token_id"], now) != "UPDATE 1":
        await conn.execute(REVOKE_SESSION, tenant_id, session_id, now)
        return _unauthorized("token_reused")
    if not found["is_active"]:
        return _unauthorized("account_disabled")
    await conn.execute(TOUCH_SESSION, tenant_id, session_id, now, ip[:64])
    new_token = f"{tenant_id.hex}.{secrets.token_urlsafe(32)}"
    new_hash = hashlib.sha256(new_token.encode()).hexdigest()
    await conn.execute(ADD_TOKEN, tenant_id, _uuid7(), session_id, new_hash, now)
    remaining = found["expires_at"] - now
    return _json(
        {
            "access_token": _issue_access(found["user_id"], tenant_id, session_id),
            "refresh_token": new_token,
            "token_type": "Bearer",
            "expires_in": ACCESS_TTL,
            "refresh_expires_in": max(0, int(remaining / timedelta(seconds=1))),
        }
    )


def _load_catalog() -> dict[str, Any]:
    path = os.environ.get("CATALOG_STATEMENTS")
    if not path:
        return {}
    with open(path, "rb") as source:
        loaded: dict[str, Any] = orjson.loads(source.read())
    return loaded


_CATALOG = _load_catalog()


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _bind(role: list[Any], tenant_id: uuid.UUID, pattern: str, limit: int) -> Any:
    kind = role[0]
    if kind == "tenant":
        return tenant_id
    if kind == "pattern":
        return pattern
    if kind == "limit":
        return limit + 1
    return role[1]  # a constant of the statement


def _variant(row: asyncpg.Record, prices: list[dict[str, Any]]) -> dict[str, Any]:
    document = {k: row[k] for k in _VARIANT_KEYS}
    document["location_prices"] = prices
    return document


def _product(
    row: asyncpg.Record, variants: list[dict[str, Any]], prices: list[dict[str, Any]]
) -> dict[str, Any]:
    document = {k: row[k] for k in _SHOWN_KEYS}
    document["variants"], document["location_prices"] = variants, prices
    return document


async def products(request: Request) -> Response:
    """A page of products in creation order, searched by `q` or not."""
    claims = _claims(request)
    if isinstance(claims, Response):
        return claims
    tenant_id: uuid.UUID = claims["tid"]
    q = (request.query_params.get("q") or "").strip()
    try:
        limit = int(request.query_params.get("limit", "50"))
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_LIMIT or len(q) > MAX_LIMIT:
        return _json({"status": 422, "code": "validation_error"}, 422)
    kind = "list" if not q else "search" if len(q) >= _CATALOG["trigram"] else "short"
    statement = _CATALOG[kind]
    pattern = _like_pattern(q)
    args = [_bind(role, tenant_id, pattern, limit) for role in statement["params"]]
    # BEGIN and the transaction's settings in one round trip, as the service's driver paths
    # do; a search is planned for its own pattern, as in the service.
    opening = f"BEGIN READ ONLY; SELECT set_config('olympus.tenant_id', '{tenant_id}', true)"
    if q:
        opening += "; SET LOCAL plan_cache_mode = force_custom_plan"
    assert _scoped is not None
    async with _scoped.acquire() as conn:
        await conn.execute(opening)
        try:
            rows = await conn.fetch(statement["sql"], *args)
            cursor = None
            if len(rows) > limit:
                rows = rows[:limit]
                key = orjson.dumps({"s": "created", "id": str(rows[-1]["id"])})
                cursor = base64.urlsafe_b64encode(key).rstrip(b"=").decode()
            parents = [row["id"] for row in rows if row["has_variants"]]
            variants = await conn.fetch(VARIANTS, tenant_id, parents) if parents else []
            priced = [row["id"] for row in rows if row["has_prices"]]
            priced += [v["id"] for v in variants if v["has_prices"]]
            found = await conn.fetch(PRICES, tenant_id, priced) if priced else []
        finally:
            await conn.execute("COMMIT")
    prices: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for price in found:
        entry = {"location_id": price["location_id"], "price": price["price"]}
        prices.setdefault(price["product_id"], []).append(entry)
    by_parent: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for v in variants:
        by_parent.setdefault(v["parent_id"], []).append(_variant(v, prices.get(v["id"], [])))
    items = [_product(r, by_parent.get(r["id"], []), prices.get(r["id"], [])) for r in rows]
    return _json({"items": items, "next_cursor": cursor})


async def reserve(request: Request) -> Response:
    """POST /api/v1/inventory/reservations for one line, without framework or ORM."""
    _, _, token = request.headers.get("authorization", "").partition(" ")
    try:
        claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER)
        tenant_id, user_id = uuid.UUID(claims["tid"]), uuid.UUID(claims["sub"])
    except (jwt.PyJWTError, KeyError, ValueError):
        return _unauthorized("invalid_token")
    body = orjson.loads(await request.body())
    location_id = uuid.UUID(body["location_id"])
    line = body["lines"][0]
    product_id, quantity = uuid.UUID(line["product_id"]), int(line["quantity"])
    now = datetime.now(UTC)
    expires_at = now + timedelta(seconds=int(body.get("expires_in", 900)))
    reservation_id = _uuid7()
    assert _scoped is not None
    async with _scoped.acquire() as conn, conn.transaction():
        await conn.execute(SET_TENANT, str(tenant_id))
        level = await conn.fetchrow(HOLD, tenant_id, location_id, product_id, quantity, now)
        if level is None:
            return _json({"status": 409, "code": "insufficient_stock"}, 409)
        await conn.execute(
            ADD_RESERVATION, tenant_id, reservation_id, location_id, user_id, expires_at, now
        )
        await conn.execute(ADD_LINE, tenant_id, reservation_id, product_id, quantity)
        await conn.execute(
            ADD_MOVEMENT, tenant_id, _uuid7(), location_id, product_id, quantity,
            level["on_hand"], level["reserved"], user_id, reservation_id, now,
        )  # fmt: skip
        lines = [{"product_id": str(product_id), "quantity": quantity}]
        await conn.execute(
            ADD_AUDIT, tenant_id, _uuid7(), user_id, str(reservation_id),
            orjson.dumps({"location_id": str(location_id), "lines": lines}).decode(),
            request.client.host if request.client else "", now,
        )  # fmt: skip
        levels = [
            {
                "product_id": str(product_id),
                "location_id": str(location_id),
                "on_hand": level["on_hand"],
                "reserved": level["reserved"],
                "available": level["on_hand"] - level["reserved"],
            }
        ]
        data = {"cause": "inventory.reserved", "reference_id": str(reservation_id)}
        await conn.execute(
            ADD_EVENT, tenant_id, _uuid7(), now, orjson.dumps({**data, "levels": levels}).decode()
        )
    return _json(
        {
            "id": str(reservation_id),
            "status": "active",
            "location_id": str(location_id),
            "expires_at": expires_at.isoformat(),
            "lines": lines,
            "reason": "",
            "created_at": now.isoformat(),
            "ended_at": None,
        },
        201,
    )


async def health(_: Request) -> Response:
    return _json({"status": "ok"})


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


async def _take_app_role(conn: asyncpg.Connection) -> None:
    for json_type in ("json", "jsonb"):
        await conn.set_type_codec(
            json_type, schema="pg_catalog", encoder=_json_text, decoder=orjson.loads
        )
    if APP_ROLE:
        await conn.execute(f'SET ROLE "{APP_ROLE}"')


@asynccontextmanager
async def lifespan(_: Starlette) -> AsyncIterator[None]:
    global _plain, _scoped
    url = os.environ["DATABASE_URL"]
    _plain = await asyncpg.create_pool(url, min_size=POOL_MIN, max_size=POOL_MAX)
    _scoped = await asyncpg.create_pool(
        url, min_size=POOL_MIN, max_size=POOL_MAX, init=_take_app_role
    )
    try:
        yield
    finally:
        await _plain.close()
        await _scoped.close()


app = Starlette(
    routes=[
        Route("/api/v1/auth/me", me),
        Route("/api/v1/auth/refresh", refresh, methods=["POST"]),
        Route("/api/v1/products", products),
        Route("/api/v1/inventory/reservations", reserve, methods=["POST"]),
        Route("/health", health),
        Route("/ready", health),
    ],
    lifespan=lifespan,
)
