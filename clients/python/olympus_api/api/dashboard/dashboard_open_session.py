from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.password_sign_in import PasswordSignIn
from ...models.problem_detail import ProblemDetail
from ...models.second_factor import SecondFactor
from ...models.second_factor_required import SecondFactorRequired
from ...models.session_tokens import SessionTokens
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PasswordSignIn | SecondFactor,
    x_csrf_token: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_csrf_token, Unset):
        headers["X-CSRF-Token"] = x_csrf_token

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/dashboard/session",
    }

    if isinstance(body, PasswordSignIn):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | SecondFactorRequired | SessionTokens | ValidationProblem | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> SecondFactorRequired | SessionTokens:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = SessionTokens.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = SecondFactorRequired.from_dict(data)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetail.from_dict(response.json())

        return response_403

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
) -> Response[ProblemDetail | SecondFactorRequired | SessionTokens | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PasswordSignIn | SecondFactor,
    x_csrf_token: None | str | Unset = UNSET,
) -> Response[ProblemDetail | SecondFactorRequired | SessionTokens | ValidationProblem]:
    """Sign in to the dashboard

     The dashboard's sign-in: `{tenant, email, password}`, then for a user with a second factor
    `{mfa_token, code}` (the first answer is `{mfa_required: true, mfa_token, methods}`). Success sets
    the refresh token as an `HttpOnly; Secure; SameSite=Strict` cookie on `/dashboard/session` and
    answers the access token only. Needs the page's own `Origin` and its `X-CSRF-Token` (403
    `csrf_rejected`). Limits and lockouts are those of `POST /api/v1/auth/login`.

    Args:
        x_csrf_token (None | str | Unset): The token of the dashboard page's `csrf-token` meta tag
        body (PasswordSignIn | SecondFactor):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | SecondFactorRequired | SessionTokens | ValidationProblem]
    """

    kwargs = _get_kwargs(
        body=body,
        x_csrf_token=x_csrf_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: PasswordSignIn | SecondFactor,
    x_csrf_token: None | str | Unset = UNSET,
) -> ProblemDetail | SecondFactorRequired | SessionTokens | ValidationProblem | None:
    """Sign in to the dashboard

     The dashboard's sign-in: `{tenant, email, password}`, then for a user with a second factor
    `{mfa_token, code}` (the first answer is `{mfa_required: true, mfa_token, methods}`). Success sets
    the refresh token as an `HttpOnly; Secure; SameSite=Strict` cookie on `/dashboard/session` and
    answers the access token only. Needs the page's own `Origin` and its `X-CSRF-Token` (403
    `csrf_rejected`). Limits and lockouts are those of `POST /api/v1/auth/login`.

    Args:
        x_csrf_token (None | str | Unset): The token of the dashboard page's `csrf-token` meta tag
        body (PasswordSignIn | SecondFactor):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | SecondFactorRequired | SessionTokens | ValidationProblem
    """

    return sync_detailed(
        client=client,
        body=body,
        x_csrf_token=x_csrf_token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PasswordSignIn | SecondFactor,
    x_csrf_token: None | str | Unset = UNSET,
) -> Response[ProblemDetail | SecondFactorRequired | SessionTokens | ValidationProblem]:
    """Sign in to the dashboard

     The dashboard's sign-in: `{tenant, email, password}`, then for a user with a second factor
    `{mfa_token, code}` (the first answer is `{mfa_required: true, mfa_token, methods}`). Success sets
    the refresh token as an `HttpOnly; Secure; SameSite=Strict` cookie on `/dashboard/session` and
    answers the access token only. Needs the page's own `Origin` and its `X-CSRF-Token` (403
    `csrf_rejected`). Limits and lockouts are those of `POST /api/v1/auth/login`.

    Args:
        x_csrf_token (None | str | Unset): The token of the dashboard page's `csrf-token` meta tag
        body (PasswordSignIn | SecondFactor):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | SecondFactorRequired | SessionTokens | ValidationProblem]
    """

    kwargs = _get_kwargs(
        body=body,
        x_csrf_token=x_csrf_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: PasswordSignIn | SecondFactor,
    x_csrf_token: None | str | Unset = UNSET,
) -> ProblemDetail | SecondFactorRequired | SessionTokens | ValidationProblem | None:
    """Sign in to the dashboard

     The dashboard's sign-in: `{tenant, email, password}`, then for a user with a second factor
    `{mfa_token, code}` (the first answer is `{mfa_required: true, mfa_token, methods}`). Success sets
    the refresh token as an `HttpOnly; Secure; SameSite=Strict` cookie on `/dashboard/session` and
    answers the access token only. Needs the page's own `Origin` and its `X-CSRF-Token` (403
    `csrf_rejected`). Limits and lockouts are those of `POST /api/v1/auth/login`.

    Args:
        x_csrf_token (None | str | Unset): The token of the dashboard page's `csrf-token` meta tag
        body (PasswordSignIn | SecondFactor):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | SecondFactorRequired | SessionTokens | ValidationProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_csrf_token=x_csrf_token,
        )
    ).parsed
