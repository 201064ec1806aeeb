from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.analytics_top_products_format_type_0 import (
    AnalyticsTopProductsFormatType0,
)
from ...models.problem_detail import ProblemDetail
from ...models.product_measure import ProductMeasure
from ...models.top_products_report import TopProductsReport
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    by: ProductMeasure | Unset = UNSET,
    limit: int | Unset = 10,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    location_id: None | Unset | UUID = UNSET,
    format_: AnalyticsTopProductsFormatType0 | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_by: str | Unset = UNSET
    if not isinstance(by, Unset):
        json_by = by

    params["by"] = json_by

    params["limit"] = limit

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
        "url": "/api/v1/analytics/top-products",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | TopProductsReport | None:
    if response.status_code == 200:
        response_200 = TopProductsReport.from_dict(response.json())

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
) -> Response[ProblemDetail | TopProductsReport]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    by: ProductMeasure | Unset = UNSET,
    limit: int | Unset = 10,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    location_id: None | Unset | UUID = UNSET,
    format_: AnalyticsTopProductsFormatType0 | None | Unset = UNSET,
) -> Response[ProblemDetail | TopProductsReport]:
    """Top products

     The products sold most in the window, by `revenue` (line totals after discounts, tax included) or by
    `quantity` (units), at most `limit`. The window: `from` and `to` as dates (local days of the
    report's zone, `to` included) or RFC 3339 times (rounded to whole hours); by default the 30 days up
    to today. The zone is the tenant's `default_timezone`, or the location's own when `location_id` is
    given. Needs `analytics:read` (at a location: only its figures). CSV with `Accept: text/csv` or
    `?format=csv`. See docs/API.md for what counts when.

    Args:
        by (ProductMeasure | Unset):
        limit (int | Unset):  Default: 10.
        from_ (None | str | Unset): Start: a date (local) or an RFC 3339 time
        to (None | str | Unset): End: a date (local, included) or an RFC 3339 time
        location_id (None | Unset | UUID): One location only
        format_ (AnalyticsTopProductsFormatType0 | None | Unset): `csv` for a CSV answer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | TopProductsReport]
    """

    kwargs = _get_kwargs(
        by=by,
        limit=limit,
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
    by: ProductMeasure | Unset = UNSET,
    limit: int | Unset = 10,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    location_id: None | Unset | UUID = UNSET,
    format_: AnalyticsTopProductsFormatType0 | None | Unset = UNSET,
) -> ProblemDetail | TopProductsReport | None:
    """Top products

     The products sold most in the window, by `revenue` (line totals after discounts, tax included) or by
    `quantity` (units), at most `limit`. The window: `from` and `to` as dates (local days of the
    report's zone, `to` included) or RFC 3339 times (rounded to whole hours); by default the 30 days up
    to today. The zone is the tenant's `default_timezone`, or the location's own when `location_id` is
    given. Needs `analytics:read` (at a location: only its figures). CSV with `Accept: text/csv` or
    `?format=csv`. See docs/API.md for what counts when.

    Args:
        by (ProductMeasure | Unset):
        limit (int | Unset):  Default: 10.
        from_ (None | str | Unset): Start: a date (local) or an RFC 3339 time
        to (None | str | Unset): End: a date (local, included) or an RFC 3339 time
        location_id (None | Unset | UUID): One location only
        format_ (AnalyticsTopProductsFormatType0 | None | Unset): `csv` for a CSV answer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | TopProductsReport
    """

    return sync_detailed(
        client=client,
        by=by,
        limit=limit,
        from_=from_,
        to=to,
        location_id=location_id,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    by: ProductMeasure | Unset = UNSET,
    limit: int | Unset = 10,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    location_id: None | Unset | UUID = UNSET,
    format_: AnalyticsTopProductsFormatType0 | None | Unset = UNSET,
) -> Response[ProblemDetail | TopProductsReport]:
    """Top products

     The products sold most in the window, by `revenue` (line totals after discounts, tax included) or by
    `quantity` (units), at most `limit`. The window: `from` and `to` as dates (local days of the
    report's zone, `to` included) or RFC 3339 times (rounded to whole hours); by default the 30 days up
    to today. The zone is the tenant's `default_timezone`, or the location's own when `location_id` is
    given. Needs `analytics:read` (at a location: only its figures). CSV with `Accept: text/csv` or
    `?format=csv`. See docs/API.md for what counts when.

    Args:
        by (ProductMeasure | Unset):
        limit (int | Unset):  Default: 10.
        from_ (None | str | Unset): Start: a date (local) or an RFC 3339 time
        to (None | str | Unset): End: a date (local, included) or an RFC 3339 time
        location_id (None | Unset | UUID): One location only
        format_ (AnalyticsTopProductsFormatType0 | None | Unset): `csv` for a CSV answer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | TopProductsReport]
    """

    kwargs = _get_kwargs(
        by=by,
        limit=limit,
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
    by: ProductMeasure | Unset = UNSET,
    limit: int | Unset = 10,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    location_id: None | Unset | UUID = UNSET,
    format_: AnalyticsTopProductsFormatType0 | None | Unset = UNSET,
) -> ProblemDetail | TopProductsReport | None:
    """Top products

     The products sold most in the window, by `revenue` (line totals after discounts, tax included) or by
    `quantity` (units), at most `limit`. The window: `from` and `to` as dates (local days of the
    report's zone, `to` included) or RFC 3339 times (rounded to whole hours); by default the 30 days up
    to today. The zone is the tenant's `default_timezone`, or the location's own when `location_id` is
    given. Needs `analytics:read` (at a location: only its figures). CSV with `Accept: text/csv` or
    `?format=csv`. See docs/API.md for what counts when.

    Args:
        by (ProductMeasure | Unset):
        limit (int | Unset):  Default: 10.
        from_ (None | str | Unset): Start: a date (local) or an RFC 3339 time
        to (None | str | Unset): End: a date (local, included) or an RFC 3339 time
        location_id (None | Unset | UUID): One location only
        format_ (AnalyticsTopProductsFormatType0 | None | Unset): `csv` for a CSV answer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | TopProductsReport
    """

    return (
        await asyncio_detailed(
            client=client,
            by=by,
            limit=limit,
            from_=from_,
            to=to,
            location_id=location_id,
            format_=format_,
        )
    ).parsed
