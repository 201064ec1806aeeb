"""Carts: a sale put together at a till or online, priced live, checked out into one order."""
