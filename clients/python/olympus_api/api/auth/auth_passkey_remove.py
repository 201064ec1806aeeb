from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.passkey_remove_request import PasskeyRemoveRequest
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    passkey_id: UUID,
    *,
    body: None | PasskeyRemoveRequest | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/auth/passkeys/{passkey_id}".format(
            passkey_id=quote(str(passkey_id), safe=""),
        ),
    }

    if isinstance(body, PasskeyRemoveRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ProblemDetail | None:
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
) -> Response[Any | ProblemDetail]:
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
    body: None | PasskeyRemoveRequest | Unset = UNSET,
) -> Response[Any | ProblemDetail]:
    """Remove one of the caller's passkeys

     Needs `current_password` in the body, unless this session signed in within the last 5 minutes (403
    `reauthentication_required` otherwise). Every other session of the user ends; removing the last
    second factor turns two-step sign-in off and drops the recovery codes. Publishes `passkey.removed`.

    Args:
        passkey_id (UUID):
        body (None | PasskeyRemoveRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetail]
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
    body: None | PasskeyRemoveRequest | Unset = UNSET,
) -> Any | ProblemDetail | None:
    """Remove one of the caller's passkeys

     Needs `current_password` in the body, unless this session signed in within the last 5 minutes (403
    `reauthentication_required` otherwise). Every other session of the user ends; removing the last
    second factor turns two-step sign-in off and drops the recovery codes. Publishes `passkey.removed`.

    Args:
        passkey_id (UUID):
        body (None | PasskeyRemoveRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetail
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
    body: None | PasskeyRemoveRequest | Unset = UNSET,
) -> Response[Any | ProblemDetail]:
    """Remove one of the caller's passkeys

     Needs `current_password` in the body, unless this session signed in within the last 5 minutes (403
    `reauthentication_required` otherwise). Every other session of the user ends; removing the last
    second factor turns two-step sign-in off and drops the recovery codes. Publishes `passkey.removed`.

    Args:
        passkey_id (UUID):
        body (None | PasskeyRemoveRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetail]
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
    body: None | PasskeyRemoveRequest | Unset = UNSET,
) -> Any | ProblemDetail | None:
    """Remove one of the caller's passkeys

     Needs `current_password` in the body, unless this session signed in within the last 5 minutes (403
    `reauthentication_required` otherwise). Every other session of the user ends; removing the last
    second factor turns two-step sign-in off and drops the recovery codes. Publishes `passkey.removed`.

    Args:
        passkey_id (UUID):
        body (None | PasskeyRemoveRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetail
    """

    return (
        await asyncio_detailed(
            passkey_id=passkey_id,
            client=client,
            body=body,
        )
    ).parsed
