from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.reservation_create import ReservationCreate
from ...models.reservation_out import ReservationOut
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    *,
    body: ReservationCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/inventory/reservations",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | ReservationOut | ValidationProblem | None:
    if response.status_code == 201:
        response_201 = ReservationOut.from_dict(response.json())

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
) -> Response[ProblemDetail | ReservationOut | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ReservationCreate,
) -> Response[ProblemDetail | ReservationOut | ValidationProblem]:
    """Reserve stock at a location

     Holds every line at `location_id` for `expires_in` seconds (default 900, at most 7 days), all or
    nothing: a line with fewer available answers 409 `insufficient_stock` (with `product_id`,
    `requested` and `available`) and nothing is held. Each `product_id` is a sellable unit (a plain
    product or a variant) named once. Held stock stays on hand but is no longer available; it comes back
    by `release`, by expiry, or leaves with `commit` (a sale). Needs `inventory:write` at the location.

    Args:
        body (ReservationCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | ReservationOut | ValidationProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ReservationCreate,
) -> ProblemDetail | ReservationOut | ValidationProblem | None:
    """Reserve stock at a location

     Holds every line at `location_id` for `expires_in` seconds (default 900, at most 7 days), all or
    nothing: a line with fewer available answers 409 `insufficient_stock` (with `product_id`,
    `requested` and `available`) and nothing is held. Each `product_id` is a sellable unit (a plain
    product or a variant) named once. Held stock stays on hand but is no longer available; it comes back
    by `release`, by expiry, or leaves with `commit` (a sale). Needs `inventory:write` at the location.

    Args:
        body (ReservationCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | ReservationOut | ValidationProblem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ReservationCreate,
) -> Response[ProblemDetail | ReservationOut | ValidationProblem]:
    """Reserve stock at a location

     Holds every line at `location_id` for `expires_in` seconds (default 900, at most 7 days), all or
    nothing: a line with fewer available answers 409 `insufficient_stock` (with `product_id`,
    `requested` and `available`) and nothing is held. Each `product_id` is a sellable unit (a plain
    product or a variant) named once. Held stock stays on hand but is no longer available; it comes back
    by `release`, by expiry, or leaves with `commit` (a sale). Needs `inventory:write` at the location.

    Args:
        body (ReservationCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | ReservationOut | ValidationProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ReservationCreate,
) -> ProblemDetail | ReservationOut | ValidationProblem | None:
    """Reserve stock at a location

     Holds every line at `location_id` for `expires_in` seconds (default 900, at most 7 days), all or
    nothing: a line with fewer available answers 409 `insufficient_stock` (with `product_id`,
    `requested` and `available`) and nothing is held. Each `product_id` is a sellable unit (a plain
    product or a variant) named once. Held stock stays on hand but is no longer available; it comes back
    by `release`, by expiry, or leaves with `commit` (a sale). Needs `inventory:write` at the location.

    Args:
        body (ReservationCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | ReservationOut | ValidationProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
