"""Errors of the discounts domain."""

from olympus.core.errors import Conflict, InvalidInput, NotFound


class DiscountNotFound(NotFound):
    code = "discount_not_found"
    title = "Discount not found"


class InvalidDiscount(InvalidInput):
    code = "invalid_discount"
    title = "Invalid discount terms"


class DiscountCodeTaken(Conflict):
    code = "discount_code_taken"
    title = "Discount code already in use"


class DiscountArchived(Conflict):
    code = "discount_archived"
    title = "Discount archived"


class DiscountCodeInvalid(InvalidInput):
    code = "discount_code_invalid"
    title = "Discount code not valid"


class DiscountExhausted(Conflict):
    code = "discount_exhausted"
    title = "Discount used up"


class DiscountCustomerLimit(Conflict):
    code = "discount_customer_limit"
    title = "Discount used up for this customer"
