from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.login_response import LoginResponse
from ...models.passkey_authentication_request_type_0 import (
    PasskeyAuthenticationRequestType0,
)
from ...models.passkey_authentication_request_type_1 import (
    PasskeyAuthenticationRequestType1,
)
from ...models.problem_detail import ProblemDetail
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    *,
    body: PasskeyAuthenticationRequestType0 | PasskeyAuthenticationRequestType1,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/passkeys/authentication/verify",
    }

    if isinstance(body, PasskeyAuthenticationRequestType0):
        _kwargs["json"] = body.to_dict()
    else:
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
    body: PasskeyAuthenticationRequestType0 | PasskeyAuthenticationRequestType1,
) -> Response[LoginResponse | ProblemDetail | ValidationProblem]:
    """Sign in with a passkey

     Takes the authenticator's answer (`PublicKeyCredential.toJSON()`) with the `mfa_token` (second
    factor: the access token's `amr` is `["pwd", "hwk"]`) or the `tenant` (passwordless: `amr`
    `["hwk"]`) → the token pair, as login. Origin, RP id, challenge, signature and the signature counter
    are checked; a counter that did not move forward is refused (401 `passkey_counter_regression`),
    logged and emailed to the user. Refusals count toward the account's lockout (429).

    Args:
        body (PasskeyAuthenticationRequestType0 | PasskeyAuthenticationRequestType1):

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
    body: PasskeyAuthenticationRequestType0 | PasskeyAuthenticationRequestType1,
) -> LoginResponse | ProblemDetail | ValidationProblem | None:
    """Sign in with a passkey

     Takes the authenticator's answer (`PublicKeyCredential.toJSON()`) with the `mfa_token` (second
    factor: the access token's `amr` is `["pwd", "hwk"]`) or the `tenant` (passwordless: `amr`
    `["hwk"]`) → the token pair, as login. Origin, RP id, challenge, signature and the signature counter
    are checked; a counter that did not move forward is refused (401 `passkey_counter_regression`),
    logged and emailed to the user. Refusals count toward the account's lockout (429).

    Args:
        body (PasskeyAuthenticationRequestType0 | PasskeyAuthenticationRequestType1):

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
    body: PasskeyAuthenticationRequestType0 | PasskeyAuthenticationRequestType1,
) -> Response[LoginResponse | ProblemDetail | ValidationProblem]:
    """Sign in with a passkey

     Takes the authenticator's answer (`PublicKeyCredential.toJSON()`) with the `mfa_token` (second
    factor: the access token's `amr` is `["pwd", "hwk"]`) or the `tenant` (passwordless: `amr`
    `["hwk"]`) → the token pair, as login. Origin, RP id, challenge, signature and the signature counter
    are checked; a counter that did not move forward is refused (401 `passkey_counter_regression`),
    logged and emailed to the user. Refusals count toward the account's lockout (429).

    Args:
        body (PasskeyAuthenticationRequestType0 | PasskeyAuthenticationRequestType1):

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
    body: PasskeyAuthenticationRequestType0 | PasskeyAuthenticationRequestType1,
) -> LoginResponse | ProblemDetail | ValidationProblem | None:
    """Sign in with a passkey

     Takes the authenticator's answer (`PublicKeyCredential.toJSON()`) with the `mfa_token` (second
    factor: the access token's `amr` is `["pwd", "hwk"]`) or the `tenant` (passwordless: `amr`
    `["hwk"]`) → the token pair, as login. Origin, RP id, challenge, signature and the signature counter
    are checked; a counter that did not move forward is refused (401 `passkey_counter_regression`),
    logged and emailed to the user. Refusals count toward the account's lockout (429).

    Args:
        body (PasskeyAuthenticationRequestType0 | PasskeyAuthenticationRequestType1):

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
