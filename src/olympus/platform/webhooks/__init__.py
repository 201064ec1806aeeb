"""Webhooks: a tenant's endpoints that receive its events, signed, with retries."""
