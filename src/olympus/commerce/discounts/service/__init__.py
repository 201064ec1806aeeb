"""Discount rules: create, read, list, change and archive a tenant's discounts; the offers a
cart or an order is priced with (`offers`); and the counting of uses by orders
(`claim_uses`, `release_uses`).

Whether an offered discount fits a cart (its minimum subtotal, its eligible lines) is
pricing's answer (`pricing.service.quote`, `not_applied`), not an error here. Usage limits are
this domain's: `offers` refuses a code already used up, and `claim_uses`, in the order's own
transaction, counts each use with one conditional statement, so no limit is passed under any
concurrency. Every change through the API writes its audit row and its event in the caller's
transaction.

One module per concern, every function taking the unit of work first:

- `definitions`  the discounts as defined: their terms (`TERMS`) and the rules between them,
                 the form codes are matched by (`code_key`), reads, and create, change and
                 archive with their audit rows and events
- `matching`     what carts and orders are priced with (`offers`, `as_offer`; the statement
                 of the automatic discounts built once at import), discounts by their codes
- `usage`        uses counted by orders and given back, and uses of the past in bulk

Callers import the names below from `olympus.commerce.discounts.service`."""

from olympus.commerce.discounts.service.definitions import (
    EDITABLE,
    HUNDRED,
    TARGET,
    TERMS,
    DiscountFilter,
    archive_discount,
    code_key,
    create_discount,
    get_discount,
    hold_discount,
    list_discounts,
    snapshot,
    update_discount,
)
from olympus.commerce.discounts.service.matching import as_offer, find_by_codes, offers
from olympus.commerce.discounts.service.usage import (
    HistoryUse,
    bulk_insert_history,
    claim_uses,
    release_uses,
)

__all__ = [
    "EDITABLE",
    "HUNDRED",
    "TARGET",
    "TERMS",
    "DiscountFilter",
    "HistoryUse",
    "archive_discount",
    "as_offer",
    "bulk_insert_history",
    "claim_uses",
    "code_key",
    "create_discount",
    "find_by_codes",
    "get_discount",
    "hold_discount",
    "list_discounts",
    "offers",
    "release_uses",
    "snapshot",
    "update_discount",
]
