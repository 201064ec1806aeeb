from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.tenant_settings import TenantSettings
from ...models.tenant_settings_update import TenantSettingsUpdate
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: TenantSettingsUpdate,
    if_match: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["if-match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/settings",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | TenantSettings | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = TenantSettings.from_dict(response.json())

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

    if response.status_code == 412:
        response_412 = ProblemDetail.from_dict(response.json())

        return response_412

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
) -> Response[ProblemDetail | TenantSettings | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: TenantSettingsUpdate,
    if_match: None | str | Unset = UNSET,
) -> Response[ProblemDetail | TenantSettings | ValidationProblem]:
    """Change some of the tenant's settings

     Needs `settings:write`. Send only the keys to change; a key set to `null` goes back to its default.
    Every key is checked before anything is stored: an unknown key or a value of the wrong type or range
    answers 422 `validation_error` naming the key, and nothing changes. Answers the full effective set.

    Args:
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (TenantSettingsUpdate): The settings to change; keys left out stay as they are,
            `null` resets a key to its
            default. Values are checked strictly: `"true"` is not a boolean, `"30"` not a number.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | TenantSettings | ValidationProblem]
    """

    kwargs = _get_kwargs(
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: TenantSettingsUpdate,
    if_match: None | str | Unset = UNSET,
) -> ProblemDetail | TenantSettings | ValidationProblem | None:
    """Change some of the tenant's settings

     Needs `settings:write`. Send only the keys to change; a key set to `null` goes back to its default.
    Every key is checked before anything is stored: an unknown key or a value of the wrong type or range
    answers 422 `validation_error` naming the key, and nothing changes. Answers the full effective set.

    Args:
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (TenantSettingsUpdate): The settings to change; keys left out stay as they are,
            `null` resets a key to its
            default. Values are checked strictly: `"true"` is not a boolean, `"30"` not a number.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | TenantSettings | ValidationProblem
    """

    return sync_detailed(
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: TenantSettingsUpdate,
    if_match: None | str | Unset = UNSET,
) -> Response[ProblemDetail | TenantSettings | ValidationProblem]:
    """Change some of the tenant's settings

     Needs `settings:write`. Send only the keys to change; a key set to `null` goes back to its default.
    Every key is checked before anything is stored: an unknown key or a value of the wrong type or range
    answers 422 `validation_error` naming the key, and nothing changes. Answers the full effective set.

    Args:
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (TenantSettingsUpdate): The settings to change; keys left out stay as they are,
            `null` resets a key to its
            default. Values are checked strictly: `"true"` is not a boolean, `"30"` not a number.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | TenantSettings | ValidationProblem]
    """

    kwargs = _get_kwargs(
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: TenantSettingsUpdate,
    if_match: None | str | Unset = UNSET,
) -> ProblemDetail | TenantSettings | ValidationProblem | None:
    """Change some of the tenant's settings

     Needs `settings:write`. Send only the keys to change; a key set to `null` goes back to its default.
    Every key is checked before anything is stored: an unknown key or a value of the wrong type or range
    answers 422 `validation_error` naming the key, and nothing changes. Answers the full effective set.

    Args:
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (TenantSettingsUpdate): The settings to change; keys left out stay as they are,
            `null` resets a key to its
            default. Values are checked strictly: `"true"` is not a boolean, `"30"` not a number.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | TenantSettings | ValidationProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
