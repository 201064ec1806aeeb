"""Inventory rules: stock of sellable units per location, changed only through movements of
an append-only ledger, and reservations that hold stock for a while.

A *sellable unit* is what the catalog sells: a plain product or one variant, named by its
product id (`catalog.get_sellable_unit`). Every change of a level is one conditional
statement (`repository`), so stock is never taken twice, and levels are changed in
primary-key order (location, product), so operations never deadlock. Each operation appends
its movements, an audit row and an `inventory.updated` event in the caller's transaction;
`inventory.low_stock` is published when a level's available quantity falls to its threshold.

`reserve`, `release_reservation`, `commit_reservation`, `sell_reserved` and `expire_overdue`
are what other domains (orders) call, with their unit of work: a refusal raises before
anything is held, and the caller's transaction rolls back with it. A reservation made for an
order names it as its `owner`; releasing, committing or selling it then needs that owner
(409 `reservation_owned_by_order` for anyone else, the public endpoints included), so the
order's stock moves only through its fulfilment and cancellation.

Every function takes the unit of work first and never commits. One module per concern:

- `operation`    one operation: its movements, audit row and events, the low-stock alert;
                 a level as answered, the refusal of too little stock
- `stock`        reading levels: a unit's stock, the low ones, the units stocked somewhere
- `ledger`       the movements of a unit, and the check of every level against the ledger
- `levels`       changing levels by hand: adjustments, receipts (one or many), thresholds
- `transfers`    transfers between locations
- `reservations` reserve, read, release, commit, and sell part of a reservation
- `expiry`       expiry of reservations past their time (the sweeper's work)
- `history`      reservations of the past written in bulk (demo data, imports)

Callers import the names below from `olympus.commerce.inventory.service`."""

from olympus.commerce.inventory.service.expiry import (
    EXPIRED_REASON,
    SWEEP_BATCH,
    expire_overdue,
    tenants_with_overdue_reservations,
)
from olympus.commerce.inventory.service.history import (
    HISTORY_STATUSES,
    HistoryReservation,
    bulk_insert_history,
)
from olympus.commerce.inventory.service.ledger import (
    LedgerDifference,
    Movement,
    check_ledger,
    list_movements,
)
from olympus.commerce.inventory.service.levels import (
    BULK_CHUNK,
    adjust,
    receive,
    receive_in_bulk,
    set_threshold,
)
from olympus.commerce.inventory.service.operation import RESERVATION, STOCK, Level
from olympus.commerce.inventory.service.reservations import (
    ReservationLineView,
    ReservationOwner,
    ReservationView,
    commit_reservation,
    get_reservation,
    order_owner,
    release_reservation,
    reserve,
    sell_reserved,
)
from olympus.commerce.inventory.service.stock import (
    LowStock,
    Stock,
    get_stock,
    list_low_stock,
    stocked_at,
    stocked_units,
)
from olympus.commerce.inventory.service.transfers import Transfer, transfer

__all__ = [
    "BULK_CHUNK",
    "EXPIRED_REASON",
    "HISTORY_STATUSES",
    "RESERVATION",
    "STOCK",
    "SWEEP_BATCH",
    "HistoryReservation",
    "LedgerDifference",
    "Level",
    "LowStock",
    "Movement",
    "ReservationLineView",
    "ReservationOwner",
    "ReservationView",
    "Stock",
    "Transfer",
    "adjust",
    "bulk_insert_history",
    "check_ledger",
    "commit_reservation",
    "expire_overdue",
    "get_reservation",
    "get_stock",
    "list_low_stock",
    "list_movements",
    "order_owner",
    "receive",
    "receive_in_bulk",
    "release_reservation",
    "reserve",
    "sell_reserved",
    "set_threshold",
    "stocked_at",
    "stocked_units",
    "tenants_with_overdue_reservations",
    "transfer",
]
