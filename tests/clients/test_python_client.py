"""The committed Python client (clients/python) against a running service: sign in, a token
refreshed on 401, a list walked over cursor pages, an order taken twice with one
Idempotency-Key (one order), and a problem+json answer raised as `ProblemError`."""

import uuid
from collections.abc import Iterator

import pytest

from olympus_api.api.auth import auth_me
from olympus_api.api.inventory import stock_adjust
from olympus_api.api.locations import location_create
from olympus_api.api.orders import order_create, orders_list
from olympus_api.api.products import product_create, product_get, products_list
from olympus_api.models.adjustment_create import AdjustmentCreate
from olympus_api.models.location_create import LocationCreate
from olympus_api.models.order_create import OrderCreate
from olympus_api.models.order_item_in import OrderItemIn
from olympus_api.models.product_create import ProductCreate
from olympus_client import Olympus, ProblemError, new_idempotency_key
from tests.clients.conftest import Service


@pytest.fixture
def olympus(service: Service) -> Iterator[Olympus]:
    with Olympus(service.url) as client:
        client.sign_in(service.tenant, service.email, service.password)
        yield client


def test_sign_in_and_refresh_on_401(service: Service, olympus: Olympus) -> None:
    me = olympus.call(auth_me.sync_detailed)
    assert me.email == service.email
    spent_refresh = olympus.refresh_token
    olympus.use_tokens("not-a-valid-token", spent_refresh)  # as an expired one: 401

    again = olympus.call(auth_me.sync_detailed)

    assert again.email == service.email
    assert olympus.access_token != "not-a-valid-token"
    assert olympus.refresh_token != spent_refresh  # rotated


def test_list_walks_every_cursor_page(olympus: Olympus) -> None:
    prefix = f"PG-{uuid.uuid4().hex[:6]}"
    skus = {f"{prefix}-{i}" for i in range(5)}
    for sku in sorted(skus):
        olympus.call(
            product_create.sync_detailed,
            body=ProductCreate(
                sku=sku, name=f"Item {sku}", price=150, currency="EUR", status="active"
            ),
        )

    seen = [p.sku for p in olympus.pages(products_list.sync_detailed, q=prefix, limit=2)]

    assert sorted(seen) == sorted(skus)  # 3 pages of at most 2, none twice


def test_same_idempotency_key_takes_one_order(olympus: Olympus) -> None:
    code = f"S{uuid.uuid4().hex[:6]}".upper()
    location = olympus.call(
        location_create.sync_detailed,
        body=LocationCreate(name="Shop", code=code, timezone="Europe/Paris", currency="EUR"),
    )
    product = olympus.call(
        product_create.sync_detailed,
        body=ProductCreate(
            sku=f"ID-{code}", name="Kettle", price=2500, currency="EUR", status="active"
        ),
    )
    olympus.call(
        stock_adjust.sync_detailed,
        product.id,
        body=AdjustmentCreate(location_id=location.id, delta=10, reason="delivery"),
    )
    order = OrderCreate(
        location_id=location.id, items=[OrderItemIn(product_id=product.id, quantity=2)]
    )
    key = new_idempotency_key()

    first = olympus.call(order_create.sync_detailed, body=order, idempotency_key=key)
    second = olympus.call(order_create.sync_detailed, body=order, idempotency_key=key)

    assert second.id == first.id
    orders = list(olympus.pages(orders_list.sync_detailed, location_id=location.id))
    assert [o.id for o in orders] == [first.id]


def test_problem_answers_are_raised_as_problem_error(olympus: Olympus) -> None:
    with pytest.raises(ProblemError) as raised:
        olympus.call(product_get.sync_detailed, uuid.uuid4())

    problem = raised.value
    assert (problem.status, problem.code) == (404, "product_not_found")
    assert problem.title and problem.detail


def test_a_failed_sign_in_is_a_problem_error(service: Service) -> None:
    with Olympus(service.url) as client, pytest.raises(ProblemError) as raised:
        client.sign_in(service.tenant, service.email, "Wrong-Password-123456")
    assert (raised.value.status, raised.value.code) == (401, "invalid_credentials")
