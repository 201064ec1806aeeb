"""The carts' tables: `carts` (a sale being put together at one location, its codes, and the
order it became) and `cart_items` (one line per sellable unit, its quantity). Prices are not
stored: every answer prices the cart afresh, and checkout prices it once more in the order."""

import uuid
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.db import Base, new_id, tenant_fk
from olympus.core.tenancy import TenantOwned


class CartChannel(StrEnum):
    POS = "pos"
    ONLINE = "online"


class CartStatus(StrEnum):
    OPEN = "open"
    CHECKED_OUT = "checked_out"


def _one_of(column: str, enum: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(m.value) for m in enum)})"


class Cart(TenantOwned, Base):
    __tablename__ = "carts"
    __table_args__ = (
        tenant_fk(["location_id"], "locations", ["id"], ondelete="RESTRICT"),
        tenant_fk(["customer_id"], "customers", ["id"], ondelete="RESTRICT"),
        sa.CheckConstraint(_one_of("channel", CartChannel), name="channel"),
        sa.CheckConstraint(_one_of("status", CartStatus), name="status"),
        # Checked out means it names its order, and only then.
        sa.CheckConstraint(
            "(status = 'checked_out') = (order_id IS NOT NULL)", name="checked_out_order"
        ),
        # One order per cart, on this side too (the orders keep their own unique cart_id).
        sa.UniqueConstraint("tenant_id", "order_id"),
        # The prune's look-up of idle open carts, across tenants: like the reservations' due
        # index, it does not lead with the tenant, on purpose.
        sa.Index("ix_carts_idle", "status", "last_active_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    location_id: Mapped[uuid.UUID]
    customer_id: Mapped[uuid.UUID | None]
    channel: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(20), default=CartStatus.OPEN.value)
    # The codes entered, as typed, in the order entered (matched in any case, each once).
    discount_codes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # The order the cart became; not a foreign key: orders are a domain beside this one.
    order_id: Mapped[uuid.UUID | None]
    created_by: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]
    # Moved by every change of the cart: the cart expires CART_IDLE_MINUTES after it.
    last_active_at: Mapped[datetime]
    checked_out_at: Mapped[datetime | None]


class CartItem(TenantOwned, Base):
    __tablename__ = "cart_items"
    __table_args__ = (
        tenant_fk(["cart_id"], "carts", ["id"], ondelete="CASCADE"),
        tenant_fk(["product_id"], "products", ["id"], ondelete="RESTRICT"),
        # The same unit added again adds to its line.
        sa.UniqueConstraint("tenant_id", "cart_id", "product_id"),
        sa.CheckConstraint("quantity > 0", name="quantity"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cart_id: Mapped[uuid.UUID]
    product_id: Mapped[uuid.UUID]
    quantity: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
