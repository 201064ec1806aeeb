"""HTTP endpoints of the catalog: products with their variants and prices per location,
categories, and the CSV import and export, one module per concern:

- `access`     the permissions: `catalog:read` to read, `catalog:write` to change
- `documents`  answers built as plain documents, sent as JSON
- `products`   list and search, create, read, change and archive products
- `variants`   a product's variants
- `prices`     a sellable unit's prices per location
- `categories` the category tree (`categories_router`)
- `transfer`   the CSV import and export (`transfer_router`, with its own body limit)

The app wires `products_router`, `categories_router` and `transfer_router`, imported from
`olympus.commerce.catalog.router`."""

from fastapi import APIRouter

from olympus.commerce.catalog.router import prices, products, variants
from olympus.commerce.catalog.router.categories import categories_router
from olympus.commerce.catalog.router.transfer import transfer_router

# The routes under /api/v1/products, in this order: each of these routers carries the full
# prefix and the tag.
products_router = APIRouter()
products_router.include_router(products.router)
products_router.include_router(variants.router)
products_router.include_router(prices.router)

__all__ = ["categories_router", "products_router", "transfer_router"]
