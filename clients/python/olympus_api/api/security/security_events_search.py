import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_security_event_out import PageSecurityEventOut
from ...models.problem_detail import ProblemDetail
from ...models.security_event_kind import SecurityEventKind
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    kind: None | SecurityEventKind | Unset = UNSET,
    user_id: None | Unset | UUID = UNSET,
    address: None | str | Unset = UNSET,
    email: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    tenant_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, str):
        json_kind = kind
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_user_id: None | str | Unset
    if isinstance(user_id, Unset):
        json_user_id = UNSET
    elif isinstance(user_id, UUID):
        json_user_id = str(user_id)
    else:
        json_user_id = user_id
    params["user_id"] = json_user_id

    json_address: None | str | Unset
    if isinstance(address, Unset):
        json_address = UNSET
    else:
        json_address = address
    params["address"] = json_address

    json_email: None | str | Unset
    if isinstance(email, Unset):
        json_email = UNSET
    else:
        json_email = email
    params["email"] = json_email

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.datetime):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    json_tenant_id: None | str | Unset
    if isinstance(tenant_id, Unset):
        json_tenant_id = UNSET
    elif isinstance(tenant_id, UUID):
        json_tenant_id = str(tenant_id)
    else:
        json_tenant_id = tenant_id
    params["tenant_id"] = json_tenant_id

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/security-events",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageSecurityEventOut | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PageSecurityEventOut.from_dict(response.json())

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
) -> Response[PageSecurityEventOut | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    kind: None | SecurityEventKind | Unset = UNSET,
    user_id: None | Unset | UUID = UNSET,
    address: None | str | Unset = UNSET,
    email: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    tenant_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageSecurityEventOut | ProblemDetail]:
    """Search the security event log

     Failed sign-ins, lockouts, refresh-token reuse, multi-factor failures, refused permissions, refused
    tokens of known accounts and fair-use refusals of the tenant, newest first. Repeats of one event
    (same kind, account, client address and permission) within the aggregation window (an hour by
    default) are one row with a `count`. Filters: `kind`, `user_id`, `address`, `email` (compared by its
    keyed hash), and `from` (inclusive) to `to` (exclusive): rows with an occurrence in that window.
    Needs `audit:read`. Platform operators may name another tenant with `tenant_id`.

    Args:
        kind (None | SecurityEventKind | Unset): Only this kind
        user_id (None | Unset | UUID): Only the events of this account
        address (None | str | Unset): The client address, exactly
        email (None | str | Unset): An email tried (matched by its hash)
        from_ (datetime.datetime | None | Unset): Last seen at or after this time (RFC 3339)
        to (datetime.datetime | None | Unset): First seen before this time (RFC 3339)
        tenant_id (None | Unset | UUID): Another tenant's log (platform operators only)
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageSecurityEventOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        kind=kind,
        user_id=user_id,
        address=address,
        email=email,
        from_=from_,
        to=to,
        tenant_id=tenant_id,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    kind: None | SecurityEventKind | Unset = UNSET,
    user_id: None | Unset | UUID = UNSET,
    address: None | str | Unset = UNSET,
    email: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    tenant_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageSecurityEventOut | ProblemDetail | None:
    """Search the security event log

     Failed sign-ins, lockouts, refresh-token reuse, multi-factor failures, refused permissions, refused
    tokens of known accounts and fair-use refusals of the tenant, newest first. Repeats of one event
    (same kind, account, client address and permission) within the aggregation window (an hour by
    default) are one row with a `count`. Filters: `kind`, `user_id`, `address`, `email` (compared by its
    keyed hash), and `from` (inclusive) to `to` (exclusive): rows with an occurrence in that window.
    Needs `audit:read`. Platform operators may name another tenant with `tenant_id`.

    Args:
        kind (None | SecurityEventKind | Unset): Only this kind
        user_id (None | Unset | UUID): Only the events of this account
        address (None | str | Unset): The client address, exactly
        email (None | str | Unset): An email tried (matched by its hash)
        from_ (datetime.datetime | None | Unset): Last seen at or after this time (RFC 3339)
        to (datetime.datetime | None | Unset): First seen before this time (RFC 3339)
        tenant_id (None | Unset | UUID): Another tenant's log (platform operators only)
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageSecurityEventOut | ProblemDetail
    """

    return sync_detailed(
        client=client,
        kind=kind,
        user_id=user_id,
        address=address,
        email=email,
        from_=from_,
        to=to,
        tenant_id=tenant_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    kind: None | SecurityEventKind | Unset = UNSET,
    user_id: None | Unset | UUID = UNSET,
    address: None | str | Unset = UNSET,
    email: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    tenant_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageSecurityEventOut | ProblemDetail]:
    """Search the security event log

     Failed sign-ins, lockouts, refresh-token reuse, multi-factor failures, refused permissions, refused
    tokens of known accounts and fair-use refusals of the tenant, newest first. Repeats of one event
    (same kind, account, client address and permission) within the aggregation window (an hour by
    default) are one row with a `count`. Filters: `kind`, `user_id`, `address`, `email` (compared by its
    keyed hash), and `from` (inclusive) to `to` (exclusive): rows with an occurrence in that window.
    Needs `audit:read`. Platform operators may name another tenant with `tenant_id`.

    Args:
        kind (None | SecurityEventKind | Unset): Only this kind
        user_id (None | Unset | UUID): Only the events of this account
        address (None | str | Unset): The client address, exactly
        email (None | str | Unset): An email tried (matched by its hash)
        from_ (datetime.datetime | None | Unset): Last seen at or after this time (RFC 3339)
        to (datetime.datetime | None | Unset): First seen before this time (RFC 3339)
        tenant_id (None | Unset | UUID): Another tenant's log (platform operators only)
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageSecurityEventOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        kind=kind,
        user_id=user_id,
        address=address,
        email=email,
        from_=from_,
        to=to,
        tenant_id=tenant_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    kind: None | SecurityEventKind | Unset = UNSET,
    user_id: None | Unset | UUID = UNSET,
    address: None | str | Unset = UNSET,
    email: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    tenant_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageSecurityEventOut | ProblemDetail | None:
    """Search the security event log

     Failed sign-ins, lockouts, refresh-token reuse, multi-factor failures, refused permissions, refused
    tokens of known accounts and fair-use refusals of the tenant, newest first. Repeats of one event
    (same kind, account, client address and permission) within the aggregation window (an hour by
    default) are one row with a `count`. Filters: `kind`, `user_id`, `address`, `email` (compared by its
    keyed hash), and `from` (inclusive) to `to` (exclusive): rows with an occurrence in that window.
    Needs `audit:read`. Platform operators may name another tenant with `tenant_id`.

    Args:
        kind (None | SecurityEventKind | Unset): Only this kind
        user_id (None | Unset | UUID): Only the events of this account
        address (None | str | Unset): The client address, exactly
        email (None | str | Unset): An email tried (matched by its hash)
        from_ (datetime.datetime | None | Unset): Last seen at or after this time (RFC 3339)
        to (datetime.datetime | None | Unset): First seen before this time (RFC 3339)
        tenant_id (None | Unset | UUID): Another tenant's log (platform operators only)
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageSecurityEventOut | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            kind=kind,
            user_id=user_id,
            address=address,
            email=email,
            from_=from_,
            to=to,
            tenant_id=tenant_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
