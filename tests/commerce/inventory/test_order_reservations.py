"""Reservations held for an order: the order is their owner, and their stock moves only
through the order (fulfil, cancel). The public release and commit answer 409
`reservation_owned_by_order` (declared in the OpenAPI document) and change nothing, for any
number of concurrent requests racing with the order's own moves; another tenant gets 404,
a caller without `inventory:write` 403."""

import asyncio
import uuid
from collections import Counter
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.commerce.inventory import service
from olympus.commerce.inventory.errors import ReservationOwnedByOrder
from olympus.commerce.orders.models import Order
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from tests.fixtures.inventory import RESERVATIONS, Inventory
from tests.fixtures.problems import assert_problem

ORDERS = "/api/v1/orders"


async def _order(inv: Inventory, location: str, items: list[tuple[str, int]]) -> dict[str, Any]:
    r = await inv.client.post(
        ORDERS,
        json={
            "location_id": location,
            "items": [{"product_id": p, "quantity": q} for p, q in items],
        },
        headers=inv.headers,
    )
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


async def _reservation_of(inv: Inventory, order_id: str) -> str:
    async def read(uow: ReadUnitOfWork) -> uuid.UUID | None:
        found: uuid.UUID | None = await uow.session.scalar(
            sa.select(Order.reservation_id).where(Order.id == uuid.UUID(order_id))
        )
        return found

    found = await inv.read(read)
    assert found is not None
    return str(found)


async def _end(
    inv: Inventory, reservation_id: str, action: str, headers: dict[str, str] | None = None
) -> httpx.Response:
    return await inv.client.post(
        f"{RESERVATIONS}/{reservation_id}/{action}",
        json={"reason": "by hand"},
        headers=headers or inv.headers,
    )


async def _pay(inv: Inventory, order: dict[str, Any]) -> None:
    from olympus.commerce.orders import service as orders  # the orders' own path to paid

    async def work(uow: WriteUnitOfWork) -> None:
        await orders.record_payment(
            uow,
            uuid.UUID(order["id"]),
            payment_id=uuid.uuid4(),
            amount=order["total"],
            method="cash",
        )

    await inv.write(work)


async def test_an_orders_reservation_names_the_order_and_refuses_release_and_commit(
    inventory: Inventory,
) -> None:
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 10)
    order = await _order(inventory, location, [(product, 2)])
    reservation = await _reservation_of(inventory, order["id"])

    r = await inventory.client.get(f"{RESERVATIONS}/{reservation}", headers=inventory.headers)
    assert r.json()["owner"] == {"kind": "order", "id": order["id"]}
    (audited,) = await inventory.audit("inventory.reserved")
    assert (audited.changes["owner_kind"], audited.changes["owner_id"]) == ("order", order["id"])
    for action in ("release", "commit"):
        body = assert_problem(
            await _end(inventory, reservation, action), 409, "reservation_owned_by_order"
        )
        assert body["order_id"] == order["id"]

    assert await inventory.levels() == {(product, location): (10, 2)}
    r = await inventory.client.get(f"{RESERVATIONS}/{reservation}", headers=inventory.headers)
    assert r.json()["status"] == "active"
    assert await inventory.audit("inventory.reservation_released") == []
    assert await inventory.audit("inventory.reservation_committed") == []


async def test_the_order_itself_still_fulfils_and_cancels(inventory: Inventory) -> None:
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 10)
    kept = await _order(inventory, location, [(product, 3)])
    dropped = await _order(inventory, location, [(product, 2)])
    await _pay(inventory, kept)

    item = kept["items"][0]["id"]
    r = await inventory.client.post(
        f"{ORDERS}/{kept['id']}/fulfill",
        json={"lines": [{"item_id": item, "quantity": 1}]},
        headers=inventory.headers,
    )
    assert r.status_code == 200, r.text
    assert (
        await inventory.client.post(f"{ORDERS}/{kept['id']}/fulfill", headers=inventory.headers)
    ).status_code == 200
    r = await inventory.client.post(
        f"{ORDERS}/{dropped['id']}/cancel",
        json={"reason": "changed mind"},
        headers=inventory.headers,
    )
    assert r.status_code == 200, r.text

    assert await inventory.levels() == {(product, location): (7, 0)}
    statuses = [
        (
            await inventory.client.get(
                f"{RESERVATIONS}/{await _reservation_of(inventory, o['id'])}",
                headers=inventory.headers,
            )
        ).json()["status"]
        for o in (kept, dropped)
    ]
    assert statuses == ["committed", "released"]
    assert await inventory.ledger_differences() == []


async def test_a_reservation_made_through_the_api_has_no_owner(inventory: Inventory) -> None:
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 4)
    reservation = (await inventory.reserve(location, [(product, 1)])).json()
    assert reservation["owner"] is None

    r = await _end(inventory, reservation["id"], "release")

    assert (r.status_code, r.json()["status"], r.json()["owner"]) == (200, "released", None)


async def test_another_order_cannot_move_the_reservation(inventory: Inventory) -> None:
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 4)
    order = await _order(inventory, location, [(product, 1)])
    reservation = uuid.UUID(await _reservation_of(inventory, order["id"]))
    stranger = service.order_owner(uuid.uuid4())

    async def release(uow: WriteUnitOfWork) -> None:
        await service.release_reservation(uow, reservation, owner=stranger)

    async def sell(uow: WriteUnitOfWork) -> None:
        await service.sell_reserved(
            uow, reservation, lines=[(uuid.UUID(product), 1)], owner=stranger
        )

    for work in (release, sell):
        with pytest.raises(ReservationOwnedByOrder):
            await inventory.write(work)
    assert await inventory.levels() == {(product, location): (4, 1)}


async def test_another_tenant_gets_404_and_a_reader_403(
    inventory: Inventory, other_inventory: Inventory
) -> None:
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 4)
    order = await _order(inventory, location, [(product, 1)])
    reservation = await _reservation_of(inventory, order["id"])
    staff = await inventory.member("staff")

    for action in ("release", "commit"):
        r = await _end(inventory, reservation, action, headers=other_inventory.headers)
        assert_problem(r, 404, "reservation_not_found")
        assert_problem(
            await _end(inventory, reservation, action, headers=staff.headers),
            403,
            "permission_denied",
        )

    assert await inventory.levels() == {(product, location): (4, 1)}


def test_the_refusal_is_declared_in_the_openapi_document(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    for action in ("release", "commit"):
        operation = paths[f"/api/v1/inventory/reservations/{{reservation_id}}/{action}"]["post"]
        assert "reservation_owned_by_order" in str(operation["responses"]["409"])
        assert "reservation_owned_by_order" in operation["description"]


async def test_release_and_commit_racing_the_orders_own_moves_never_move_its_stock(
    inventory: Inventory,
) -> None:
    """Each order is cancelled or fulfilled while many public releases and commits of its
    reservation run at once: every one of those is refused, and the stock moves exactly
    once, by the order."""
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 40)
    orders = [await _order(inventory, location, [(product, 2)]) for _ in range(8)]
    for order in orders[::2]:
        await _pay(inventory, order)
    reservations = [await _reservation_of(inventory, o["id"]) for o in orders]
    gate = asyncio.Semaphore(20)

    async def limited(call: Any) -> httpx.Response:
        async with gate:
            response: httpx.Response = await call
            return response

    def by_order(index: int, order: dict[str, Any]) -> Any:
        if index % 2 == 0:
            return inventory.client.post(
                f"{ORDERS}/{order['id']}/fulfill", headers=inventory.headers
            )
        return inventory.client.post(
            f"{ORDERS}/{order['id']}/cancel", json={"reason": "race"}, headers=inventory.headers
        )

    public = [
        _end(inventory, reservation, action)
        for reservation in reservations
        for action in ("release", "commit", "release", "commit", "release")
    ]
    own = [by_order(i, o) for i, o in enumerate(orders)]
    answers = await asyncio.gather(*(limited(c) for c in [*public[:20], *own, *public[20:]]))

    refused = [r for r in answers if r.status_code == 409]
    assert Counter(r.status_code for r in answers) == {409: len(public), 200: len(orders)}
    for r in refused:
        assert_problem(r, 409, "reservation_owned_by_order")
    # Four orders fulfilled (2 units each sold), four cancelled (their units back).
    assert await inventory.levels() == {(product, location): (32, 0)}
    assert await inventory.ledger_differences() == []
