from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_product_out import PageProductOut
from ...models.problem_detail import ProblemDetail
from ...models.product_sort import ProductSort
from ...models.product_status import ProductStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: None | str | Unset = UNSET,
    status: None | ProductStatus | Unset = UNSET,
    include_archived: bool | Unset = False,
    category_id: None | Unset | UUID = UNSET,
    location_id: None | Unset | UUID = UNSET,
    sort: ProductSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, str):
        json_status = status
    else:
        json_status = status
    params["status"] = json_status

    params["include_archived"] = include_archived

    json_category_id: None | str | Unset
    if isinstance(category_id, Unset):
        json_category_id = UNSET
    elif isinstance(category_id, UUID):
        json_category_id = str(category_id)
    else:
        json_category_id = category_id
    params["category_id"] = json_category_id

    json_location_id: None | str | Unset
    if isinstance(location_id, Unset):
        json_location_id = UNSET
    elif isinstance(location_id, UUID):
        json_location_id = str(location_id)
    else:
        json_location_id = location_id
    params["location_id"] = json_location_id

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort

    params["sort"] = json_sort

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
        "url": "/api/v1/products",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageProductOut | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PageProductOut.from_dict(response.json())

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
) -> Response[PageProductOut | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    status: None | ProductStatus | Unset = UNSET,
    include_archived: bool | Unset = False,
    category_id: None | Unset | UUID = UNSET,
    location_id: None | Unset | UUID = UNSET,
    sort: ProductSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageProductOut | ProblemDetail]:
    """List and search products

     Top-level products; variants are listed inside their product. Archived products are left out unless
    `include_archived=true` or `status=archived`.

    - `q`: a case-insensitive part of the name, SKU or barcode of the product or of one of its variants
    (`%` and `_` match themselves).
    - `category_id`: products in that category or any category below it.
    - `location_id`: products stocked at that location (404 `location_not_found` for a location this
    tenant doesn't have).
    - `sort`: `name`, `price` or `created` (creation order, the default); `-` first reverses it. Ties
    are broken by id, and `next_cursor` carries the sort key, so pages neither skip nor repeat a product
    while others are added.

    Args:
        q (None | str | Unset): Part of a name, SKU or barcode
        status (None | ProductStatus | Unset):
        include_archived (bool | Unset): Also list archived products Default: False.
        category_id (None | Unset | UUID): With its subcategories
        location_id (None | Unset | UUID): Stocked there
        sort (ProductSort | Unset):
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageProductOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        q=q,
        status=status,
        include_archived=include_archived,
        category_id=category_id,
        location_id=location_id,
        sort=sort,
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
    q: None | str | Unset = UNSET,
    status: None | ProductStatus | Unset = UNSET,
    include_archived: bool | Unset = False,
    category_id: None | Unset | UUID = UNSET,
    location_id: None | Unset | UUID = UNSET,
    sort: ProductSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageProductOut | ProblemDetail | None:
    """List and search products

     Top-level products; variants are listed inside their product. Archived products are left out unless
    `include_archived=true` or `status=archived`.

    - `q`: a case-insensitive part of the name, SKU or barcode of the product or of one of its variants
    (`%` and `_` match themselves).
    - `category_id`: products in that category or any category below it.
    - `location_id`: products stocked at that location (404 `location_not_found` for a location this
    tenant doesn't have).
    - `sort`: `name`, `price` or `created` (creation order, the default); `-` first reverses it. Ties
    are broken by id, and `next_cursor` carries the sort key, so pages neither skip nor repeat a product
    while others are added.

    Args:
        q (None | str | Unset): Part of a name, SKU or barcode
        status (None | ProductStatus | Unset):
        include_archived (bool | Unset): Also list archived products Default: False.
        category_id (None | Unset | UUID): With its subcategories
        location_id (None | Unset | UUID): Stocked there
        sort (ProductSort | Unset):
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageProductOut | ProblemDetail
    """

    return sync_detailed(
        client=client,
        q=q,
        status=status,
        include_archived=include_archived,
        category_id=category_id,
        location_id=location_id,
        sort=sort,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    status: None | ProductStatus | Unset = UNSET,
    include_archived: bool | Unset = False,
    category_id: None | Unset | UUID = UNSET,
    location_id: None | Unset | UUID = UNSET,
    sort: ProductSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageProductOut | ProblemDetail]:
    """List and search products

     Top-level products; variants are listed inside their product. Archived products are left out unless
    `include_archived=true` or `status=archived`.

    - `q`: a case-insensitive part of the name, SKU or barcode of the product or of one of its variants
    (`%` and `_` match themselves).
    - `category_id`: products in that category or any category below it.
    - `location_id`: products stocked at that location (404 `location_not_found` for a location this
    tenant doesn't have).
    - `sort`: `name`, `price` or `created` (creation order, the default); `-` first reverses it. Ties
    are broken by id, and `next_cursor` carries the sort key, so pages neither skip nor repeat a product
    while others are added.

    Args:
        q (None | str | Unset): Part of a name, SKU or barcode
        status (None | ProductStatus | Unset):
        include_archived (bool | Unset): Also list archived products Default: False.
        category_id (None | Unset | UUID): With its subcategories
        location_id (None | Unset | UUID): Stocked there
        sort (ProductSort | Unset):
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageProductOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        q=q,
        status=status,
        include_archived=include_archived,
        category_id=category_id,
        location_id=location_id,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    status: None | ProductStatus | Unset = UNSET,
    include_archived: bool | Unset = False,
    category_id: None | Unset | UUID = UNSET,
    location_id: None | Unset | UUID = UNSET,
    sort: ProductSort | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageProductOut | ProblemDetail | None:
    """List and search products

     Top-level products; variants are listed inside their product. Archived products are left out unless
    `include_archived=true` or `status=archived`.

    - `q`: a case-insensitive part of the name, SKU or barcode of the product or of one of its variants
    (`%` and `_` match themselves).
    - `category_id`: products in that category or any category below it.
    - `location_id`: products stocked at that location (404 `location_not_found` for a location this
    tenant doesn't have).
    - `sort`: `name`, `price` or `created` (creation order, the default); `-` first reverses it. Ties
    are broken by id, and `next_cursor` carries the sort key, so pages neither skip nor repeat a product
    while others are added.

    Args:
        q (None | str | Unset): Part of a name, SKU or barcode
        status (None | ProductStatus | Unset):
        include_archived (bool | Unset): Also list archived products Default: False.
        category_id (None | Unset | UUID): With its subcategories
        location_id (None | Unset | UUID): Stocked there
        sort (ProductSort | Unset):
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageProductOut | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            status=status,
            include_archived=include_archived,
            category_id=category_id,
            location_id=location_id,
            sort=sort,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
