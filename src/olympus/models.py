"""Every domain's tables, imported in one place so the metadata (and Alembic) sees them all."""

from olympus.auth.models import AuthSession, OneTimeToken, RefreshToken
from olympus.commerce.analytics.models import PaymentHour, ProductDay, ProductHour, SalesHour
from olympus.commerce.carts.models import Cart, CartItem
from olympus.commerce.catalog.models import Category, LocationPrice, Product
from olympus.commerce.customers.models import Customer, CustomerConsent, CustomerTag
from olympus.commerce.discounts.models import Discount, DiscountUse
from olympus.commerce.inventory.models import (
    Reservation,
    ReservationLine,
    StockLevel,
    StockMovement,
)
from olympus.commerce.orders.models import Order, OrderCounter, OrderItem, OrderTimelineEntry
from olympus.commerce.payments.models import (
    Payment,
    PaymentRefund,
    PaymentSettings,
    StripeEvent,
)
from olympus.core.db import Base
from olympus.core.events import OutboxEvent
from olympus.core.idempotency import IdempotencyKey
from olympus.platform.audit.models import AuditLog
from olympus.platform.locations.models import Location
from olympus.platform.rbac.models import Role, RoleGrant
from olympus.platform.security_events.models import SecurityEvent
from olympus.platform.settings.models import StoredTenantSettings, StoredUserPreferences
from olympus.platform.tenants.models import Tenant
from olympus.platform.users.models import User
from olympus.platform.webhooks.models import Webhook, WebhookDelivery

metadata = Base.metadata

__all__ = [
    "AuditLog",
    "AuthSession",
    "Cart",
    "CartItem",
    "Category",
    "Customer",
    "CustomerConsent",
    "CustomerTag",
    "Discount",
    "DiscountUse",
    "IdempotencyKey",
    "Location",
    "LocationPrice",
    "OneTimeToken",
    "Order",
    "OrderCounter",
    "OrderItem",
    "OrderTimelineEntry",
    "OutboxEvent",
    "Payment",
    "PaymentHour",
    "PaymentRefund",
    "PaymentSettings",
    "Product",
    "ProductDay",
    "ProductHour",
    "RefreshToken",
    "Reservation",
    "ReservationLine",
    "Role",
    "RoleGrant",
    "SalesHour",
    "SecurityEvent",
    "StockLevel",
    "StockMovement",
    "StoredTenantSettings",
    "StoredUserPreferences",
    "StripeEvent",
    "Tenant",
    "User",
    "Webhook",
    "WebhookDelivery",
    "metadata",
]
