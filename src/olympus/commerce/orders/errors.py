"""Errors of the orders domain."""

from typing import Any

from olympus.core.errors import Conflict, InvalidInput, NotFound


class OrderNotFound(NotFound):
    code = "order_not_found"
    title = "Order not found"


class InvalidTransition(Conflict):
    code = "invalid_transition"
    title = "Not allowed in the order's current state"

    def __init__(
        self, detail: str | None = None, *, status: str | None = None, to: str | None = None
    ) -> None:
        super().__init__(detail)
        self.from_status = status
        self.to_status = to

    def extra(self) -> dict[str, Any]:
        if self.from_status is None:
            return {}
        return {"order_status": self.from_status, "to": self.to_status}


class OrderAlreadyExists(Conflict):
    code = "cart_already_checked_out"
    title = "The cart already became an order"


class PaymentExceedsBalance(Conflict):
    code = "payment_exceeds_balance"
    title = "Payment above what is left to pay"


class RefundExceedsCaptured(Conflict):
    code = "refund_exceeds_captured"
    title = "Refund above what was paid"


class ProductNotAvailable(Conflict):
    code = "product_not_available"
    title = "Product not for sale"


class InvalidFulfilment(InvalidInput):
    code = "invalid_fulfilment"
    title = "Invalid fulfilment lines"


class FulfilmentExceedsOrdered(Conflict):
    code = "fulfilment_exceeds_remaining"
    title = "More than is left to fulfil"


class InvalidAmount(InvalidInput):
    code = "invalid_amount"
    title = "Invalid amount"
