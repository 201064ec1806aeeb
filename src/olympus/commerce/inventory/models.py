"""The inventory's tables.

`stock_levels` holds the current quantities of one sellable unit (a `products` row without
variants) at one location: `on_hand` (physically there) and `reserved` (held for someone);
`available` is their difference. Its primary key is (tenant, location, product), the order in
which every operation locks levels, so two operations never wait on each other in a cycle.
`stock_movements` is the ledger: every change of a level is a row there, never changed or
removed (on PostgreSQL a trigger refuses it), from which the levels can be recomputed.
`reservations` and their `reservation_lines` hold stock for a while at one location; a
reservation made for an order names it as its owner, and then only that order moves its
stock (the public release and commit refuse it)."""

import uuid
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.db import Base, new_id, tenant_fk
from olympus.core.tenancy import TenantOwned


class MovementKind(StrEnum):
    RECEIPT = "receipt"
    SALE = "sale"
    ADJUSTMENT = "adjustment"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    RESERVATION = "reservation"
    RELEASE = "release"


class ReservationStatus(StrEnum):
    ACTIVE = "active"
    COMMITTED = "committed"
    RELEASED = "released"
    EXPIRED = "expired"


class ReservationOwnerKind(StrEnum):
    """What kind of thing a reservation is held for (its `owner_id` names one)."""

    ORDER = "order"


def _one_of(column: str, enum: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(m.value) for m in enum)})"


class StockLevel(TenantOwned, Base):
    __tablename__ = "stock_levels"
    __table_args__ = (
        # RESTRICT: a unit or a location that has stock can't be removed (both are archived
        # instead), so the ledger always names something that exists.
        tenant_fk(["product_id"], "products", ["id"], ondelete="RESTRICT"),
        tenant_fk(["location_id"], "locations", ["id"], ondelete="RESTRICT"),
        sa.CheckConstraint("on_hand >= 0", name="on_hand"),
        sa.CheckConstraint("reserved >= 0 AND reserved <= on_hand", name="reserved"),
        sa.CheckConstraint(
            "low_stock_threshold IS NULL OR low_stock_threshold >= 0", name="threshold"
        ),
        sa.Index("ix_stock_levels_product", "tenant_id", "product_id"),
    )

    location_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    on_hand: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    reserved: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # `inventory.low_stock` is published when `available` falls to this or below.
    low_stock_threshold: Mapped[int | None] = mapped_column(sa.BigInteger)
    updated_at: Mapped[datetime]


class StockMovement(TenantOwned, Base):
    """One change of one level: by how much `on_hand` and `reserved` moved, and what they
    were after it. Summing the deltas of a level's movements gives the level."""

    __tablename__ = "stock_movements"
    __table_args__ = (
        tenant_fk(
            ["location_id", "product_id"],
            "stock_levels",
            ["location_id", "product_id"],
            ondelete="RESTRICT",
        ),
        sa.CheckConstraint(_one_of("kind", MovementKind), name="kind"),
        sa.CheckConstraint("on_hand_after >= 0", name="on_hand_after"),
        sa.CheckConstraint(
            "reserved_after >= 0 AND reserved_after <= on_hand_after", name="reserved_after"
        ),
        sa.Index("ix_stock_movements_product", "tenant_id", "product_id", "id"),
        sa.Index("ix_stock_movements_level", "tenant_id", "product_id", "location_id", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    location_id: Mapped[uuid.UUID]
    product_id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(sa.String(20))
    on_hand_delta: Mapped[int] = mapped_column(sa.BigInteger)
    reserved_delta: Mapped[int] = mapped_column(sa.BigInteger)
    on_hand_after: Mapped[int] = mapped_column(sa.BigInteger)
    reserved_after: Mapped[int] = mapped_column(sa.BigInteger)
    reason: Mapped[str] = mapped_column(sa.String(200), default="")
    actor_id: Mapped[uuid.UUID | None]
    # The reservation or transfer the movement belongs to.
    reference_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]


class Reservation(TenantOwned, Base):
    __tablename__ = "reservations"
    __table_args__ = (
        tenant_fk(["location_id"], "locations", ["id"], ondelete="RESTRICT"),
        sa.CheckConstraint(_one_of("status", ReservationStatus), name="status"),
        sa.CheckConstraint(_one_of("owner_kind", ReservationOwnerKind), name="owner_kind"),
        sa.CheckConstraint("(owner_kind IS NULL) = (owner_id IS NULL)", name="owner"),
        # The sweeper's look-up of overdue reservations, across tenants: the one index of
        # the schema that does not lead with the tenant, on purpose.
        sa.Index("ix_reservations_due", "status", "expires_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    location_id: Mapped[uuid.UUID]
    status: Mapped[str] = mapped_column(sa.String(20), default=ReservationStatus.ACTIVE.value)
    reason: Mapped[str] = mapped_column(sa.String(200), default="")
    actor_id: Mapped[uuid.UUID | None]
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    # Set once, at creation, for a reservation held for an order (the order's id; not a
    # foreign key: orders are a domain above this one). Never changed afterwards.
    owner_kind: Mapped[str | None] = mapped_column(sa.String(20))
    owner_id: Mapped[uuid.UUID | None]


class ReservationLine(TenantOwned, Base):
    __tablename__ = "reservation_lines"
    __table_args__ = (
        tenant_fk(["reservation_id"], "reservations", ["id"], ondelete="RESTRICT"),
        tenant_fk(["product_id"], "products", ["id"], ondelete="RESTRICT"),
        sa.CheckConstraint("quantity > 0", name="quantity"),
    )

    reservation_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    quantity: Mapped[int] = mapped_column(sa.BigInteger)
