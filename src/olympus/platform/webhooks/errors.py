"""Errors of the webhooks domain."""

from olympus.core.errors import Conflict, InvalidInput, NotFound


class WebhookNotFound(NotFound):
    code = "webhook_not_found"
    title = "Webhook not found"


class DeliveryNotFound(NotFound):
    code = "webhook_delivery_not_found"
    title = "Webhook delivery not found"


class WebhookUrlRefused(InvalidInput):
    """Not https, or a host that resolves to a loopback, private, link-local or metadata
    address (allowed only with WEBHOOK_ALLOW_PRIVATE_NETWORKS)."""

    code = "webhook_url_refused"
    title = "Webhook URL refused"


class WebhookInactive(Conflict):
    code = "webhook_inactive"
    title = "Webhook inactive"
