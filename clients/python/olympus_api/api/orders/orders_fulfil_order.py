from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.fulfilment_create import FulfilmentCreate
from ...models.order_read import OrderRead
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    order_id: UUID,
    *,
    body: FulfilmentCreate | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/orders/{order_id}/fulfill".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }

    if isinstance(body, FulfilmentCreate):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OrderRead | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = OrderRead.from_dict(response.json())

        return response_200

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
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    body: FulfilmentCreate | None | Unset = UNSET,
) -> Response[OrderRead | ProblemDetail]:
    """Fulfil an order

     Hands over items of a `paid` or `partially_fulfilled` order: `{lines: [{item_id, quantity}]}`, or
    with no body everything left. Their stock moves from reserved to sold at the order's location. The
    order becomes `fulfilled` when nothing is left, else `partially_fulfilled`. Another state: 409
    `invalid_transition`; an item not of the order or named twice: 422 `invalid_fulfilment`; more than
    is left of an item: 409 `fulfilment_exceeds_remaining`.

    Args:
        order_id (UUID):
        body (FulfilmentCreate | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderRead | ProblemDetail]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    body: FulfilmentCreate | None | Unset = UNSET,
) -> OrderRead | ProblemDetail | None:
    """Fulfil an order

     Hands over items of a `paid` or `partially_fulfilled` order: `{lines: [{item_id, quantity}]}`, or
    with no body everything left. Their stock moves from reserved to sold at the order's location. The
    order becomes `fulfilled` when nothing is left, else `partially_fulfilled`. Another state: 409
    `invalid_transition`; an item not of the order or named twice: 422 `invalid_fulfilment`; more than
    is left of an item: 409 `fulfilment_exceeds_remaining`.

    Args:
        order_id (UUID):
        body (FulfilmentCreate | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderRead | ProblemDetail
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    body: FulfilmentCreate | None | Unset = UNSET,
) -> Response[OrderRead | ProblemDetail]:
    """Fulfil an order

     Hands over items of a `paid` or `partially_fulfilled` order: `{lines: [{item_id, quantity}]}`, or
    with no body everything left. Their stock moves from reserved to sold at the order's location. The
    order becomes `fulfilled` when nothing is left, else `partially_fulfilled`. Another state: 409
    `invalid_transition`; an item not of the order or named twice: 422 `invalid_fulfilment`; more than
    is left of an item: 409 `fulfilment_exceeds_remaining`.

    Args:
        order_id (UUID):
        body (FulfilmentCreate | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderRead | ProblemDetail]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    body: FulfilmentCreate | None | Unset = UNSET,
) -> OrderRead | ProblemDetail | None:
    """Fulfil an order

     Hands over items of a `paid` or `partially_fulfilled` order: `{lines: [{item_id, quantity}]}`, or
    with no body everything left. Their stock moves from reserved to sold at the order's location. The
    order becomes `fulfilled` when nothing is left, else `partially_fulfilled`. Another state: 409
    `invalid_transition`; an item not of the order or named twice: 422 `invalid_fulfilment`; more than
    is left of an item: 409 `fulfilment_exceeds_remaining`.

    Args:
        order_id (UUID):
        body (FulfilmentCreate | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderRead | ProblemDetail
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            body=body,
        )
    ).parsed
