"""The tenant's card processor: its settings (secrets sealed, answered only as set or
not set) and the configuration the payment flow takes from them."""

import uuid
from typing import Any

import sqlalchemy as sa

from olympus.commerce.payments.components import ProcessorConfig, SecretBox
from olympus.commerce.payments.errors import InvalidProcessorSettings
from olympus.commerce.payments.locks import hold_settings
from olympus.commerce.payments.models import PaymentSettings, ProcessorName
from olympus.commerce.payments.schemas import PaymentSettingsOut, PaymentSettingsUpdate
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.core.events import record_event
from olympus.platform.audit import service as audit

WEBHOOK_PATH = "/api/v1/payments/webhooks/stripe/{tenant_id}"


async def stored_settings(uow: ReadUnitOfWork) -> PaymentSettings | None:
    stmt = sa.select(PaymentSettings).where(PaymentSettings.tenant_id == uow.require_tenant())
    return (await uow.session.scalars(stmt)).one_or_none()


def _settings_out(
    row: PaymentSettings | None, box: SecretBox, tenant_id: uuid.UUID
) -> PaymentSettingsOut:
    return PaymentSettingsOut(
        processor=row.processor if row else ProcessorName.TEST.value,
        stripe_publishable_key=row.stripe_publishable_key if row else None,
        stripe_secret_key_set=bool(row and box.open(row.stripe_secret_key)),
        stripe_webhook_secret_set=bool(row and box.open(row.stripe_webhook_secret)),
        stripe_webhook_path=WEBHOOK_PATH.format(tenant_id=tenant_id),
        updated_at=row.updated_at if row else None,
    )


async def get_settings(uow: ReadUnitOfWork, *, box: SecretBox) -> PaymentSettingsOut:
    """The tenant's processor; secrets only as set or not set."""
    return _settings_out(await stored_settings(uow), box, uow.require_tenant())


_SECRET_PREFIXES = {
    "stripe_secret_key": ("sk_", "rk_"),
    "stripe_webhook_secret": ("whsec_",),
}


async def update_settings(
    uow: WriteUnitOfWork, *, box: SecretBox, update: PaymentSettingsUpdate
) -> PaymentSettingsOut:
    """Change the fields sent. `stripe` needs a secret key (set now or before); secrets are
    encrypted before they are stored and the audit row says only that they changed."""
    row = await hold_settings(uow)
    changes: dict[str, Any] = {}
    for name in update.model_fields_set:
        value = getattr(update, name)
        if name in _SECRET_PREFIXES:
            secret = value.get_secret_value().strip() if value is not None else None
            if secret is not None and (
                not secret.startswith(_SECRET_PREFIXES[name]) or len(secret) > 500
            ):
                raise InvalidProcessorSettings(
                    f"{name} must start with {' or '.join(_SECRET_PREFIXES[name])}"
                )
            setattr(row, name, box.seal(secret) if secret else None)
            changes[name] = "[set]" if secret else "[removed]"
        elif name == "processor":
            if value is None:
                raise InvalidProcessorSettings("processor can't be null: `test` or `stripe`")
            if value != row.processor:
                changes[name] = {"from": row.processor, "to": value}
            row.processor = value
        elif value != getattr(row, name):
            changes[name] = {"from": getattr(row, name), "to": value}
            setattr(row, name, value)
    if row.processor == ProcessorName.STRIPE and not box.open(row.stripe_secret_key):
        raise InvalidProcessorSettings("Stripe needs `stripe_secret_key`")
    if changes:
        row.updated_at = uow.clock.now()
        row.updated_by = uow.actor_id
        audit.record(
            uow,
            action="payment_settings.updated",
            target_type="payment_settings",
            target_id=uow.require_tenant(),
            changes=changes,
        )
        record_event(uow, "payment_settings.updated", {"changes": changes})
    return _settings_out(row, box, uow.require_tenant())


async def processor_config(uow: ReadUnitOfWork, *, box: SecretBox) -> ProcessorConfig:
    """The tenant's processor with its secret, for the payment flow (never answered)."""
    row = await stored_settings(uow)
    if row is None:
        return ProcessorConfig(ProcessorName.TEST.value)
    return ProcessorConfig(row.processor, stripe_secret_key=box.open(row.stripe_secret_key))
