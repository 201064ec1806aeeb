from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.webhook_out import WebhookOut
from ...models.webhook_update import WebhookUpdate
from ...types import UNSET, Response, Unset


def _get_kwargs(
    webhook_id: UUID,
    *,
    body: WebhookUpdate,
    if_match: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["if-match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/webhooks/{webhook_id}".format(
            webhook_id=quote(str(webhook_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | WebhookOut | None:
    if response.status_code == 200:
        response_200 = WebhookOut.from_dict(response.json())

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
) -> Response[ProblemDetail | WebhookOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    webhook_id: UUID,
    *,
    client: AuthenticatedClient,
    body: WebhookUpdate,
    if_match: None | str | Unset = UNSET,
) -> Response[ProblemDetail | WebhookOut]:
    """Change a webhook

     Only the fields sent change (null is refused). `active: true` resumes a webhook that was disabled
    for failing, with its failure count reset; deliveries that waited meanwhile are sent then.

    Args:
        webhook_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (WebhookUpdate): Only the fields sent change (null is refused: leave a field out to
            keep it).
            `active: true` resumes an endpoint that was disabled, with its failure count reset.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | WebhookOut]
    """

    kwargs = _get_kwargs(
        webhook_id=webhook_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    webhook_id: UUID,
    *,
    client: AuthenticatedClient,
    body: WebhookUpdate,
    if_match: None | str | Unset = UNSET,
) -> ProblemDetail | WebhookOut | None:
    """Change a webhook

     Only the fields sent change (null is refused). `active: true` resumes a webhook that was disabled
    for failing, with its failure count reset; deliveries that waited meanwhile are sent then.

    Args:
        webhook_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (WebhookUpdate): Only the fields sent change (null is refused: leave a field out to
            keep it).
            `active: true` resumes an endpoint that was disabled, with its failure count reset.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | WebhookOut
    """

    return sync_detailed(
        webhook_id=webhook_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    webhook_id: UUID,
    *,
    client: AuthenticatedClient,
    body: WebhookUpdate,
    if_match: None | str | Unset = UNSET,
) -> Response[ProblemDetail | WebhookOut]:
    """Change a webhook

     Only the fields sent change (null is refused). `active: true` resumes a webhook that was disabled
    for failing, with its failure count reset; deliveries that waited meanwhile are sent then.

    Args:
        webhook_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (WebhookUpdate): Only the fields sent change (null is refused: leave a field out to
            keep it).
            `active: true` resumes an endpoint that was disabled, with its failure count reset.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | WebhookOut]
    """

    kwargs = _get_kwargs(
        webhook_id=webhook_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    webhook_id: UUID,
    *,
    client: AuthenticatedClient,
    body: WebhookUpdate,
    if_match: None | str | Unset = UNSET,
) -> ProblemDetail | WebhookOut | None:
    """Change a webhook

     Only the fields sent change (null is refused). `active: true` resumes a webhook that was disabled
    for failing, with its failure count reset; deliveries that waited meanwhile are sent then.

    Args:
        webhook_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (WebhookUpdate): Only the fields sent change (null is refused: leave a field out to
            keep it).
            `active: true` resumes an endpoint that was disabled, with its failure count reset.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | WebhookOut
    """

    return (
        await asyncio_detailed(
            webhook_id=webhook_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
