from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.adjustment_create import AdjustmentCreate
from ...models.movement_out import MovementOut
from ...models.problem_detail import ProblemDetail
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    product_id: UUID,
    *,
    body: AdjustmentCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/inventory/{product_id}/adjustments".format(
            product_id=quote(str(product_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> MovementOut | ProblemDetail | ValidationProblem | None:
    if response.status_code == 201:
        response_201 = MovementOut.from_dict(response.json())

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
        response_422 = ValidationProblem.from_dict(response.json())

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
) -> Response[MovementOut | ProblemDetail | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AdjustmentCreate,
) -> Response[MovementOut | ProblemDetail | ValidationProblem]:
    """Adjust a unit's stock at a location

     `delta` units more or fewer on hand (a count, damage, a find), with a `reason`; the answer is the
    movement appended to the ledger, with the level after it. Fewer than available answers 409
    `insufficient_stock` and changes nothing: reserved stock can't be adjusted away. Needs
    `inventory:write` at the location.

    Args:
        product_id (UUID):
        body (AdjustmentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MovementOut | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AdjustmentCreate,
) -> MovementOut | ProblemDetail | ValidationProblem | None:
    """Adjust a unit's stock at a location

     `delta` units more or fewer on hand (a count, damage, a find), with a `reason`; the answer is the
    movement appended to the ledger, with the level after it. Fewer than available answers 409
    `insufficient_stock` and changes nothing: reserved stock can't be adjusted away. Needs
    `inventory:write` at the location.

    Args:
        product_id (UUID):
        body (AdjustmentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MovementOut | ProblemDetail | ValidationProblem
    """

    return sync_detailed(
        product_id=product_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AdjustmentCreate,
) -> Response[MovementOut | ProblemDetail | ValidationProblem]:
    """Adjust a unit's stock at a location

     `delta` units more or fewer on hand (a count, damage, a find), with a `reason`; the answer is the
    movement appended to the ledger, with the level after it. Fewer than available answers 409
    `insufficient_stock` and changes nothing: reserved stock can't be adjusted away. Needs
    `inventory:write` at the location.

    Args:
        product_id (UUID):
        body (AdjustmentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MovementOut | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AdjustmentCreate,
) -> MovementOut | ProblemDetail | ValidationProblem | None:
    """Adjust a unit's stock at a location

     `delta` units more or fewer on hand (a count, damage, a find), with a `reason`; the answer is the
    movement appended to the ledger, with the level after it. Fewer than available answers 409
    `insufficient_stock` and changes nothing: reserved stock can't be adjusted away. Needs
    `inventory:write` at the location.

    Args:
        product_id (UUID):
        body (AdjustmentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MovementOut | ProblemDetail | ValidationProblem
    """

    return (
        await asyncio_detailed(
            product_id=product_id,
            client=client,
            body=body,
        )
    ).parsed
