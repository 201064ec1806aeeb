from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.login_request import LoginRequest
from ...models.login_response import LoginResponse
from ...models.mfa_challenge_response import MfaChallengeResponse
from ...models.problem_detail import ProblemDetail
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    *,
    body: LoginRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/login",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LoginResponse | MfaChallengeResponse | ProblemDetail | ValidationProblem | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> LoginResponse | MfaChallengeResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = LoginResponse.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = MfaChallengeResponse.from_dict(data)

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
) -> Response[LoginResponse | MfaChallengeResponse | ProblemDetail | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> Response[LoginResponse | MfaChallengeResponse | ProblemDetail | ValidationProblem]:
    """Sign in with email and password

     Opens a session and returns an access token (JWT, 15 minutes by default) and a refresh token. A
    wrong email and a wrong password answer alike. Repeated failures lock the account (and the client
    address) for a while: 429 with `Retry-After`. For a user with a second factor the answer is
    `{mfa_required: true, mfa_token, methods}` and no tokens: `POST /api/v1/auth/mfa/verify` completes
    the sign-in. When the tenant requires a second factor of a user who has none, the answer says
    `mfa_enrollment_required: true` with the deadline; past it, the tokens answer 403
    `mfa_enrollment_required` everywhere but `/auth/mfa...`, `/auth/me` and logout.

    Args:
        body (LoginRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LoginResponse | MfaChallengeResponse | ProblemDetail | ValidationProblem]
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
    body: LoginRequest,
) -> LoginResponse | MfaChallengeResponse | ProblemDetail | ValidationProblem | None:
    """Sign in with email and password

     Opens a session and returns an access token (JWT, 15 minutes by default) and a refresh token. A
    wrong email and a wrong password answer alike. Repeated failures lock the account (and the client
    address) for a while: 429 with `Retry-After`. For a user with a second factor the answer is
    `{mfa_required: true, mfa_token, methods}` and no tokens: `POST /api/v1/auth/mfa/verify` completes
    the sign-in. When the tenant requires a second factor of a user who has none, the answer says
    `mfa_enrollment_required: true` with the deadline; past it, the tokens answer 403
    `mfa_enrollment_required` everywhere but `/auth/mfa...`, `/auth/me` and logout.

    Args:
        body (LoginRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LoginResponse | MfaChallengeResponse | ProblemDetail | ValidationProblem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> Response[LoginResponse | MfaChallengeResponse | ProblemDetail | ValidationProblem]:
    """Sign in with email and password

     Opens a session and returns an access token (JWT, 15 minutes by default) and a refresh token. A
    wrong email and a wrong password answer alike. Repeated failures lock the account (and the client
    address) for a while: 429 with `Retry-After`. For a user with a second factor the answer is
    `{mfa_required: true, mfa_token, methods}` and no tokens: `POST /api/v1/auth/mfa/verify` completes
    the sign-in. When the tenant requires a second factor of a user who has none, the answer says
    `mfa_enrollment_required: true` with the deadline; past it, the tokens answer 403
    `mfa_enrollment_required` everywhere but `/auth/mfa...`, `/auth/me` and logout.

    Args:
        body (LoginRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LoginResponse | MfaChallengeResponse | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> LoginResponse | MfaChallengeResponse | ProblemDetail | ValidationProblem | None:
    """Sign in with email and password

     Opens a session and returns an access token (JWT, 15 minutes by default) and a refresh token. A
    wrong email and a wrong password answer alike. Repeated failures lock the account (and the client
    address) for a while: 429 with `Retry-After`. For a user with a second factor the answer is
    `{mfa_required: true, mfa_token, methods}` and no tokens: `POST /api/v1/auth/mfa/verify` completes
    the sign-in. When the tenant requires a second factor of a user who has none, the answer says
    `mfa_enrollment_required: true` with the deadline; past it, the tokens answer 403
    `mfa_enrollment_required` everywhere but `/auth/mfa...`, `/auth/me` and logout.

    Args:
        body (LoginRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LoginResponse | MfaChallengeResponse | ProblemDetail | ValidationProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
