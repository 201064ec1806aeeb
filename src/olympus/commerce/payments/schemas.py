"""Request and response bodies of the payments API."""

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, SecretStr, StrictInt, StringConstraints

from olympus.core.event_types import EventData, FieldChange, declare
from olympus.core.schemas import StrictBody

# Ten million in major units of a two-decimal currency, as the catalog's highest price.
MAX_AMOUNT = 1_000_000_000

Amount = Annotated[
    StrictInt, Field(gt=0, le=MAX_AMOUNT, description="Minor units (cents), a whole number.")
]


class CardMethod(StrictBody):
    type: Literal["card"]
    token: Annotated[str, StringConstraints(min_length=1, max_length=255)] = Field(
        description=(
            "The card as the tenant's processor knows it. Test processor: `tok_visa` "
            "succeeds, `tok_declined` fails with `card_declined`, `tok_insufficient_funds` "
            "with `insufficient_funds`. Stripe: a PaymentMethod id (`pm_...`)."
        ),
        examples=["tok_visa"],
    )


class CashMethod(StrictBody):
    type: Literal["cash"]
    tendered: Amount | None = Field(
        default=None,
        description="Cash handed over, at least `amount`; the answer's `change_due` is the "
        "difference. None: exactly `amount`.",
    )


class PaymentCreate(StrictBody):
    order_id: uuid.UUID
    amount: Amount
    # A plain union (each member's `type` is a literal, so one matches): a discriminator
    # can't sit on a field the bodies' NUL check validates first.
    method: CardMethod | CashMethod


class RefundCreate(StrictBody):
    amount: Amount | None = Field(
        default=None, description="None: everything of the payment not yet refunded."
    )


class PaymentOut(BaseModel):
    id: uuid.UUID
    order_id: uuid.UUID
    location_id: uuid.UUID
    status: Literal["pending", "succeeded", "failed"] = Field(
        description="`pending` only while a card processor has not decided (a Stripe payment "
        "waiting for the customer's authentication): its webhook decides it."
    )
    method: Literal["card", "cash"]
    processor: str = Field(description="`test`, `stripe` or `cash`")
    amount: int
    currency: str
    refunded_amount: int
    failure_code: str | None = Field(
        default=None, description="Why it failed: `card_declined`, `insufficient_funds`, ..."
    )
    tendered: int | None = None
    change_due: int | None = Field(default=None, description="Cash only: tendered - amount.")
    reference: str | None = Field(default=None, description="The processor's id of the charge.")
    created_at: datetime
    decided_at: datetime | None


class RefundOut(BaseModel):
    id: uuid.UUID
    payment_id: uuid.UUID
    order_id: uuid.UUID
    status: Literal["pending", "succeeded", "failed"]
    amount: int
    failure_code: str | None = None
    reference: str | None = None
    created_at: datetime
    decided_at: datetime | None
    payment: PaymentOut = Field(description="The payment after the refund.")


# --- the tenant's processor ----------------------------------------------------------------

PublishableKey = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^pk_(test|live)_[A-Za-z0-9_]{1,240}$")
]


_WRITE_ONLY = "Write-only: stored encrypted, never answered (see `..._set`); null removes it."


class PaymentSettingsUpdate(StrictBody):
    """Only the fields sent change."""

    processor: Literal["test", "stripe"] | None = Field(
        default=None,
        description="`test` (answers by token, no money moves) or `stripe` (needs "
        "`stripe_secret_key`).",
    )
    stripe_publishable_key: PublishableKey | None = None
    stripe_secret_key: SecretStr | None = Field(
        default=None, description=f"`sk_...` or `rk_...`. {_WRITE_ONLY}"
    )
    stripe_webhook_secret: SecretStr | None = Field(
        default=None, description=f"`whsec_...`, the endpoint's signing secret. {_WRITE_ONLY}"
    )


class PaymentSettingsOut(BaseModel):
    processor: Literal["test", "stripe"]
    stripe_publishable_key: str | None
    stripe_secret_key_set: bool
    stripe_webhook_secret_set: bool
    stripe_webhook_path: str = Field(
        description="Where to point the Stripe webhook endpoint (events "
        "`payment_intent.succeeded` and `payment_intent.payment_failed`)."
    )
    updated_at: datetime | None


class WebhookAnswer(BaseModel):
    received: bool = True
    duplicate: bool = Field(
        default=False, description="This event id was handled before; nothing changed."
    )


# --- events -------------------------------------------------------------------------------------

_PAYMENT = "01a22426-6b7e-72a0-93bb-9f708192a3b4"
_ORDER = "01a22426-5a6d-719f-82aa-8e6f708192a3"


class PaymentProcessedData(EventData):
    payment_id: uuid.UUID
    order_id: uuid.UUID
    status: str = Field(description="`succeeded` or `failed`")
    method: str
    processor: str
    amount: int = Field(description="minor units")
    currency: str
    failure_code: str | None
    reference: str | None = Field(description="the processor's reference")


class PaymentRefundedData(EventData):
    refund_id: uuid.UUID
    payment_id: uuid.UUID
    order_id: uuid.UUID
    status: str
    amount: int = Field(description="this refund's amount, minor units")
    currency: str
    refunded_amount: int = Field(description="the payment's refunded amount after it")
    failure_code: str | None


class PaymentSettingsUpdatedData(EventData):
    changes: dict[str, FieldChange | str] = Field(
        description="`{field: {from, to}}`; secrets only as `[set]` or `[removed]`"
    )


declare(
    "payment.processed",
    PaymentProcessedData,
    description="A payment was decided (once per payment): succeeded or failed.",
    example={
        "payment_id": _PAYMENT,
        "order_id": _ORDER,
        "status": "succeeded",
        "method": "card",
        "processor": "stripe",
        "amount": 960,
        "currency": "EUR",
        "failure_code": None,
        "reference": "pi_3PqL2x",
    },
)
declare(
    "payment.refunded",
    PaymentRefundedData,
    description="A refund of a payment succeeded.",
    example={
        "refund_id": "01a22426-7c8f-73b1-a4cc-a08192a3b4c5",
        "payment_id": _PAYMENT,
        "order_id": _ORDER,
        "status": "succeeded",
        "amount": 450,
        "currency": "EUR",
        "refunded_amount": 450,
        "failure_code": None,
    },
)
declare(
    "payment_settings.updated",
    PaymentSettingsUpdatedData,
    description="The tenant's payment processor settings changed.",
    example={
        "changes": {
            "processor": {"from": "test", "to": "stripe"},
            "stripe_secret_key": "[set]",
        }
    },
)
