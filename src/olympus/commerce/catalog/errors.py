"""Errors of the catalog."""

from olympus.core.errors import Conflict, NotFound


class ProductNotFound(NotFound):
    code = "product_not_found"
    title = "Product not found"


class ProductNotSellable(Conflict):
    code = "product_not_sellable"
    title = "Product not sellable"
