from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.passkey_authentication_options_request_type_0 import (
    PasskeyAuthenticationOptionsRequestType0,
)
from ...models.passkey_authentication_options_request_type_1 import (
    PasskeyAuthenticationOptionsRequestType1,
)
from ...models.passkey_options_response import PasskeyOptionsResponse
from ...models.problem_detail import ProblemDetail
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    *,
    body: PasskeyAuthenticationOptionsRequestType0 | PasskeyAuthenticationOptionsRequestType1,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/passkeys/authentication/options",
    }

    if isinstance(body, PasskeyAuthenticationOptionsRequestType0):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PasskeyOptionsResponse | ProblemDetail | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = PasskeyOptionsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ProblemDetail.from_dict(response.json())

        return response_401

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
) -> Response[PasskeyOptionsResponse | ProblemDetail | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PasskeyAuthenticationOptionsRequestType0 | PasskeyAuthenticationOptionsRequestType1,
) -> Response[PasskeyOptionsResponse | ProblemDetail | ValidationProblem]:
    """Begin signing in with a passkey

     The options of `navigator.credentials.get()`. With `{mfa_token}` (after `POST /auth/login` answered
    `mfa_required` with `passkey` among its `methods`): the user's passkeys, the challenge bound to that
    sign-in step. With `{tenant, email?}`: sign-in without a password, user verification required;
    without an email the browser offers discoverable passkeys. The challenge is valid 5 minutes and
    once. Limited per client address (429).

    Args:
        body (PasskeyAuthenticationOptionsRequestType0 |
            PasskeyAuthenticationOptionsRequestType1): Either `mfa_token` (the second step of a sign-
            in) or `tenant` (and optionally
            `email`) for signing in with a passkey alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PasskeyOptionsResponse | ProblemDetail | ValidationProblem]
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
    body: PasskeyAuthenticationOptionsRequestType0 | PasskeyAuthenticationOptionsRequestType1,
) -> PasskeyOptionsResponse | ProblemDetail | ValidationProblem | None:
    """Begin signing in with a passkey

     The options of `navigator.credentials.get()`. With `{mfa_token}` (after `POST /auth/login` answered
    `mfa_required` with `passkey` among its `methods`): the user's passkeys, the challenge bound to that
    sign-in step. With `{tenant, email?}`: sign-in without a password, user verification required;
    without an email the browser offers discoverable passkeys. The challenge is valid 5 minutes and
    once. Limited per client address (429).

    Args:
        body (PasskeyAuthenticationOptionsRequestType0 |
            PasskeyAuthenticationOptionsRequestType1): Either `mfa_token` (the second step of a sign-
            in) or `tenant` (and optionally
            `email`) for signing in with a passkey alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PasskeyOptionsResponse | ProblemDetail | ValidationProblem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PasskeyAuthenticationOptionsRequestType0 | PasskeyAuthenticationOptionsRequestType1,
) -> Response[PasskeyOptionsResponse | ProblemDetail | ValidationProblem]:
    """Begin signing in with a passkey

     The options of `navigator.credentials.get()`. With `{mfa_token}` (after `POST /auth/login` answered
    `mfa_required` with `passkey` among its `methods`): the user's passkeys, the challenge bound to that
    sign-in step. With `{tenant, email?}`: sign-in without a password, user verification required;
    without an email the browser offers discoverable passkeys. The challenge is valid 5 minutes and
    once. Limited per client address (429).

    Args:
        body (PasskeyAuthenticationOptionsRequestType0 |
            PasskeyAuthenticationOptionsRequestType1): Either `mfa_token` (the second step of a sign-
            in) or `tenant` (and optionally
            `email`) for signing in with a passkey alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PasskeyOptionsResponse | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: PasskeyAuthenticationOptionsRequestType0 | PasskeyAuthenticationOptionsRequestType1,
) -> PasskeyOptionsResponse | ProblemDetail | ValidationProblem | None:
    """Begin signing in with a passkey

     The options of `navigator.credentials.get()`. With `{mfa_token}` (after `POST /auth/login` answered
    `mfa_required` with `passkey` among its `methods`): the user's passkeys, the challenge bound to that
    sign-in step. With `{tenant, email?}`: sign-in without a password, user verification required;
    without an email the browser offers discoverable passkeys. The challenge is valid 5 minutes and
    once. Limited per client address (429).

    Args:
        body (PasskeyAuthenticationOptionsRequestType0 |
            PasskeyAuthenticationOptionsRequestType1): Either `mfa_token` (the second step of a sign-
            in) or `tenant` (and optionally
            `email`) for signing in with a passkey alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PasskeyOptionsResponse | ProblemDetail | ValidationProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
