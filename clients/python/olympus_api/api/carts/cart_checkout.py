from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_read import OrderRead
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    cart_id: UUID,
    *,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/carts/{cart_id}/checkout".format(
            cart_id=quote(str(cart_id), safe=""),
        ),
    }

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

    if response.status_code == 410:
        response_410 = ProblemDetail.from_dict(response.json())

        return response_410

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
    cart_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[OrderRead | ProblemDetail]:
    """Check out a cart

     Turns the cart into an order at its location, once, and answers the order (as `POST /api/v1/orders`
    does). The order is priced again now (the cart's preview may have changed), its codes' uses are
    counted (409 `discount_exhausted`, `discount_customer_limit`; 422 `discount_code_invalid` for a code
    no longer valid: remove it and check out again) and its stock held at the location (409
    `insufficient_stock`, nothing held); on any refusal nothing is written and the cart stays open. The
    order keeps the cart's `channel` and names it (`cart_id`). A cart already checked out is 409
    `cart_already_checked_out` (with `order_id`), an empty one 409 `cart_empty`, an expired one 410
    `cart_expired`. Honours `Idempotency-Key`: a retry with the same key replays the first answer.

    Args:
        cart_id (UUID):
        idempotency_key (None | str | Unset): Retry this write safely: the same key with the same
            body replays the first answer; with another body it is refused (422
            `idempotency_conflict`). Kept at least 24 hours.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderRead | ProblemDetail]
    """

    kwargs = _get_kwargs(
        cart_id=cart_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    cart_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> OrderRead | ProblemDetail | None:
    """Check out a cart

     Turns the cart into an order at its location, once, and answers the order (as `POST /api/v1/orders`
    does). The order is priced again now (the cart's preview may have changed), its codes' uses are
    counted (409 `discount_exhausted`, `discount_customer_limit`; 422 `discount_code_invalid` for a code
    no longer valid: remove it and check out again) and its stock held at the location (409
    `insufficient_stock`, nothing held); on any refusal nothing is written and the cart stays open. The
    order keeps the cart's `channel` and names it (`cart_id`). A cart already checked out is 409
    `cart_already_checked_out` (with `order_id`), an empty one 409 `cart_empty`, an expired one 410
    `cart_expired`. Honours `Idempotency-Key`: a retry with the same key replays the first answer.

    Args:
        cart_id (UUID):
        idempotency_key (None | str | Unset): Retry this write safely: the same key with the same
            body replays the first answer; with another body it is refused (422
            `idempotency_conflict`). Kept at least 24 hours.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderRead | ProblemDetail
    """

    return sync_detailed(
        cart_id=cart_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    cart_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[OrderRead | ProblemDetail]:
    """Check out a cart

     Turns the cart into an order at its location, once, and answers the order (as `POST /api/v1/orders`
    does). The order is priced again now (the cart's preview may have changed), its codes' uses are
    counted (409 `discount_exhausted`, `discount_customer_limit`; 422 `discount_code_invalid` for a code
    no longer valid: remove it and check out again) and its stock held at the location (409
    `insufficient_stock`, nothing held); on any refusal nothing is written and the cart stays open. The
    order keeps the cart's `channel` and names it (`cart_id`). A cart already checked out is 409
    `cart_already_checked_out` (with `order_id`), an empty one 409 `cart_empty`, an expired one 410
    `cart_expired`. Honours `Idempotency-Key`: a retry with the same key replays the first answer.

    Args:
        cart_id (UUID):
        idempotency_key (None | str | Unset): Retry this write safely: the same key with the same
            body replays the first answer; with another body it is refused (422
            `idempotency_conflict`). Kept at least 24 hours.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderRead | ProblemDetail]
    """

    kwargs = _get_kwargs(
        cart_id=cart_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    cart_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,
) -> OrderRead | ProblemDetail | None:
    """Check out a cart

     Turns the cart into an order at its location, once, and answers the order (as `POST /api/v1/orders`
    does). The order is priced again now (the cart's preview may have changed), its codes' uses are
    counted (409 `discount_exhausted`, `discount_customer_limit`; 422 `discount_code_invalid` for a code
    no longer valid: remove it and check out again) and its stock held at the location (409
    `insufficient_stock`, nothing held); on any refusal nothing is written and the cart stays open. The
    order keeps the cart's `channel` and names it (`cart_id`). A cart already checked out is 409
    `cart_already_checked_out` (with `order_id`), an empty one 409 `cart_empty`, an expired one 410
    `cart_expired`. Honours `Idempotency-Key`: a retry with the same key replays the first answer.

    Args:
        cart_id (UUID):
        idempotency_key (None | str | Unset): Retry this write safely: the same key with the same
            body replays the first answer; with another body it is refused (422
            `idempotency_conflict`). Kept at least 24 hours.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderRead | ProblemDetail
    """

    return (
        await asyncio_detailed(
            cart_id=cart_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
