from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    x_csrf_token: None | str | Unset = UNSET,
    authorization: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_csrf_token, Unset):
        headers["X-CSRF-Token"] = x_csrf_token

    if not isinstance(authorization, Unset):
        headers["authorization"] = authorization

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/dashboard/session",
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ProblemDetail | ValidationProblem | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
) -> Response[Any | ProblemDetail | ValidationProblem]:
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
    authorization: None | str | Unset = UNSET,
) -> Response[Any | ProblemDetail | ValidationProblem]:
    """Sign out of the dashboard

     Ends the session (named by the `Authorization` bearer token, or else by the cookie) and clears the
    cookie. Needs the page's own `Origin` and its `X-CSRF-Token`.

    Args:
        x_csrf_token (None | str | Unset): The token of the dashboard page's `csrf-token` meta tag
        authorization (None | str | Unset): `Bearer <access_token>`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        x_csrf_token=x_csrf_token,
        authorization=authorization,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    x_csrf_token: None | str | Unset = UNSET,
    authorization: None | str | Unset = UNSET,
) -> Any | ProblemDetail | ValidationProblem | None:
    """Sign out of the dashboard

     Ends the session (named by the `Authorization` bearer token, or else by the cookie) and clears the
    cookie. Needs the page's own `Origin` and its `X-CSRF-Token`.

    Args:
        x_csrf_token (None | str | Unset): The token of the dashboard page's `csrf-token` meta tag
        authorization (None | str | Unset): `Bearer <access_token>`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetail | ValidationProblem
    """

    return sync_detailed(
        client=client,
        x_csrf_token=x_csrf_token,
        authorization=authorization,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    x_csrf_token: None | str | Unset = UNSET,
    authorization: None | str | Unset = UNSET,
) -> Response[Any | ProblemDetail | ValidationProblem]:
    """Sign out of the dashboard

     Ends the session (named by the `Authorization` bearer token, or else by the cookie) and clears the
    cookie. Needs the page's own `Origin` and its `X-CSRF-Token`.

    Args:
        x_csrf_token (None | str | Unset): The token of the dashboard page's `csrf-token` meta tag
        authorization (None | str | Unset): `Bearer <access_token>`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        x_csrf_token=x_csrf_token,
        authorization=authorization,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    x_csrf_token: None | str | Unset = UNSET,
    authorization: None | str | Unset = UNSET,
) -> Any | ProblemDetail | ValidationProblem | None:
    """Sign out of the dashboard

     Ends the session (named by the `Authorization` bearer token, or else by the cookie) and clears the
    cookie. Needs the page's own `Origin` and its `X-CSRF-Token`.

    Args:
        x_csrf_token (None | str | Unset): The token of the dashboard page's `csrf-token` meta tag
        authorization (None | str | Unset): `Bearer <access_token>`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetail | ValidationProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            x_csrf_token=x_csrf_token,
            authorization=authorization,
        )
    ).parsed
