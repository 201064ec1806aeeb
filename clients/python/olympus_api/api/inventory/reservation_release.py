from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.reservation_end import ReservationEnd
from ...models.reservation_out import ReservationOut
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    reservation_id: UUID,
    *,
    body: None | ReservationEnd | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/inventory/reservations/{reservation_id}/release".format(
            reservation_id=quote(str(reservation_id), safe=""),
        ),
    }

    if isinstance(body, ReservationEnd):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | ReservationOut | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = ReservationOut.from_dict(response.json())

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
    reservation_id: UUID,
    *,
    client: AuthenticatedClient,
    body: None | ReservationEnd | Unset = UNSET,
) -> Response[ProblemDetail | ReservationOut | ValidationProblem]:
    """Release a reservation

     The held stock is available again (release movements). Only an active reservation: 409
    `reservation_not_active` once committed or released, `reservation_expired` past its time. A
    reservation held for an order (`owner`) moves only through the order (fulfil or cancel it): 409
    `reservation_owned_by_order`, with the `order_id`. Takes an optional `{reason}`.

    Args:
        reservation_id (UUID):
        body (None | ReservationEnd | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | ReservationOut | ValidationProblem]
    """

    kwargs = _get_kwargs(
        reservation_id=reservation_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    reservation_id: UUID,
    *,
    client: AuthenticatedClient,
    body: None | ReservationEnd | Unset = UNSET,
) -> ProblemDetail | ReservationOut | ValidationProblem | None:
    """Release a reservation

     The held stock is available again (release movements). Only an active reservation: 409
    `reservation_not_active` once committed or released, `reservation_expired` past its time. A
    reservation held for an order (`owner`) moves only through the order (fulfil or cancel it): 409
    `reservation_owned_by_order`, with the `order_id`. Takes an optional `{reason}`.

    Args:
        reservation_id (UUID):
        body (None | ReservationEnd | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | ReservationOut | ValidationProblem
    """

    return sync_detailed(
        reservation_id=reservation_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    reservation_id: UUID,
    *,
    client: AuthenticatedClient,
    body: None | ReservationEnd | Unset = UNSET,
) -> Response[ProblemDetail | ReservationOut | ValidationProblem]:
    """Release a reservation

     The held stock is available again (release movements). Only an active reservation: 409
    `reservation_not_active` once committed or released, `reservation_expired` past its time. A
    reservation held for an order (`owner`) moves only through the order (fulfil or cancel it): 409
    `reservation_owned_by_order`, with the `order_id`. Takes an optional `{reason}`.

    Args:
        reservation_id (UUID):
        body (None | ReservationEnd | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | ReservationOut | ValidationProblem]
    """

    kwargs = _get_kwargs(
        reservation_id=reservation_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    reservation_id: UUID,
    *,
    client: AuthenticatedClient,
    body: None | ReservationEnd | Unset = UNSET,
) -> ProblemDetail | ReservationOut | ValidationProblem | None:
    """Release a reservation

     The held stock is available again (release movements). Only an active reservation: 409
    `reservation_not_active` once committed or released, `reservation_expired` past its time. A
    reservation held for an order (`owner`) moves only through the order (fulfil or cancel it): 409
    `reservation_owned_by_order`, with the `order_id`. Takes an optional `{reason}`.

    Args:
        reservation_id (UUID):
        body (None | ReservationEnd | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | ReservationOut | ValidationProblem
    """

    return (
        await asyncio_detailed(
            reservation_id=reservation_id,
            client=client,
            body=body,
        )
    ).parsed
