from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.location_price_out import LocationPriceOut
from ...models.location_price_set import LocationPriceSet
from ...models.problem_detail import ProblemDetail
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    product_id: UUID,
    location_id: UUID,
    *,
    body: LocationPriceSet,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/products/{product_id}/location-prices/{location_id}".format(
            product_id=quote(str(product_id), safe=""),
            location_id=quote(str(location_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LocationPriceOut | ProblemDetail | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = LocationPriceOut.from_dict(response.json())

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
) -> Response[LocationPriceOut | ProblemDetail | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    product_id: UUID,
    location_id: UUID,
    *,
    client: AuthenticatedClient,
    body: LocationPriceSet,
) -> Response[LocationPriceOut | ProblemDetail | ValidationProblem]:
    """Set the price of a sellable unit at a location

     In place of the unit's own `price` when sold there. Only a sellable unit (a plain product or a
    variant: 409 `product_not_sellable` for a product with variants) at an active location (409
    `location_archived`), in the unit's currency, which must be the location's (409
    `location_currency_mismatch`). Needs `catalog:write` tenant-wide or at that location.

    Args:
        product_id (UUID):
        location_id (UUID):
        body (LocationPriceSet):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LocationPriceOut | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        location_id=location_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    product_id: UUID,
    location_id: UUID,
    *,
    client: AuthenticatedClient,
    body: LocationPriceSet,
) -> LocationPriceOut | ProblemDetail | ValidationProblem | None:
    """Set the price of a sellable unit at a location

     In place of the unit's own `price` when sold there. Only a sellable unit (a plain product or a
    variant: 409 `product_not_sellable` for a product with variants) at an active location (409
    `location_archived`), in the unit's currency, which must be the location's (409
    `location_currency_mismatch`). Needs `catalog:write` tenant-wide or at that location.

    Args:
        product_id (UUID):
        location_id (UUID):
        body (LocationPriceSet):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LocationPriceOut | ProblemDetail | ValidationProblem
    """

    return sync_detailed(
        product_id=product_id,
        location_id=location_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    product_id: UUID,
    location_id: UUID,
    *,
    client: AuthenticatedClient,
    body: LocationPriceSet,
) -> Response[LocationPriceOut | ProblemDetail | ValidationProblem]:
    """Set the price of a sellable unit at a location

     In place of the unit's own `price` when sold there. Only a sellable unit (a plain product or a
    variant: 409 `product_not_sellable` for a product with variants) at an active location (409
    `location_archived`), in the unit's currency, which must be the location's (409
    `location_currency_mismatch`). Needs `catalog:write` tenant-wide or at that location.

    Args:
        product_id (UUID):
        location_id (UUID):
        body (LocationPriceSet):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LocationPriceOut | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        location_id=location_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    product_id: UUID,
    location_id: UUID,
    *,
    client: AuthenticatedClient,
    body: LocationPriceSet,
) -> LocationPriceOut | ProblemDetail | ValidationProblem | None:
    """Set the price of a sellable unit at a location

     In place of the unit's own `price` when sold there. Only a sellable unit (a plain product or a
    variant: 409 `product_not_sellable` for a product with variants) at an active location (409
    `location_archived`), in the unit's currency, which must be the location's (409
    `location_currency_mismatch`). Needs `catalog:write` tenant-wide or at that location.

    Args:
        product_id (UUID):
        location_id (UUID):
        body (LocationPriceSet):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LocationPriceOut | ProblemDetail | ValidationProblem
    """

    return (
        await asyncio_detailed(
            product_id=product_id,
            location_id=location_id,
            client=client,
            body=body,
        )
    ).parsed
