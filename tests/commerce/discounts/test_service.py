"""What carts and orders call: `offers` (the automatic discounts and those of the codes given,
as pricing takes them), `claim_uses` (one use per order, within the usage limits) and
`release_uses` (a cancelled order gives its uses back)."""

import uuid
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from olympus.commerce.discounts import service
from olympus.commerce.discounts.errors import (
    DiscountCodeInvalid,
    DiscountCustomerLimit,
    DiscountExhausted,
    DiscountNotFound,
)
from olympus.commerce.pricing import service as pricing
from olympus.core.db import WriteUnitOfWork
from tests.commerce.discounts.discount_api import URL, Stored, create, create_customer
from tests.fixtures.accounts import Account, TenantFactory, login_owner
from tests.fixtures.apps import MovableClock


async def _offers(stored: Stored, *codes: str, at: Any = None) -> list[pricing.Discount]:
    when = at or stored.clock.now()
    return await stored.write(lambda uow: service.offers(uow, codes=codes, at=when))


async def _claim(
    stored: Stored,
    discount_ids: Sequence[str | uuid.UUID],
    order_id: uuid.UUID | None = None,
    customer_id: uuid.UUID | None = None,
) -> uuid.UUID:
    order = order_id or uuid.uuid4()

    async def claim(uow: WriteUnitOfWork) -> None:
        await service.claim_uses(
            uow,
            discount_ids=[uuid.UUID(str(i)) for i in discount_ids],
            order_id=order,
            customer_id=customer_id,
        )

    await stored.write(claim)
    return order


async def _release(stored: Stored, order_id: uuid.UUID) -> list[uuid.UUID]:
    return await stored.write(lambda uow: service.release_uses(uow, order_id=order_id))


# --- offers ---------------------------------------------------------------------------------------


async def test_offers_are_the_automatic_discounts_and_the_codes_given(
    client: httpx.AsyncClient, owner: Account, stored: Stored, clock: MovableClock
) -> None:
    now = clock.now()
    welcome = await create(
        client, owner.headers, code=None, automatic=True, name="Welcome", type="fixed", value=300
    )
    summer = await create(client, owner.headers, code="Summer10", value="12.5", min_subtotal=100)
    bogo = await create(
        client,
        owner.headers,
        code="BOGO",
        type="buy_x_get_y",
        value=50,
        buy_quantity=2,
        get_quantity=1,
    )
    # Automatic ones that don't apply now are left out, silently.
    await create(
        client,
        owner.headers,
        code=None,
        automatic=True,
        name="Tomorrow",
        starts_at=(now + timedelta(days=1)).isoformat(),
    )
    await create(
        client,
        owner.headers,
        code=None,
        automatic=True,
        name="Yesterday",
        ends_at=(now - timedelta(seconds=1)).isoformat(),
        starts_at=(now - timedelta(days=1)).isoformat(),
    )
    archived = await create(client, owner.headers, code=None, automatic=True, name="Gone")
    assert (
        await client.delete(f"{URL}/{archived['id']}", headers=owner.headers)
    ).status_code == 204
    used_up = await create(
        client, owner.headers, code=None, automatic=True, name="Used up", usage_limit=1
    )
    await _claim(stored, [used_up["id"]])

    assert [o.id for o in await _offers(stored)] == [uuid.UUID(welcome["id"])]
    found = await _offers(stored, "bogo", "SUMMER10", "summer10")
    assert [str(o.id) for o in found] == [welcome["id"], bogo["id"], summer["id"]]
    offer = found[2]
    assert offer == pricing.Discount(
        id=uuid.UUID(summer["id"]),
        name="Summer sale",
        type=pricing.DiscountType.PERCENTAGE,
        value=Decimal("12.5"),
        code="Summer10",
        min_subtotal=100,
    )
    assert (found[1].buy_quantity, found[1].get_quantity, found[1].value) == (2, 1, Decimal(50))
    assert found[0].value == Decimal(300)


async def test_offers_price_a_cart(
    client: httpx.AsyncClient, owner: Account, stored: Stored, clock: MovableClock
) -> None:
    r = await client.post(
        "/api/v1/products",
        json={"sku": "TEA-1", "name": "Tea", "price": 1000, "currency": "EUR"},
        headers=owner.headers,
    )
    tea = uuid.UUID(r.json()["id"])
    await create(client, owner.headers, code="TEA10", product_ids=[str(tea)])
    await create(client, owner.headers, code=None, automatic=True, type="fixed", value=100)
    await create(client, owner.headers, code="BIG", min_subtotal=100_000, value=50)
    lines = [
        pricing.Line(key="1", product_id=tea, unit_price=1000, quantity=2),
        pricing.Line(key="2", product_id=uuid.uuid4(), unit_price=500, quantity=1),
    ]
    at = clock.now()
    quote = pricing.quote(
        lines, currency="EUR", at=at, discounts=await _offers(stored, "tea10", "big")
    )
    # 10% of the tea (200), then 100 off what is left of both lines.
    assert quote.discount_total == 300
    assert quote.total == 2200
    assert [reason for _, reason in quote.not_applied] == ["below_min_subtotal"]


@pytest.mark.parametrize("case", ["unknown", "archived", "expired", "not_yet"])
async def test_a_code_that_is_not_valid_now_is_refused(
    client: httpx.AsyncClient, owner: Account, stored: Stored, clock: MovableClock, case: str
) -> None:
    now = clock.now()
    fields: dict[str, Any] = {
        "expired": {
            "starts_at": (now - timedelta(days=2)).isoformat(),
            "ends_at": (now - timedelta(days=1)).isoformat(),
        },
        "not_yet": {"starts_at": (now + timedelta(days=1)).isoformat()},
    }.get(case, {})
    created = await create(client, owner.headers, code="SPRING", **fields)
    if case == "archived":
        await client.delete(f"{URL}/{created['id']}", headers=owner.headers)
    code = "NOPE" if case == "unknown" else "spring"
    with pytest.raises(DiscountCodeInvalid) as refused:
        await _offers(stored, code)
    assert code in str(refused.value.detail)
    assert refused.value.status == 422


async def test_another_tenants_code_is_unknown(
    client: httpx.AsyncClient, owner: Account, stored: Stored, make_tenant: TenantFactory
) -> None:
    other = await login_owner(client, await make_tenant())
    foreign = await create(client, other.headers, code="THEIRS")
    await create(client, other.headers, code=None, automatic=True, name="Their welcome")
    with pytest.raises(DiscountCodeInvalid):
        await _offers(stored, "THEIRS")
    assert await _offers(stored) == []
    with pytest.raises(DiscountNotFound):
        await _claim(stored, [foreign["id"]])


async def test_a_used_up_code_is_refused(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    created = await create(client, owner.headers, code="ONCE", usage_limit=1)
    assert len(await _offers(stored, "once")) == 1
    await _claim(stored, [created["id"]])
    with pytest.raises(DiscountExhausted) as refused:
        await _offers(stored, "ONCE")
    assert refused.value.status == 409
    assert refused.value.code == "discount_exhausted"


# --- claim and release ----------------------------------------------------------------------------


async def test_claims_count_up_to_the_limit_and_releases_give_back(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    created = await create(client, owner.headers, usage_limit=2)
    first = await _claim(stored, [created["id"]])
    await _claim(stored, [created["id"]], order_id=first)  # the same order: counted once
    second = await _claim(stored, [created["id"]])
    with pytest.raises(DiscountExhausted):
        await _claim(stored, [created["id"]])
    row = await stored.discount(created["id"])
    assert row.used_count == 2
    uses = await stored.uses(created["id"])
    assert [(u.order_id, u.released_at) for u in uses] == [(first, None), (second, None)]
    r = await client.get(f"{URL}/{created['id']}", headers=owner.headers)
    assert r.json()["used_count"] == 2

    assert await _release(stored, first) == [uuid.UUID(created["id"])]
    assert await _release(stored, first) == []  # idempotent
    assert (await stored.discount(created["id"])).used_count == 1
    (released, kept) = await stored.uses(created["id"])
    assert released.released_at is not None and kept.released_at is None

    third = await _claim(stored, [created["id"]])  # the use given back is usable again
    assert (await stored.discount(created["id"])).used_count == 2
    assert [u.order_id for u in await stored.uses(created["id"])] == [first, second, third]


async def test_an_order_uses_several_discounts_together(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    a = await create(client, owner.headers, code="A")
    b = await create(client, owner.headers, code="B", usage_limit=1)
    order = await _claim(stored, [b["id"], a["id"], b["id"]])
    assert [(await stored.discount(d["id"])).used_count for d in (a, b)] == [1, 1]
    # A claim refused on one discount counts none of them.
    with pytest.raises(DiscountExhausted):
        await _claim(stored, [a["id"], b["id"]])
    assert [(await stored.discount(d["id"])).used_count for d in (a, b)] == [1, 1]
    assert sorted(await _release(stored, order)) == sorted(uuid.UUID(d["id"]) for d in (a, b))
    assert [(await stored.discount(d["id"])).used_count for d in (a, b)] == [0, 0]


async def test_the_limit_per_customer(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    created = await create(client, owner.headers, usage_limit_per_customer=2)
    ada = await create_customer(client, owner.headers)
    bob = await create_customer(client, owner.headers)
    first = await _claim(stored, [created["id"]], customer_id=ada)
    await _claim(stored, [created["id"]], customer_id=ada)
    with pytest.raises(DiscountCustomerLimit) as refused:
        await _claim(stored, [created["id"]], customer_id=ada)
    assert (refused.value.status, refused.value.code) == (409, "discount_customer_limit")
    # Other customers, and orders without a customer, are not limited by Ada's uses.
    await _claim(stored, [created["id"]], customer_id=bob)
    await _claim(stored, [created["id"]])
    assert (await stored.discount(created["id"])).used_count == 4
    # A cancelled order gives the customer's use back.
    await _release(stored, first)
    await _claim(stored, [created["id"]], customer_id=ada)
    assert (await stored.discount(created["id"])).used_count == 4


async def test_a_refused_customer_claim_leaves_the_count_as_it_was(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    """Even when the caller goes on with its transaction after the refusal."""
    created = await create(client, owner.headers, usage_limit_per_customer=1, usage_limit=5)
    ada = await create_customer(client, owner.headers)
    await _claim(stored, [created["id"]], customer_id=ada)

    async def refused_then_commit(uow: WriteUnitOfWork) -> None:
        with pytest.raises(DiscountCustomerLimit):
            await service.claim_uses(
                uow,
                discount_ids=[uuid.UUID(created["id"])],
                order_id=uuid.uuid4(),
                customer_id=ada,
            )

    await stored.write(refused_then_commit)
    assert (await stored.discount(created["id"])).used_count == 1
    assert len(await stored.uses(created["id"])) == 1
