from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.analytics_sales_format_type_0 import (
    AnalyticsSalesFormatType0,
)
from ...models.interval import Interval
from ...models.problem_detail import ProblemDetail
from ...models.sales_report import SalesReport
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    interval: Interval | Unset = UNSET,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    location_id: None | Unset | UUID = UNSET,
    format_: AnalyticsSalesFormatType0 | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_interval: str | Unset = UNSET
    if not isinstance(interval, Unset):
        json_interval = interval

    params["interval"] = json_interval

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    else:
        json_to = to
    params["to"] = json_to

    json_location_id: None | str | Unset
    if isinstance(location_id, Unset):
        json_location_id = UNSET
    elif isinstance(location_id, UUID):
        json_location_id = str(location_id)
    else:
        json_location_id = location_id
    params["location_id"] = json_location_id

    json_format_: None | str | Unset
    if isinstance(format_, Unset):
        json_format_ = UNSET
    elif isinstance(format_, str):
        json_format_ = format_
    else:
        json_format_ = format_
    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/analytics/sales",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | SalesReport | None:
    if response.status_code == 200:
        response_200 = SalesReport.from_dict(response.json())

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
) -> Response[ProblemDetail | SalesReport]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    interval: Interval | Unset = UNSET,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    location_id: None | Unset | UUID = UNSET,
    format_: AnalyticsSalesFormatType0 | None | Unset = UNSET,
) -> Response[ProblemDetail | SalesReport]:
    """Sales over time

     Paid orders, revenue (order totals after discounts, tax included), refunds, net revenue, units,
    average order value, discounts and tax per `interval` (hour, day, week from Monday, month), every
    period of the window listed, empty ones with zeros, and the totals. The window: `from` and `to` as
    dates (local days of the report's zone, `to` included) or RFC 3339 times (rounded to whole hours);
    by default the 30 days up to today. The zone is the tenant's `default_timezone`, or the location's
    own when `location_id` is given. Needs `analytics:read` (at a location: only its figures). CSV with
    `Accept: text/csv` or `?format=csv`. See docs/API.md for what counts when.

    Args:
        interval (Interval | Unset):
        from_ (None | str | Unset): Start: a date (local) or an RFC 3339 time
        to (None | str | Unset): End: a date (local, included) or an RFC 3339 time
        location_id (None | Unset | UUID): One location only
        format_ (AnalyticsSalesFormatType0 | None | Unset): `csv` for a CSV answer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | SalesReport]
    """

    kwargs = _get_kwargs(
        interval=interval,
        from_=from_,
        to=to,
        location_id=location_id,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    interval: Interval | Unset = UNSET,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    location_id: None | Unset | UUID = UNSET,
    format_: AnalyticsSalesFormatType0 | None | Unset = UNSET,
) -> ProblemDetail | SalesReport | None:
    """Sales over time

     Paid orders, revenue (order totals after discounts, tax included), refunds, net revenue, units,
    average order value, discounts and tax per `interval` (hour, day, week from Monday, month), every
    period of the window listed, empty ones with zeros, and the totals. The window: `from` and `to` as
    dates (local days of the report's zone, `to` included) or RFC 3339 times (rounded to whole hours);
    by default the 30 days up to today. The zone is the tenant's `default_timezone`, or the location's
    own when `location_id` is given. Needs `analytics:read` (at a location: only its figures). CSV with
    `Accept: text/csv` or `?format=csv`. See docs/API.md for what counts when.

    Args:
        interval (Interval | Unset):
        from_ (None | str | Unset): Start: a date (local) or an RFC 3339 time
        to (None | str | Unset): End: a date (local, included) or an RFC 3339 time
        location_id (None | Unset | UUID): One location only
        format_ (AnalyticsSalesFormatType0 | None | Unset): `csv` for a CSV answer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | SalesReport
    """

    return sync_detailed(
        client=client,
        interval=interval,
        from_=from_,
        to=to,
        location_id=location_id,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    interval: Interval | Unset = UNSET,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    location_id: None | Unset | UUID = UNSET,
    format_: AnalyticsSalesFormatType0 | None | Unset = UNSET,
) -> Response[ProblemDetail | SalesReport]:
    """Sales over time

     Paid orders, revenue (order totals after discounts, tax included), refunds, net revenue, units,
    average order value, discounts and tax per `interval` (hour, day, week from Monday, month), every
    period of the window listed, empty ones with zeros, and the totals. The window: `from` and `to` as
    dates (local days of the report's zone, `to` included) or RFC 3339 times (rounded to whole hours);
    by default the 30 days up to today. The zone is the tenant's `default_timezone`, or the location's
    own when `location_id` is given. Needs `analytics:read` (at a location: only its figures). CSV with
    `Accept: text/csv` or `?format=csv`. See docs/API.md for what counts when.

    Args:
        interval (Interval | Unset):
        from_ (None | str | Unset): Start: a date (local) or an RFC 3339 time
        to (None | str | Unset): End: a date (local, included) or an RFC 3339 time
        location_id (None | Unset | UUID): One location only
        format_ (AnalyticsSalesFormatType0 | None | Unset): `csv` for a CSV answer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | SalesReport]
    """

    kwargs = _get_kwargs(
        interval=interval,
        from_=from_,
        to=to,
        location_id=location_id,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    interval: Interval | Unset = UNSET,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    location_id: None | Unset | UUID = UNSET,
    format_: AnalyticsSalesFormatType0 | None | Unset = UNSET,
) -> ProblemDetail | SalesReport | None:
    """Sales over time

     Paid orders, revenue (order totals after discounts, tax included), refunds, net revenue, units,
    average order value, discounts and tax per `interval` (hour, day, week from Monday, month), every
    period of the window listed, empty ones with zeros, and the totals. The window: `from` and `to` as
    dates (local days of the report's zone, `to` included) or RFC 3339 times (rounded to whole hours);
    by default the 30 days up to today. The zone is the tenant's `default_timezone`, or the location's
    own when `location_id` is given. Needs `analytics:read` (at a location: only its figures). CSV with
    `Accept: text/csv` or `?format=csv`. See docs/API.md for what counts when.

    Args:
        interval (Interval | Unset):
        from_ (None | str | Unset): Start: a date (local) or an RFC 3339 time
        to (None | str | Unset): End: a date (local, included) or an RFC 3339 time
        location_id (None | Unset | UUID): One location only
        format_ (AnalyticsSalesFormatType0 | None | Unset): `csv` for a CSV answer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | SalesReport
    """

    return (
        await asyncio_detailed(
            client=client,
            interval=interval,
            from_=from_,
            to=to,
            location_id=location_id,
            format_=format_,
        )
    ).parsed
