from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.login_response import LoginResponse
from ...models.mfa_verify_request import MfaVerifyRequest
from ...models.problem_detail import ProblemDetail
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    *,
    body: MfaVerifyRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/mfa/verify",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LoginResponse | ProblemDetail | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = LoginResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ProblemDetail.from_dict(response.json())

        return response_401

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
) -> Response[LoginResponse | ProblemDetail | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: MfaVerifyRequest,
) -> Response[LoginResponse | ProblemDetail | ValidationProblem]:
    """Complete a sign-in with a second factor

     Takes the `mfa_token` of `POST /auth/login` and a 6-digit code from the authenticator or an unused
    recovery code; answers the token pair (the access token's `amr` is `["pwd", "otp"]`). The
    `mfa_token` works once and for 5 minutes; a code is accepted once; wrong codes count toward the
    account's lockout (429).

    Args:
        body (MfaVerifyRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LoginResponse | ProblemDetail | ValidationProblem]
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
    client: AuthenticatedClient | Client,
    body: MfaVerifyRequest,
) -> LoginResponse | ProblemDetail | ValidationProblem | None:
    """Complete a sign-in with a second factor

     Takes the `mfa_token` of `POST /auth/login` and a 6-digit code from the authenticator or an unused
    recovery code; answers the token pair (the access token's `amr` is `["pwd", "otp"]`). The
    `mfa_token` works once and for 5 minutes; a code is accepted once; wrong codes count toward the
    account's lockout (429).

    Args:
        body (MfaVerifyRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LoginResponse | ProblemDetail | ValidationProblem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: MfaVerifyRequest,
) -> Response[LoginResponse | ProblemDetail | ValidationProblem]:
    """Complete a sign-in with a second factor

     Takes the `mfa_token` of `POST /auth/login` and a 6-digit code from the authenticator or an unused
    recovery code; answers the token pair (the access token's `amr` is `["pwd", "otp"]`). The
    `mfa_token` works once and for 5 minutes; a code is accepted once; wrong codes count toward the
    account's lockout (429).

    Args:
        body (MfaVerifyRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LoginResponse | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: MfaVerifyRequest,
) -> LoginResponse | ProblemDetail | ValidationProblem | None:
    """Complete a sign-in with a second factor

     Takes the `mfa_token` of `POST /auth/login` and a 6-digit code from the authenticator or an unused
    recovery code; answers the token pair (the access token's `amr` is `["pwd", "otp"]`). The
    `mfa_token` works once and for 5 minutes; a code is accepted once; wrong codes count toward the
    account's lockout (429).

    Args:
        body (MfaVerifyRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LoginResponse | ProblemDetail | ValidationProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
