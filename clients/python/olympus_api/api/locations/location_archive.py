from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    location_id: UUID,
    *,
    if_match: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["if-match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/locations/{location_id}".format(
            location_id=quote(str(location_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ProblemDetail | ValidationProblem | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 401:
        response_401 = ProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetail.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ProblemDetail.from_dict(response.json())

        return response_404

    if response.status_code == 412:
        response_412 = ProblemDetail.from_dict(response.json())

        return response_412

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
) -> Response[Any | ProblemDetail | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    location_id: UUID,
    *,
    client: AuthenticatedClient,
    if_match: None | str | Unset = UNSET,
) -> Response[Any | ProblemDetail | ValidationProblem]:
    """Archive a location

     A soft delete: the location leaves the list (unless archived ones are asked for) and keeps its code
    reserved. `POST /{id}/restore` brings it back.

    Args:
        location_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        location_id=location_id,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    location_id: UUID,
    *,
    client: AuthenticatedClient,
    if_match: None | str | Unset = UNSET,
) -> Any | ProblemDetail | ValidationProblem | None:
    """Archive a location

     A soft delete: the location leaves the list (unless archived ones are asked for) and keeps its code
    reserved. `POST /{id}/restore` brings it back.

    Args:
        location_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetail | ValidationProblem
    """

    return sync_detailed(
        location_id=location_id,
        client=client,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    location_id: UUID,
    *,
    client: AuthenticatedClient,
    if_match: None | str | Unset = UNSET,
) -> Response[Any | ProblemDetail | ValidationProblem]:
    """Archive a location

     A soft delete: the location leaves the list (unless archived ones are asked for) and keeps its code
    reserved. `POST /{id}/restore` brings it back.

    Args:
        location_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        location_id=location_id,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    location_id: UUID,
    *,
    client: AuthenticatedClient,
    if_match: None | str | Unset = UNSET,
) -> Any | ProblemDetail | ValidationProblem | None:
    """Archive a location

     A soft delete: the location leaves the list (unless archived ones are asked for) and keeps its code
    reserved. `POST /{id}/restore` brings it back.

    Args:
        location_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetail | ValidationProblem
    """

    return (
        await asyncio_detailed(
            location_id=location_id,
            client=client,
            if_match=if_match,
        )
    ).parsed
