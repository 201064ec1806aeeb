from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_create import OrderCreate
from ...models.order_read import OrderRead
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: OrderCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/orders",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OrderRead | ProblemDetail | None:
    if response.status_code == 201:
        response_201 = OrderRead.from_dict(response.json())

        return response_201

    if response.status_code == 401:
        response_401 = ProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetail.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ProblemDetail.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ProblemDetail.from_dict(response.json())

        return response_409

    if response.status_code == 415:
        response_415 = ProblemDetail.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = ProblemDetail.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ProblemDetail.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[OrderRead | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: OrderCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[OrderRead | ProblemDetail]:
    """Take an order

     Prices every item at the location's price now (`pricing`: the location's tax, the automatic
    discounts and the `discount_codes` that apply; rounding per line, half to even), counts the
    discounts' uses, holds the stock at `location_id` and numbers the order. Not enough stock for a
    line: 409 `insufficient_stock` (with `product_id`, `requested`, `available`), nothing held. A code
    unknown, expired or not yet valid: 422 `discount_code_invalid`; used up: 409 `discount_exhausted`.
    The order starts `pending`. Honours `Idempotency-Key`. Needs `orders:write` at the location.

    Args:
        idempotency_key (None | str | Unset): Retry this write safely: the same key with the same
            body replays the first answer; with another body it is refused (422
            `idempotency_conflict`). Kept at least 24 hours.
        body (OrderCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderRead | ProblemDetail]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: OrderCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> OrderRead | ProblemDetail | None:
    """Take an order

     Prices every item at the location's price now (`pricing`: the location's tax, the automatic
    discounts and the `discount_codes` that apply; rounding per line, half to even), counts the
    discounts' uses, holds the stock at `location_id` and numbers the order. Not enough stock for a
    line: 409 `insufficient_stock` (with `product_id`, `requested`, `available`), nothing held. A code
    unknown, expired or not yet valid: 422 `discount_code_invalid`; used up: 409 `discount_exhausted`.
    The order starts `pending`. Honours `Idempotency-Key`. Needs `orders:write` at the location.

    Args:
        idempotency_key (None | str | Unset): Retry this write safely: the same key with the same
            body replays the first answer; with another body it is refused (422
            `idempotency_conflict`). Kept at least 24 hours.
        body (OrderCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderRead | ProblemDetail
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: OrderCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[OrderRead | ProblemDetail]:
    """Take an order

     Prices every item at the location's price now (`pricing`: the location's tax, the automatic
    discounts and the `discount_codes` that apply; rounding per line, half to even), counts the
    discounts' uses, holds the stock at `location_id` and numbers the order. Not enough stock for a
    line: 409 `insufficient_stock` (with `product_id`, `requested`, `available`), nothing held. A code
    unknown, expired or not yet valid: 422 `discount_code_invalid`; used up: 409 `discount_exhausted`.
    The order starts `pending`. Honours `Idempotency-Key`. Needs `orders:write` at the location.

    Args:
        idempotency_key (None | str | Unset): Retry this write safely: the same key with the same
            body replays the first answer; with another body it is refused (422
            `idempotency_conflict`). Kept at least 24 hours.
        body (OrderCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderRead | ProblemDetail]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: OrderCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> OrderRead | ProblemDetail | None:
    """Take an order

     Prices every item at the location's price now (`pricing`: the location's tax, the automatic
    discounts and the `discount_codes` that apply; rounding per line, half to even), counts the
    discounts' uses, holds the stock at `location_id` and numbers the order. Not enough stock for a
    line: 409 `insufficient_stock` (with `product_id`, `requested`, `available`), nothing held. A code
    unknown, expired or not yet valid: 422 `discount_code_invalid`; used up: 409 `discount_exhausted`.
    The order starts `pending`. Honours `Idempotency-Key`. Needs `orders:write` at the location.

    Args:
        idempotency_key (None | str | Unset): Retry this write safely: the same key with the same
            body replays the first answer; with another body it is refused (422
            `idempotency_conflict`). Kept at least 24 hours.
        body (OrderCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderRead | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
