from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.session_tokens import SessionTokens
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    x_csrf_token: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_csrf_token, Unset):
        headers["X-CSRF-Token"] = x_csrf_token

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/dashboard/session/refresh",
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | SessionTokens | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = SessionTokens.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetail.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = ValidationProblem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ProblemDetail | SessionTokens | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    x_csrf_token: None | str | Unset = UNSET,
) -> Response[ProblemDetail | SessionTokens | ValidationProblem]:
    """A new access token from the dashboard's cookie

     Spends the refresh token of the cookie (rotation, as `POST /api/v1/auth/refresh`) and sets the new
    one. No cookie: 401 `dashboard_session_missing`. Needs the page's own `Origin` and its `X-CSRF-
    Token`.

    Args:
        x_csrf_token (None | str | Unset): The token of the dashboard page's `csrf-token` meta tag

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | SessionTokens | ValidationProblem]
    """

    kwargs = _get_kwargs(
        x_csrf_token=x_csrf_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    x_csrf_token: None | str | Unset = UNSET,
) -> ProblemDetail | SessionTokens | ValidationProblem | None:
    """A new access token from the dashboard's cookie

     Spends the refresh token of the cookie (rotation, as `POST /api/v1/auth/refresh`) and sets the new
    one. No cookie: 401 `dashboard_session_missing`. Needs the page's own `Origin` and its `X-CSRF-
    Token`.

    Args:
        x_csrf_token (None | str | Unset): The token of the dashboard page's `csrf-token` meta tag

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | SessionTokens | ValidationProblem
    """

    return sync_detailed(
        client=client,
        x_csrf_token=x_csrf_token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    x_csrf_token: None | str | Unset = UNSET,
) -> Response[ProblemDetail | SessionTokens | ValidationProblem]:
    """A new access token from the dashboard's cookie

     Spends the refresh token of the cookie (rotation, as `POST /api/v1/auth/refresh`) and sets the new
    one. No cookie: 401 `dashboard_session_missing`. Needs the page's own `Origin` and its `X-CSRF-
    Token`.

    Args:
        x_csrf_token (None | str | Unset): The token of the dashboard page's `csrf-token` meta tag

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | SessionTokens | ValidationProblem]
    """

    kwargs = _get_kwargs(
        x_csrf_token=x_csrf_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    x_csrf_token: None | str | Unset = UNSET,
) -> ProblemDetail | SessionTokens | ValidationProblem | None:
    """A new access token from the dashboard's cookie

     Spends the refresh token of the cookie (rotation, as `POST /api/v1/auth/refresh`) and sets the new
    one. No cookie: 401 `dashboard_session_missing`. Needs the page's own `Origin` and its `X-CSRF-
    Token`.

    Args:
        x_csrf_token (None | str | Unset): The token of the dashboard page's `csrf-token` meta tag

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | SessionTokens | ValidationProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            x_csrf_token=x_csrf_token,
        )
    ).parsed
