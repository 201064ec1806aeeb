from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.variant_create import VariantCreate
from ...models.variant_out import VariantOut
from ...types import Response


def _get_kwargs(
    product_id: UUID,
    *,
    body: VariantCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/products/{product_id}/variants".format(
            product_id=quote(str(product_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | VariantOut | None:
    if response.status_code == 201:
        response_201 = VariantOut.from_dict(response.json())

        return response_201

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
) -> Response[ProblemDetail | VariantOut]:
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
    body: VariantCreate,
) -> Response[ProblemDetail | VariantOut]:
    """Add a variant to a product

     A variant is a sellable unit of its own (its id is what stock and orders name), with its own SKU,
    price, barcode and status, and the product's currency, category and tax class. `option_values` gives
    one value of each of the product's `options` (422 `invalid_option_values`); no two variants share a
    combination (409 `variant_exists`). Once a product has variants, it is no longer sold itself.

    Args:
        product_id (UUID):
        body (VariantCreate): A variant takes its currency, category and tax class from its
            product; its price
            (when left out), status (when left out) and name (when left out: the product's name and
            the option values) start as the product's.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | VariantOut]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    body: VariantCreate,
) -> ProblemDetail | VariantOut | None:
    """Add a variant to a product

     A variant is a sellable unit of its own (its id is what stock and orders name), with its own SKU,
    price, barcode and status, and the product's currency, category and tax class. `option_values` gives
    one value of each of the product's `options` (422 `invalid_option_values`); no two variants share a
    combination (409 `variant_exists`). Once a product has variants, it is no longer sold itself.

    Args:
        product_id (UUID):
        body (VariantCreate): A variant takes its currency, category and tax class from its
            product; its price
            (when left out), status (when left out) and name (when left out: the product's name and
            the option values) start as the product's.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | VariantOut
    """

    return sync_detailed(
        product_id=product_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    body: VariantCreate,
) -> Response[ProblemDetail | VariantOut]:
    """Add a variant to a product

     A variant is a sellable unit of its own (its id is what stock and orders name), with its own SKU,
    price, barcode and status, and the product's currency, category and tax class. `option_values` gives
    one value of each of the product's `options` (422 `invalid_option_values`); no two variants share a
    combination (409 `variant_exists`). Once a product has variants, it is no longer sold itself.

    Args:
        product_id (UUID):
        body (VariantCreate): A variant takes its currency, category and tax class from its
            product; its price
            (when left out), status (when left out) and name (when left out: the product's name and
            the option values) start as the product's.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | VariantOut]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    body: VariantCreate,
) -> ProblemDetail | VariantOut | None:
    """Add a variant to a product

     A variant is a sellable unit of its own (its id is what stock and orders name), with its own SKU,
    price, barcode and status, and the product's currency, category and tax class. `option_values` gives
    one value of each of the product's `options` (422 `invalid_option_values`); no two variants share a
    combination (409 `variant_exists`). Once a product has variants, it is no longer sold itself.

    Args:
        product_id (UUID):
        body (VariantCreate): A variant takes its currency, category and tax class from its
            product; its price
            (when left out), status (when left out) and name (when left out: the product's name and
            the option values) start as the product's.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | VariantOut
    """

    return (
        await asyncio_detailed(
            product_id=product_id,
            client=client,
            body=body,
        )
    ).parsed
