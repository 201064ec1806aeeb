from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.note_in import NoteIn
from ...models.problem_detail import ProblemDetail
from ...models.timeline_entry_out import TimelineEntryOut
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    order_id: UUID,
    *,
    body: NoteIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/orders/{order_id}/notes".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | TimelineEntryOut | ValidationProblem | None:
    if response.status_code == 201:
        response_201 = TimelineEntryOut.from_dict(response.json())

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
) -> Response[ProblemDetail | TimelineEntryOut | ValidationProblem]:
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
    body: NoteIn,
) -> Response[ProblemDetail | TimelineEntryOut | ValidationProblem]:
    """Add a note to an order

     `{text}` on the order's timeline, in any state.

    Args:
        order_id (UUID):
        body (NoteIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | TimelineEntryOut | ValidationProblem]
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
    body: NoteIn,
) -> ProblemDetail | TimelineEntryOut | ValidationProblem | None:
    """Add a note to an order

     `{text}` on the order's timeline, in any state.

    Args:
        order_id (UUID):
        body (NoteIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | TimelineEntryOut | ValidationProblem
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
    body: NoteIn,
) -> Response[ProblemDetail | TimelineEntryOut | ValidationProblem]:
    """Add a note to an order

     `{text}` on the order's timeline, in any state.

    Args:
        order_id (UUID):
        body (NoteIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | TimelineEntryOut | ValidationProblem]
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
    body: NoteIn,
) -> ProblemDetail | TimelineEntryOut | ValidationProblem | None:
    """Add a note to an order

     `{text}` on the order's timeline, in any state.

    Args:
        order_id (UUID):
        body (NoteIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | TimelineEntryOut | ValidationProblem
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            body=body,
        )
    ).parsed
