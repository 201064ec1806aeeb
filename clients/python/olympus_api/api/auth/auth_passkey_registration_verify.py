from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.passkey_registered_response import PasskeyRegisteredResponse
from ...models.passkey_registration_request import PasskeyRegistrationRequest
from ...models.problem_detail import ProblemDetail
from ...types import Response


def _get_kwargs(
    *,
    body: PasskeyRegistrationRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/passkeys/registration/verify",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PasskeyRegisteredResponse | ProblemDetail | None:
    if response.status_code == 201:
        response_201 = PasskeyRegisteredResponse.from_dict(response.json())

        return response_201

    if response.status_code == 401:
        response_401 = ProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetail.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = ProblemDetail.from_dict(response.json())

        return response_409

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
) -> Response[PasskeyRegisteredResponse | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PasskeyRegistrationRequest,
) -> Response[PasskeyRegisteredResponse | ProblemDetail]:
    """Finish registering a passkey

     Takes the authenticator's answer (`PublicKeyCredential.toJSON()`) and an optional name. The origin,
    RP id and challenge are checked; the challenge is spent even when the answer is refused. The first
    second factor of an account turns two-step sign-in on and answers ten recovery codes, shown only
    here. Publishes `passkey.registered`.

    Args:
        body (PasskeyRegistrationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PasskeyRegisteredResponse | ProblemDetail]
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
    client: AuthenticatedClient,
    body: PasskeyRegistrationRequest,
) -> PasskeyRegisteredResponse | ProblemDetail | None:
    """Finish registering a passkey

     Takes the authenticator's answer (`PublicKeyCredential.toJSON()`) and an optional name. The origin,
    RP id and challenge are checked; the challenge is spent even when the answer is refused. The first
    second factor of an account turns two-step sign-in on and answers ten recovery codes, shown only
    here. Publishes `passkey.registered`.

    Args:
        body (PasskeyRegistrationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PasskeyRegisteredResponse | ProblemDetail
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PasskeyRegistrationRequest,
) -> Response[PasskeyRegisteredResponse | ProblemDetail]:
    """Finish registering a passkey

     Takes the authenticator's answer (`PublicKeyCredential.toJSON()`) and an optional name. The origin,
    RP id and challenge are checked; the challenge is spent even when the answer is refused. The first
    second factor of an account turns two-step sign-in on and answers ten recovery codes, shown only
    here. Publishes `passkey.registered`.

    Args:
        body (PasskeyRegistrationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PasskeyRegisteredResponse | ProblemDetail]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PasskeyRegistrationRequest,
) -> PasskeyRegisteredResponse | ProblemDetail | None:
    """Finish registering a passkey

     Takes the authenticator's answer (`PublicKeyCredential.toJSON()`) and an optional name. The origin,
    RP id and challenge are checked; the challenge is spent even when the answer is refused. The first
    second factor of an account turns two-step sign-in on and answers ten recovery codes, shown only
    here. Publishes `passkey.registered`.

    Args:
        body (PasskeyRegistrationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PasskeyRegisteredResponse | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
