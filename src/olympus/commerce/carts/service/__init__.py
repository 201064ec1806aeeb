"""Cart rules: open a cart at a location, put sellable units in it, enter discount codes, and
price it live on every answer with `pricing.quote` (the location's tax policy, the tenant's
automatic discounts and the cart's codes, at this moment); carts left idle expire, and the
prune removes them; checkout makes the cart one order through the orders service.

A cart is location-bound: the caller names the locations it may act at (`locations`, None for
every location), and a cart elsewhere answers as if it did not exist. Every change holds the
cart's row first (`hold_cart`), refuses a cart checked out (409) or expired (410), moves
its `last_active_at`, and writes its audit row and its event in the caller's transaction.

The preview never fails on what changed since the cart was filled: an item whose unit can no
longer be sold is shown with its `problem` and priced at nothing, and a code no longer valid is
shown not applied, with why. Checkout prices everything again in the order, and refuses
them there.

One module per concern, every function taking the unit of work first:

- `carts`     finding a cart (`get_cart`, `hold_cart`, `ensure_open`); its items as stored,
              its shown status and expiry
- `changes`   opening a cart, its items put in, changed and taken out, its discount codes
              entered and taken out, and the limits on them (`MAX_ITEMS`, `MAX_QUANTITY`,
              `MAX_CODES`)
- `preview`   what a cart answers: its items and codes priced live (`view`, `CartView`)
- `checkout`  the cart made one order, once
- `expiry`    the prune of the open carts left idle

Callers import the names below from `olympus.commerce.carts.service`."""

from olympus.commerce.carts.service.carts import TARGET, ensure_open, get_cart, hold_cart
from olympus.commerce.carts.service.changes import (
    MAX_CODES,
    MAX_ITEMS,
    MAX_QUANTITY,
    add_discount_code,
    add_item,
    change_item,
    create_cart,
    remove_discount_code,
    remove_item,
)
from olympus.commerce.carts.service.checkout import checkout
from olympus.commerce.carts.service.expiry import prune_expired
from olympus.commerce.carts.service.preview import CartView, CodeView, ItemView, view

__all__ = [
    "MAX_CODES",
    "MAX_ITEMS",
    "MAX_QUANTITY",
    "TARGET",
    "CartView",
    "CodeView",
    "ItemView",
    "add_discount_code",
    "add_item",
    "change_item",
    "checkout",
    "create_cart",
    "ensure_open",
    "get_cart",
    "hold_cart",
    "prune_expired",
    "remove_discount_code",
    "remove_item",
    "view",
]
