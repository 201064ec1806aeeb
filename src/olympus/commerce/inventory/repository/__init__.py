"""Core statements of the inventory: every change of a level is ONE conditional statement
(`UPDATE ... WHERE on_hand - reserved >= :q RETURNING ...`, or an upsert for additions), so
concurrent operations can't take more than is there; the row lock each statement takes is
held to the end of the transaction, and levels are always changed in primary-key order
(location, then product), so operations that change several levels never deadlock. Every
statement binds `tenant_id` itself. The statements of every sale (the hold of a level, the
inserts of a reservation, its lines and the movements) are built once, at import. One
module per concern:

- `levels`       stock levels: add to, take from, hold and unhold a level, its threshold,
                 receipts of many levels at once, and reading levels
- `ledger`       the append-only ledger: appending movements, their sums per level
- `reservations` reservations and their lines: make, read, draw down, end, expire
- `history`      reservations of the past, written set-based (demo data, imports)

Callers import the names below from `olympus.commerce.inventory.repository`."""

from olympus.commerce.inventory.repository.history import (
    HISTORY_LINE_COLUMNS,
    HISTORY_RESERVATION_COLUMNS,
    add_history,
)
from olympus.commerce.inventory.repository.ledger import add_movements, ledger_sums
from olympus.commerce.inventory.repository.levels import (
    add_on_hand,
    all_levels,
    hold,
    levels_among,
    levels_of,
    receive_many,
    set_threshold,
    stocked_at,
    take_on_hand,
    unhold,
    upsert,
)
from olympus.commerce.inventory.repository.reservations import (
    add_reservation,
    end_reservation,
    expire_due,
    lines_of,
    reservation,
    take_from_line,
    tenants_with_due_reservations,
)

__all__ = [
    "HISTORY_LINE_COLUMNS",
    "HISTORY_RESERVATION_COLUMNS",
    "add_history",
    "add_movements",
    "add_on_hand",
    "add_reservation",
    "all_levels",
    "end_reservation",
    "expire_due",
    "hold",
    "ledger_sums",
    "levels_among",
    "levels_of",
    "lines_of",
    "receive_many",
    "reservation",
    "set_threshold",
    "stocked_at",
    "take_from_line",
    "take_on_hand",
    "tenants_with_due_reservations",
    "unhold",
    "upsert",
]
