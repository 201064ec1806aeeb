"""Errors of the inventory."""

import uuid
from typing import Any

from olympus.core.errors import Conflict, InvalidInput, NotFound


class InsufficientStock(Conflict):
    code = "insufficient_stock"
    title = "Insufficient stock"

    def __init__(
        self,
        detail: str | None = None,
        *,
        product_id: uuid.UUID | None = None,
        location_id: uuid.UUID | None = None,
        requested: int | None = None,
        available: int | None = None,
    ) -> None:
        super().__init__(detail)
        self.product_id = product_id
        self.location_id = location_id
        self.requested = requested
        self.available = available

    def extra(self) -> dict[str, Any]:
        if self.product_id is None:
            return {}
        return {
            "product_id": str(self.product_id),
            "location_id": str(self.location_id),
            "requested": self.requested,
            "available": self.available,
        }


class ReservationNotFound(NotFound):
    code = "reservation_not_found"
    title = "Reservation not found"


class ReservationNotActive(Conflict):
    code = "reservation_not_active"
    title = "Reservation not active"


class ReservationExpired(Conflict):
    code = "reservation_expired"
    title = "Reservation expired"


class ReservationOwnedByOrder(Conflict):
    """The reservation holds stock for an order: only the order's fulfilment or cancellation
    moves it."""

    code = "reservation_owned_by_order"
    title = "Reservation owned by an order"

    def __init__(self, detail: str | None = None, *, order_id: uuid.UUID | None = None) -> None:
        super().__init__(detail)
        self.order_id = order_id

    def extra(self) -> dict[str, Any]:
        return {} if self.order_id is None else {"order_id": str(self.order_id)}


class SameLocation(InvalidInput):
    code = "same_location"
    title = "Transfer within one location"
