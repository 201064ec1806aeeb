"""Errors of the payments domain."""

from olympus.core.errors import Conflict, InvalidInput, NotFound, ServiceUnavailable


class PaymentNotFound(NotFound):
    code = "payment_not_found"
    title = "Payment not found"


class PaymentNotRefundable(Conflict):
    code = "payment_not_refundable"
    title = "Only a succeeded payment can be refunded"


class InsufficientTender(InvalidInput):
    code = "insufficient_tender"
    title = "Cash tendered below the amount"


class InvalidProcessorSettings(InvalidInput):
    code = "invalid_payment_settings"
    title = "Invalid payment processor settings"


class ProcessorUnavailable(ServiceUnavailable):
    """The card processor could not be reached or answered with an error of its own. The
    payment stays pending; a retry with the same Idempotency-Key resumes it."""

    code = "payment_processor_unavailable"
    title = "Payment processor unavailable"


class StripeWebhookNotConfigured(NotFound):
    """No such tenant, or it has no Stripe webhook signing secret: nothing to deliver to."""

    code = "stripe_webhook_not_configured"
    title = "No Stripe webhook here"


class InvalidStripeSignature(InvalidInput):
    code = "invalid_stripe_signature"
    title = "Stripe-Signature missing, wrong or too old"
    status = 400
