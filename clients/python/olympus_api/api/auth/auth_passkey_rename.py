from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.passkey_out import PasskeyOut
from ...models.passkey_rename import PasskeyRename
from ...models.problem_detail import ProblemDetail
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    passkey_id: UUID,
    *,
    body: PasskeyRename,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/auth/passkeys/{passkey_id}".format(
            passkey_id=quote(str(passkey_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PasskeyOut | ProblemDetail | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = PasskeyOut.from_dict(response.json())

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
) -> Response[PasskeyOut | ProblemDetail | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    passkey_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PasskeyRename,
) -> Response[PasskeyOut | ProblemDetail | ValidationProblem]:
    """Rename one of the caller's passkeys

    Args:
        passkey_id (UUID):
        body (PasskeyRename):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PasskeyOut | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        passkey_id=passkey_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    passkey_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PasskeyRename,
) -> PasskeyOut | ProblemDetail | ValidationProblem | None:
    """Rename one of the caller's passkeys

    Args:
        passkey_id (UUID):
        body (PasskeyRename):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PasskeyOut | ProblemDetail | ValidationProblem
    """

    return sync_detailed(
        passkey_id=passkey_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    passkey_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PasskeyRename,
) -> Response[PasskeyOut | ProblemDetail | ValidationProblem]:
    """Rename one of the caller's passkeys

    Args:
        passkey_id (UUID):
        body (PasskeyRename):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PasskeyOut | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        passkey_id=passkey_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    passkey_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PasskeyRename,
) -> PasskeyOut | ProblemDetail | ValidationProblem | None:
    """Rename one of the caller's passkeys

    Args:
        passkey_id (UUID):
        body (PasskeyRename):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PasskeyOut | ProblemDetail | ValidationProblem
    """

    return (
        await asyncio_detailed(
            passkey_id=passkey_id,
            client=client,
            body=body,
        )
    ).parsed
