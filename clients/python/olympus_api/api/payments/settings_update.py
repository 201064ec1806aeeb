from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.payment_settings_out import PaymentSettingsOut
from ...models.payment_settings_update import PaymentSettingsUpdate
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PaymentSettingsUpdate,
    if_match: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["if-match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/payments/settings",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaymentSettingsOut | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PaymentSettingsOut.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetail.from_dict(response.json())

        return response_403

    if response.status_code == 412:
        response_412 = ProblemDetail.from_dict(response.json())

        return response_412

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
) -> Response[PaymentSettingsOut | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PaymentSettingsUpdate,
    if_match: None | str | Unset = UNSET,
) -> Response[PaymentSettingsOut | ProblemDetail]:
    """Change the payment processor settings

     Only the fields sent change; a secret sent as null is removed. `stripe` needs a secret key (`sk_...`
    or `rk_...`), now or set before: else 422 `invalid_payment_settings`. Secrets are stored encrypted
    and the audit row says only `[set]` or `[removed]`. Point Stripe's webhook at `stripe_webhook_path`
    and store its signing secret (`whsec_...`) here. Needs `settings:write`.

    Args:
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (PaymentSettingsUpdate): Only the fields sent change.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentSettingsOut | ProblemDetail]
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
    body: PaymentSettingsUpdate,
    if_match: None | str | Unset = UNSET,
) -> PaymentSettingsOut | ProblemDetail | None:
    """Change the payment processor settings

     Only the fields sent change; a secret sent as null is removed. `stripe` needs a secret key (`sk_...`
    or `rk_...`), now or set before: else 422 `invalid_payment_settings`. Secrets are stored encrypted
    and the audit row says only `[set]` or `[removed]`. Point Stripe's webhook at `stripe_webhook_path`
    and store its signing secret (`whsec_...`) here. Needs `settings:write`.

    Args:
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (PaymentSettingsUpdate): Only the fields sent change.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentSettingsOut | ProblemDetail
    """

    return sync_detailed(
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PaymentSettingsUpdate,
    if_match: None | str | Unset = UNSET,
) -> Response[PaymentSettingsOut | ProblemDetail]:
    """Change the payment processor settings

     Only the fields sent change; a secret sent as null is removed. `stripe` needs a secret key (`sk_...`
    or `rk_...`), now or set before: else 422 `invalid_payment_settings`. Secrets are stored encrypted
    and the audit row says only `[set]` or `[removed]`. Point Stripe's webhook at `stripe_webhook_path`
    and store its signing secret (`whsec_...`) here. Needs `settings:write`.

    Args:
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (PaymentSettingsUpdate): Only the fields sent change.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentSettingsOut | ProblemDetail]
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
    body: PaymentSettingsUpdate,
    if_match: None | str | Unset = UNSET,
) -> PaymentSettingsOut | ProblemDetail | None:
    """Change the payment processor settings

     Only the fields sent change; a secret sent as null is removed. `stripe` needs a secret key (`sk_...`
    or `rk_...`), now or set before: else 422 `invalid_payment_settings`. Secrets are stored encrypted
    and the audit row says only `[set]` or `[removed]`. Point Stripe's webhook at `stripe_webhook_path`
    and store its signing secret (`whsec_...`) here. Needs `settings:write`.

    Args:
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (PaymentSettingsUpdate): Only the fields sent change.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentSettingsOut | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
