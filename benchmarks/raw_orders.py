"""The baseline of the orders benchmark: `POST /api/v1/orders` written by hand in a bare
Starlette + asyncpg handler, on the service's own tables and tokens, under row-level security
(the application role, the tenant set per transaction), with the writes the service makes in
one transaction: the products and their location prices read in one statement, each stock
level held by one conditional UPDATE (in product order), the reservation, its lines and
movements, the inventory's audit row and event, the tenant's order counter, the order, its
items, its timeline entry, its audit row and its `order.created` event. The tenant's settings
are read (the order number's prefix); prices are taken as they are (no tax, no discount: the
benchmark's tenant has none), so the service does at least as much work as this.

Run with uvicorn: `uvicorn raw_orders:app --app-dir benchmarks` with DATABASE_URL (plain
`postgresql://`) and JWT_SECRET set, plus JWT_ISSUER / JWT_AUDIENCE if the service's differ.
"""

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
POOL_MIN = int(os.environ.get("RAW_POOL_MIN", "2"))
POOL_MAX = int(os.environ.get("RAW_POOL_MAX", "20"))
HOLD_SECONDS = 10 * 366 * 24 * 3600

SET_TENANT = "SELECT set_config('olympus.tenant_id', $1, true)"
SETTINGS = "SELECT overrides FROM tenant_settings WHERE tenant_id = $1"
UNITS = """
SELECT p.id, p.sku, p.name, p.status, p.currency, coalesce(lp.price, p.price) AS price
FROM products p
LEFT JOIN location_prices lp
  ON lp.tenant_id = p.tenant_id AND lp.product_id = p.id AND lp.location_id = $3
WHERE p.tenant_id = $1 AND p.id = ANY($2::uuid[])
"""
HOLD = """
UPDATE stock_levels SET reserved = reserved + $4, updated_at = $5
WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3 AND on_hand - reserved >= $4
RETURNING on_hand, reserved
"""
ADD_RESERVATION = """
INSERT INTO reservations (tenant_id, id, location_id, status, reason, actor_id, expires_at,
                          created_at, ended_at)
VALUES ($1, $2, $3, 'active', $4, $5, $6, $7, NULL)
"""
ADD_LINE = """
INSERT INTO reservation_lines (tenant_id, reservation_id, product_id, quantity)
VALUES ($1, $2, $3, $4)
"""
ADD_MOVEMENT = """
INSERT INTO stock_movements (tenant_id, id, location_id, product_id, kind, on_hand_delta,
                             reserved_delta, on_hand_after, reserved_after, reason, actor_id,
                             reference_id, created_at)
VALUES ($1, $2, $3, $4, 'reservation', 0, $5, $6, $7, $8, $9, $10, $11)
"""
ADD_AUDIT = """
INSERT INTO audit_logs (tenant_id, id, actor_id, action, target_type, target_id, changes,
                        request_id, ip, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8, $9)
"""
ADD_EVENT = """
INSERT INTO events (tenant_id, id, type, occurred_at, version, data, published_at, attempts)
VALUES ($1, $2, $3, $4, 1, $5, NULL, 0)
"""
NEXT_NUMBER = """
INSERT INTO order_counters (tenant_id, last_number) VALUES ($1, 1)
ON CONFLICT (tenant_id) DO UPDATE SET last_number = order_counters.last_number + 1
RETURNING last_number
"""
ADD_ORDER = """
INSERT INTO orders (tenant_id, id, number, reference, status, channel, location_id, customer_id,
                    cart_id, reservation_id, currency, prices_include_tax, subtotal, discount_total,
                    tax_total, total, paid_total, refunded_total, discounts, cancel_reason,
                    created_by, created_at, updated_at)
VALUES ($1, $2, $3, $10, 'pending', 'pos', $4, NULL, NULL, $5, $6, false, $7, 0, 0, $7, 0,
        0, '[]', NULL, $8, $9, $9)
"""
ADD_ITEM = """
INSERT INTO order_items (tenant_id, id, order_id, position, product_id, sku, name, quantity,
                         unit_price, subtotal, discount, tax, line_total, tax_rate,
                         fulfilled_quantity)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, 0, $10, '0', 0)
"""
ADD_ENTRY = """
INSERT INTO order_timeline (tenant_id, id, order_id, kind, from_status, to_status, actor_id,
                            data, created_at)
VALUES ($1, $2, $3, 'created', NULL, 'pending', $4, $5, $6)
"""

_pool: asyncpg.Pool | None = None
_last_ms = 0
_counter = 0


def _uuid7() -> uuid.UUID:
    global _last_ms, _counter
    ms = time.time_ns() // 1_000_000
    if ms <= _last_ms:
        ms, _counter = _last_ms, _counter + 1
    else:
        _counter = 0
    _last_ms = ms
    value = (ms << 80) | (0x7 << 76) | ((_counter & 0xFFF) << 64) | (0b10 << 62)
    return uuid.UUID(int=value | secrets.randbits(62))


def _json(body: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def _text(value: Any) -> str:
    return orjson.dumps(value).decode()


async def create_order(request: Request) -> Response:
    _, _, token = request.headers.get("authorization", "").partition(" ")
    try:
        claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER)
        tenant_id, user_id = uuid.UUID(claims["tid"]), uuid.UUID(claims["sub"])
    except (jwt.PyJWTError, KeyError, ValueError):
        return _json({"status": 401, "code": "invalid_token"}, 401)
    body = orjson.loads(await request.body())
    location_id = uuid.UUID(body["location_id"])
    wanted = [(uuid.UUID(i["product_id"]), int(i["quantity"])) for i in body["items"]]
    merged: dict[uuid.UUID, int] = {}
    for product_id, quantity in wanted:
        merged[product_id] = merged.get(product_id, 0) + quantity
    now = datetime.now(UTC)
    order_id, reservation_id = _uuid7(), _uuid7()
    reason = f"order {order_id}"
    ip = request.client.host if request.client else ""
    assert _pool is not None
    async with _pool.acquire() as conn, conn.transaction():
        await conn.execute(SET_TENANT, str(tenant_id))
        overrides = await conn.fetchval(SETTINGS, tenant_id) or {}
        prefix = overrides.get("order_number_prefix", "ORD-")
        units = {
            r["id"]: r for r in await conn.fetch(UNITS, tenant_id, sorted(merged), location_id)
        }
        if len(units) != len(merged) or any(u["status"] != "active" for u in units.values()):
            return _json({"status": 404, "code": "product_not_found"}, 404)
        levels = {}
        for product_id, quantity in sorted(merged.items()):
            level = await conn.fetchrow(HOLD, tenant_id, location_id, product_id, quantity, now)
            if level is None:
                raise _Refused()
            levels[product_id] = level
        await conn.execute(
            ADD_RESERVATION, tenant_id, reservation_id, location_id, reason, user_id,
            now + timedelta(seconds=HOLD_SECONDS), now,
        )  # fmt: skip
        await conn.executemany(
            ADD_LINE, [(tenant_id, reservation_id, p, q) for p, q in sorted(merged.items())]
        )
        await conn.executemany(
            ADD_MOVEMENT,
            [
                (
                    tenant_id,
                    _uuid7(),
                    location_id,
                    p,
                    q,
                    levels[p]["on_hand"],
                    levels[p]["reserved"],
                    reason,
                    user_id,
                    reservation_id,
                    now,
                )
                for p, q in sorted(merged.items())
            ],
        )
        lines = [{"product_id": str(p), "quantity": q} for p, q in sorted(merged.items())]
        await conn.execute(
            ADD_AUDIT, tenant_id, _uuid7(), user_id, "inventory.reserved", "reservation",
            str(reservation_id), {"location_id": str(location_id), "lines": lines}, ip,
            now,
        )  # fmt: skip
        stock = [
            {
                "product_id": str(p),
                "location_id": str(location_id),
                "on_hand": levels[p]["on_hand"],
                "reserved": levels[p]["reserved"],
                "available": levels[p]["on_hand"] - levels[p]["reserved"],
            }
            for p in sorted(merged)
        ]
        await conn.execute(
            ADD_EVENT, tenant_id, _uuid7(), "inventory.updated", now,
            {"cause": "inventory.reserved", "reference_id": str(reservation_id), "levels": stock},
        )  # fmt: skip
        number = await conn.fetchval(NEXT_NUMBER, tenant_id)
        reference = f"{prefix}{number:05d}"
        currency = next(iter(units.values()))["currency"]
        items = []
        for position, (product_id, quantity) in enumerate(wanted):
            unit = units[product_id]
            subtotal = unit["price"] * quantity
            items.append(
                {
                    "id": _uuid7(), "product_id": product_id, "sku": unit["sku"],
                    "name": unit["name"], "quantity": quantity, "unit_price": unit["price"],
                    "line_total": subtotal, "position": position,
                }
            )  # fmt: skip
        total = sum(i["line_total"] for i in items)
        await conn.execute(
            ADD_ORDER, tenant_id, order_id, number, location_id, reservation_id, currency,
            total, user_id, now, reference,
        )  # fmt: skip
        await conn.executemany(
            ADD_ITEM,
            [
                (
                    tenant_id,
                    i["id"],
                    order_id,
                    i["position"],
                    i["product_id"],
                    i["sku"],
                    i["name"],
                    i["quantity"],
                    i["unit_price"],
                    i["line_total"],
                )
                for i in items
            ],
        )
        await conn.execute(
            ADD_ENTRY, tenant_id, _uuid7(), order_id, user_id,
            {"channel": "pos", "total": total, "currency": currency}, now,
        )  # fmt: skip
        changes = {"number": reference, "items": lines, "subtotal": total}
        await conn.execute(
            ADD_AUDIT, tenant_id, _uuid7(), user_id, "order.created", "order", str(order_id),
            changes, ip, now,
        )  # fmt: skip
        await conn.execute(
            ADD_EVENT, tenant_id, _uuid7(), "order.created", now,
            {"order_id": str(order_id), "number": reference, "total": total,
             "currency": currency, "location_id": str(location_id), **changes},
        )  # fmt: skip
    return _json(
        {
            "id": str(order_id),
            "number": reference,
            "status": "pending",
            "items": [
                {
                    "id": str(i["id"]),
                    "product_id": str(i["product_id"]),
                    "sku": i["sku"],
                    "name": i["name"],
                    "quantity": i["quantity"],
                    "unit_price": i["unit_price"],
                    "line_total": i["line_total"],
                }
                for i in items
            ],
            "subtotal": total,
            "discount_total": 0,
            "tax_total": 0,
            "total": total,
            "currency": currency,
        },
        201,
    )


class _Refused(Exception):
    """Not enough stock: the transaction rolls back."""


async def _refused(_: Request, __: Exception) -> Response:
    return _json({"status": 409, "code": "insufficient_stock"}, 409)


async def health(_: Request) -> Response:
    return _json({"status": "ok"})


async def _take_app_role(conn: asyncpg.Connection) -> None:
    for json_type in ("json", "jsonb"):
        await conn.set_type_codec(
            json_type, schema="pg_catalog", encoder=_text, decoder=orjson.loads
        )
    if APP_ROLE:
        await conn.execute(f'SET ROLE "{APP_ROLE}"')


@asynccontextmanager
async def lifespan(_: Starlette) -> AsyncIterator[None]:
    global _pool
    url = os.environ["DATABASE_URL"]
    _pool = await asyncpg.create_pool(
        url, min_size=POOL_MIN, max_size=POOL_MAX, init=_take_app_role
    )
    try:
        yield
    finally:
        await _pool.close()


app = Starlette(
    routes=[
        Route("/api/v1/orders", create_order, methods=["POST"]),
        Route("/health", health),
        Route("/ready", health),
    ],
    exception_handlers={_Refused: _refused},
    lifespan=lifespan,
)
