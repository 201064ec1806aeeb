"""Errors of the carts domain."""

import uuid
from typing import Any

from olympus.core.errors import Conflict, DomainError, NotFound


class CartNotFound(NotFound):
    code = "cart_not_found"
    title = "Cart not found"


class CartItemNotFound(NotFound):
    code = "cart_item_not_found"
    title = "Cart item not found"


class CartExpired(DomainError):
    code = "cart_expired"
    status = 410
    title = "Cart expired"


class CartAlreadyCheckedOut(Conflict):
    code = "cart_already_checked_out"
    title = "The cart already became an order"

    def __init__(self, detail: str | None = None, *, order_id: uuid.UUID | None = None) -> None:
        super().__init__(detail)
        self.order_id = order_id

    def extra(self) -> dict[str, Any]:
        return {} if self.order_id is None else {"order_id": str(self.order_id)}


class CartEmpty(Conflict):
    code = "cart_empty"
    title = "Cart empty"


class CartTooLarge(Conflict):
    code = "cart_too_large"
    title = "Cart too large"


class DiscountCodeNotInCart(NotFound):
    code = "discount_code_not_in_cart"
    title = "Discount code not in the cart"
