"""Variants written: a product's sellable units, each with one value of each of its
options, a combination no other variant of the product has."""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from olympus.commerce.catalog import repository
from olympus.commerce.catalog.errors import (
    InvalidOptionValues,
    ProductHasNoOptions,
    ProductIsVariant,
    TooManyVariants,
    VariantExists,
    VariantNotFound,
)
from olympus.commerce.catalog.models import Product
from olympus.commerce.catalog.service.changes import (
    change_action,
    change_data,
    changed_fields,
    recorded_changes,
    snapshot,
)
from olympus.commerce.catalog.service.products import (
    PRODUCT,
    archive_row,
    check_unique,
    locked_product,
    unique_product_writes,
)
from olympus.core.db import WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.platform.audit import service as audit

MAX_VARIANTS = 250
VARIANT_FIELDS = (
    "sku",
    "option_values",
    "name",
    "price",
    "barcode",
    "status",
    "attributes",
    "image_urls",
)


def _record(uow: WriteUnitOfWork, action: str, product: Product, changes: dict[str, Any]) -> None:
    """The audit row and the event of a change of a product row."""
    audit.record(uow, action=action, target_type=PRODUCT, target_id=product.id, changes=changes)
    record_event(uow, action, change_data(product, changes))


def canonical_option_values(
    options: Sequence[Mapping[str, Any]], given: Mapping[str, str]
) -> dict[str, str]:
    """`given` in the product's spelling and option order: one value for each option, from
    its list (names and values compared without case)."""
    by_name = {option["name"].casefold(): option for option in options}
    chosen: dict[str, str] = {}
    for name, value in given.items():
        option = by_name.get(name.casefold())
        if option is None:
            known = ", ".join(repr(o["name"]) for o in options)
            raise InvalidOptionValues(f"The product has no option {name!r} (it has {known})")
        if option["name"] in chosen:
            raise InvalidOptionValues(f"The option {option['name']!r} is given twice")
        match = next((v for v in option["values"] if v.casefold() == value.casefold()), None)
        if match is None:
            allowed = ", ".join(repr(v) for v in option["values"])
            raise InvalidOptionValues(
                f"{value!r} is not a value of the option {option['name']!r} ({allowed})"
            )
        chosen[option["name"]] = match
    missing = [option["name"] for option in options if option["name"] not in chosen]
    if missing:
        raise InvalidOptionValues(f"A value is needed for each option; missing: {missing}")
    return {option["name"]: chosen[option["name"]] for option in options}


def _variant_name(product: Product, values: Mapping[str, str]) -> str:
    return " / ".join([product.name, *values.values()])[:200]


def _check_combination(
    combinations: list[tuple[uuid.UUID, dict[str, str]]],
    values: dict[str, str],
    own_id: uuid.UUID | None,
) -> None:
    for variant_id, chosen in combinations:
        if chosen == values and variant_id != own_id:
            raise VariantExists(f"The product already has a variant with {values}: {variant_id}")


async def create_variant(
    uow: WriteUnitOfWork,
    product_id: uuid.UUID,
    *,
    sku: str,
    option_values: Mapping[str, str],
    name: str | None = None,
    price: int | None = None,
    barcode: str | None = None,
    status: str | None = None,
    attributes: Mapping[str, Any] | None = None,
    image_urls: Sequence[str] = (),
) -> Product:
    """A variant of the product: a sellable unit of its own, with one value of each of the
    product's options, a combination no other variant has. Writers of one product take
    turns on its row, so two variants with one combination can't both pass the check."""
    product = await locked_product(uow, product_id)
    if product.parent_id is not None:
        raise ProductIsVariant(f"{product.sku!r} is a variant: a variant has no variants")
    if not product.options:
        raise ProductHasNoOptions(
            f"Give the product {product.sku!r} its options (PATCH `options`) before variants"
        )
    values = canonical_option_values(product.options, option_values)
    combinations = await repository.variant_combinations(uow, product.id)
    if len(combinations) >= MAX_VARIANTS:
        raise TooManyVariants(f"A product has at most {MAX_VARIANTS} variants")
    _check_combination(combinations, values, None)
    await check_unique(uow, sku=sku, barcode=barcode, own_id=None)
    now = uow.clock.now()
    variant = Product(
        id=new_id(),
        parent_id=product.id,
        sku=sku,
        name=name or _variant_name(product, values),
        description="",
        price=product.price if price is None else price,
        currency=product.currency,
        status=status or product.status,
        category_id=product.category_id,
        attributes=dict(attributes or {}),
        tax_class=product.tax_class,
        image_urls=list(image_urls),
        barcode=barcode,
        options=[],
        option_values=values,
        created_at=now,
        updated_at=now,
    )
    async with unique_product_writes(uow, sku=sku, barcode=barcode):
        uow.session.add(variant)
    _record(uow, "product.created", variant, snapshot(variant))
    return variant


async def _variant_of(
    uow: WriteUnitOfWork, product_id: uuid.UUID, variant_id: uuid.UUID
) -> tuple[Product, Product]:
    """The product (its row held) and its variant."""
    product = await locked_product(uow, product_id)
    variant = await uow.session.get(Product, (uow.require_tenant(), variant_id))
    if variant is None or variant.parent_id != product.id:
        raise VariantNotFound()
    return product, variant


async def update_variant(
    uow: WriteUnitOfWork,
    product_id: uuid.UUID,
    variant_id: uuid.UUID,
    *,
    changes: Mapping[str, Any],
) -> Product:
    """Apply the fields sent; new option values must match the product's options and no
    other variant's. Nothing changed, nothing recorded."""
    product, variant = await _variant_of(uow, product_id, variant_id)
    sent = dict(changes)
    if "option_values" in sent:
        sent["option_values"] = canonical_option_values(product.options, sent["option_values"])
    changed = changed_fields(variant, VARIANT_FIELDS, sent)
    if not changed:
        return variant
    if "option_values" in changed:
        combinations = await repository.variant_combinations(uow, product.id)
        _check_combination(combinations, sent["option_values"], variant.id)
    await check_unique(
        uow,
        sku=sent["sku"] if "sku" in changed else None,
        barcode=sent["barcode"] if "barcode" in changed else None,
        own_id=variant.id,
    )
    async with unique_product_writes(
        uow, sku=sent.get("sku", variant.sku), barcode=sent.get("barcode", variant.barcode)
    ):
        for field, change in changed.items():
            setattr(variant, field, change["to"])
        variant.updated_at = uow.clock.now()
    _record(uow, change_action(changed), variant, recorded_changes(changed))
    return variant


async def archive_variant(
    uow: WriteUnitOfWork, product_id: uuid.UUID, variant_id: uuid.UUID
) -> Product:
    """Soft delete, as for products: the variant stays readable and keeps its SKU."""
    _, variant = await _variant_of(uow, product_id, variant_id)
    return await archive_row(uow, variant)
