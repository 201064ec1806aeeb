from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.product_out import ProductOut
from ...models.product_update import ProductUpdate
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    product_id: UUID,
    *,
    body: ProductUpdate,
    if_match: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["if-match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/products/{product_id}".format(
            product_id=quote(str(product_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | ProductOut | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = ProductOut.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ProblemDetail.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = ProblemDetail.from_dict(response.json())

        return response_412

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
) -> Response[ProblemDetail | ProductOut | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ProductUpdate,
    if_match: None | str | Unset = UNSET,
) -> Response[ProblemDetail | ProductOut | ValidationProblem]:
    """Change a product

     Only the fields sent change (`category_id` and `barcode` may be null to clear them). Its variants
    follow its currency, category and tax class. `options` may change only in ways every variant still
    matches (409 `options_in_use`); the currency can't change while the product has prices per location.
    A variant is changed under `/products/{product_id}/variants/{variant_id}` (409
    `product_is_variant`). Setting `status` to `archived` is recorded as `product.archived`.

    Args:
        product_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (ProductUpdate): Only the fields sent change. `category_id` and `barcode` may be sent
            as null to clear
            them; any other null is refused (leave the field out to keep it).

            Every other field is required in the model (so an explicit null is refused like any
            wrong type) yet may be left out: the `None` defaults are never validated nor read.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | ProductOut | ValidationProblem]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ProductUpdate,
    if_match: None | str | Unset = UNSET,
) -> ProblemDetail | ProductOut | ValidationProblem | None:
    """Change a product

     Only the fields sent change (`category_id` and `barcode` may be null to clear them). Its variants
    follow its currency, category and tax class. `options` may change only in ways every variant still
    matches (409 `options_in_use`); the currency can't change while the product has prices per location.
    A variant is changed under `/products/{product_id}/variants/{variant_id}` (409
    `product_is_variant`). Setting `status` to `archived` is recorded as `product.archived`.

    Args:
        product_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (ProductUpdate): Only the fields sent change. `category_id` and `barcode` may be sent
            as null to clear
            them; any other null is refused (leave the field out to keep it).

            Every other field is required in the model (so an explicit null is refused like any
            wrong type) yet may be left out: the `None` defaults are never validated nor read.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | ProductOut | ValidationProblem
    """

    return sync_detailed(
        product_id=product_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ProductUpdate,
    if_match: None | str | Unset = UNSET,
) -> Response[ProblemDetail | ProductOut | ValidationProblem]:
    """Change a product

     Only the fields sent change (`category_id` and `barcode` may be null to clear them). Its variants
    follow its currency, category and tax class. `options` may change only in ways every variant still
    matches (409 `options_in_use`); the currency can't change while the product has prices per location.
    A variant is changed under `/products/{product_id}/variants/{variant_id}` (409
    `product_is_variant`). Setting `status` to `archived` is recorded as `product.archived`.

    Args:
        product_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (ProductUpdate): Only the fields sent change. `category_id` and `barcode` may be sent
            as null to clear
            them; any other null is refused (leave the field out to keep it).

            Every other field is required in the model (so an explicit null is refused like any
            wrong type) yet may be left out: the `None` defaults are never validated nor read.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | ProductOut | ValidationProblem]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ProductUpdate,
    if_match: None | str | Unset = UNSET,
) -> ProblemDetail | ProductOut | ValidationProblem | None:
    """Change a product

     Only the fields sent change (`category_id` and `barcode` may be null to clear them). Its variants
    follow its currency, category and tax class. `options` may change only in ways every variant still
    matches (409 `options_in_use`); the currency can't change while the product has prices per location.
    A variant is changed under `/products/{product_id}/variants/{variant_id}` (409
    `product_is_variant`). Setting `status` to `archived` is recorded as `product.archived`.

    Args:
        product_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (ProductUpdate): Only the fields sent change. `category_id` and `barcode` may be sent
            as null to clear
            them; any other null is refused (leave the field out to keep it).

            Every other field is required in the model (so an explicit null is refused like any
            wrong type) yet may be left out: the `None` defaults are never validated nor read.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | ProductOut | ValidationProblem
    """

    return (
        await asyncio_detailed(
            product_id=product_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
