"""Products written: create, change (what its variants take from it follows) and archive,
with the checks every product row's write shares (SKU and barcode unique in the tenant,
the row held until the transaction ends)."""

import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.exc import IntegrityError

from olympus.commerce.catalog import locks, repository
from olympus.commerce.catalog.errors import (
    BarcodeTaken,
    CategoryNotFound,
    LocationCurrencyMismatch,
    OptionsInUse,
    ProductIsVariant,
    ProductNotFound,
    SkuTaken,
)
from olympus.commerce.catalog.models import Product, ProductStatus
from olympus.commerce.catalog.service.categories import get_category
from olympus.commerce.catalog.service.changes import (
    change_action,
    change_data,
    changed_fields,
    recorded_changes,
    snapshot,
)
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.platform.audit import service as audit

PRODUCT = "product"
PRODUCT_FIELDS = (
    "sku",
    "name",
    "description",
    "price",
    "currency",
    "category_id",
    "status",
    "attributes",
    "tax_class",
    "image_urls",
    "barcode",
    "options",
)
# What a variant takes from its product, kept equal when the product's changes.
INHERITED = ("currency", "category_id", "tax_class")


def _record(uow: WriteUnitOfWork, action: str, product: Product, changes: dict[str, Any]) -> None:
    """The audit row and the event of a change of a product row."""
    audit.record(uow, action=action, target_type=PRODUCT, target_id=product.id, changes=changes)
    record_event(uow, action, change_data(product, changes))


def _sku_taken(sku: str) -> SkuTaken:
    return SkuTaken(f"The SKU {sku!r} is already used by a product of this tenant")


def _barcode_taken(barcode: str) -> BarcodeTaken:
    return BarcodeTaken(f"The barcode {barcode!r} is already used by a product of this tenant")


async def check_unique(
    uow: ReadUnitOfWork, *, sku: str | None, barcode: str | None, own_id: uuid.UUID | None
) -> None:
    """SKU and barcode are unique in the tenant (variants included): another row's refused."""
    if sku is not None:
        owner = await repository.product_with_sku(uow, sku)
        if owner is not None and owner != own_id:
            raise _sku_taken(sku)
    if barcode is not None:
        owner = await repository.product_with_barcode(uow, barcode)
        if owner is not None and owner != own_id:
            raise _barcode_taken(barcode)


@asynccontextmanager
async def unique_product_writes(
    uow: WriteUnitOfWork, *, sku: str, barcode: str | None
) -> AsyncIterator[None]:
    """The changes made inside are flushed in a savepoint (made inside it: the session
    flushes what is pending before it begins one). A concurrent writer that took the SKU or
    barcode first (or removed the category) turns the constraint's refusal into the domain's
    answer, and the transaction stays usable."""
    try:
        async with uow.session.begin_nested():
            yield
            await uow.session.flush()
    except IntegrityError as exc:
        text = str(exc.orig).lower()
        if "barcode" in text and barcode is not None:
            raise _barcode_taken(barcode) from exc
        if "sku" in text:
            raise _sku_taken(sku) from exc
        if "categor" in text:
            raise CategoryNotFound() from exc
        raise


async def locked_product(uow: WriteUnitOfWork, product_id: uuid.UUID) -> Product:
    """The product, its row held until the transaction ends."""
    if not await locks.lock_product(uow, product_id):
        raise ProductNotFound()
    product = await uow.session.get(
        Product, (uow.require_tenant(), product_id), populate_existing=True
    )
    if product is None:
        raise ProductNotFound()
    return product


def _not_a_variant(product: Product) -> Product:
    if product.parent_id is not None:
        raise ProductIsVariant(
            f"{product.sku!r} is a variant: change it under /products/{product.parent_id}/variants"
        )
    return product


async def create_product(
    uow: WriteUnitOfWork,
    *,
    sku: str,
    name: str,
    price: int,
    currency: str,
    description: str = "",
    status: str = ProductStatus.DRAFT.value,
    category_id: uuid.UUID | None = None,
    attributes: Mapping[str, Any] | None = None,
    tax_class: str = "standard",
    image_urls: Sequence[str] = (),
    barcode: str | None = None,
    options: Sequence[Mapping[str, Any]] = (),
) -> Product:
    """Fields arrive validated and canonical (see `schemas`)."""
    await check_unique(uow, sku=sku, barcode=barcode, own_id=None)
    if category_id is not None:
        await get_category(uow, category_id)
    now = uow.clock.now()
    product = Product(
        id=new_id(),
        parent_id=None,
        sku=sku,
        name=name,
        description=description,
        price=price,
        currency=currency,
        status=status,
        category_id=category_id,
        attributes=dict(attributes or {}),
        tax_class=tax_class,
        image_urls=list(image_urls),
        barcode=barcode,
        options=[dict(option) for option in options],
        option_values={},
        created_at=now,
        updated_at=now,
    )
    async with unique_product_writes(uow, sku=sku, barcode=barcode):
        uow.session.add(product)
    _record(uow, "product.created", product, snapshot(product))
    return product


async def update_product(
    uow: WriteUnitOfWork, product_id: uuid.UUID, *, changes: Mapping[str, Any]
) -> Product:
    """Apply the fields sent (validated and canonical); the ones whose value really changes
    are audited. What variants take from their product follows it; options may change only
    in ways every variant still matches. Nothing changed, nothing recorded."""
    product = _not_a_variant(await locked_product(uow, product_id))
    changed = changed_fields(product, PRODUCT_FIELDS, changes)
    if not changed:
        return product
    await check_unique(
        uow,
        sku=changes["sku"] if "sku" in changed else None,
        barcode=changes["barcode"] if "barcode" in changed else None,
        own_id=product.id,
    )
    if changed.get("category_id", {}).get("to") is not None:
        await get_category(uow, changes["category_id"])
    follows = {"options", "currency", *INHERITED} & changed.keys()
    combinations = await repository.variant_combinations(uow, product.id) if follows else []
    if "options" in changed:
        _check_options_cover(changes["options"], combinations)
    if "currency" in changed:
        units = [product.id, *(variant_id for variant_id, _ in combinations)]
        if await repository.location_price_locations(uow, units):
            raise LocationCurrencyMismatch(
                "Prices per location are in the product's currency: remove them before changing it"
            )
    async with unique_product_writes(
        uow, sku=changes.get("sku", product.sku), barcode=changes.get("barcode", product.barcode)
    ):
        for field, change in changed.items():
            setattr(product, field, change["to"])
        product.updated_at = uow.clock.now()
    inherited = {field: changed[field]["to"] for field in INHERITED if field in changed}
    if inherited and combinations:
        await repository.copy_to_variants(uow, product.id, inherited)
    _record(uow, change_action(changed), product, recorded_changes(changed))
    return product


def _check_options_cover(
    options: Sequence[Mapping[str, Any]], combinations: list[tuple[uuid.UUID, dict[str, str]]]
) -> None:
    """Every variant must still name each option once, with one of its values."""
    values = {option["name"]: set(option["values"]) for option in options}
    for _, chosen in combinations:
        if set(chosen) != set(values) or any(v not in values[k] for k, v in chosen.items()):
            raise OptionsInUse(
                f"A variant has the option values {chosen}, which the new options don't "
                "offer: change or archive the variants first"
            )


async def archive_product(uow: WriteUnitOfWork, product_id: uuid.UUID) -> Product:
    """Soft delete: the product leaves the list (unless archived ones are asked for) and
    stays readable, for the stock and orders that name it. Its variants are not sold while it
    is archived (see `get_sellable_unit`). Archiving twice records nothing."""
    product = _not_a_variant(await locked_product(uow, product_id))
    return await archive_row(uow, product)


async def archive_row(uow: WriteUnitOfWork, product: Product) -> Product:
    if product.status == ProductStatus.ARCHIVED.value:
        return product
    changes = {"status": {"from": product.status, "to": ProductStatus.ARCHIVED.value}}
    product.status = ProductStatus.ARCHIVED.value
    product.updated_at = uow.clock.now()
    await uow.session.flush()
    _record(uow, "product.archived", product, changes)
    return product
