"""How the catalog's changes are recorded: a product's snapshot, the fields a change really
changes and their audited form, and the action and event data of a product's change."""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from olympus.commerce.catalog.models import Product, ProductStatus


def jsonable(value: Any) -> Any:
    """A value as audit rows and events keep it (ids as strings)."""
    return str(value) if isinstance(value, uuid.UUID) else value


def snapshot(product: Product) -> dict[str, Any]:
    """A product's fields, as events and audit rows carry them."""
    return {
        "parent_id": jsonable(product.parent_id),
        "sku": product.sku,
        "name": product.name,
        "description": product.description,
        "price": product.price,
        "currency": product.currency,
        "status": product.status,
        "category_id": jsonable(product.category_id),
        "attributes": dict(product.attributes),
        "tax_class": product.tax_class,
        "image_urls": list(product.image_urls),
        "barcode": product.barcode,
        "options": list(product.options),
        "option_values": dict(product.option_values),
    }


def change_data(product: Product, changes: dict[str, Any]) -> dict[str, Any]:
    """The data of the event of a product's (or a variant's) change."""
    data = {"product_id": str(product.id), "sku": product.sku, "changes": changes}
    if product.parent_id is not None:
        data["parent_id"] = str(product.parent_id)
    return data


def changed_fields(obj: Any, fields: Sequence[str], sent: Mapping[str, Any]) -> dict[str, Any]:
    """`{field: {"from", "to"}}` of the fields sent whose value really changes."""
    changed: dict[str, Any] = {}
    for field in fields:
        if field in sent and getattr(obj, field) != sent[field]:
            changed[field] = {"from": getattr(obj, field), "to": sent[field]}
    return changed


def recorded_changes(changed: dict[str, Any]) -> dict[str, Any]:
    """The changes of `changed_fields` as audit rows and events keep them."""
    return {
        field: {"from": jsonable(change["from"]), "to": jsonable(change["to"])}
        for field, change in changed.items()
    }


def change_action(changed: dict[str, Any]) -> str:
    """The action a product's change is recorded as: archiving it, or any other change."""
    archived = changed.get("status", {}).get("to") == ProductStatus.ARCHIVED.value
    return "product.archived" if archived else "product.updated"
