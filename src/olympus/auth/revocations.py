"""Revocations reach the cache durably. Every revocation is an outbox event committed with
it (`session.revoked`, `tenant.suspended`, `tenant.reactivated`); the relay hands each
committed event to `RevocationPublisher`, which writes the access-token denylist or the
suspension mark, and retries (the event stays unpublished) until the cache takes it. So a
logout, a deactivation or a suspension made while Redis is unreachable reaches every
replica's check once Redis answers again, not only until an access token would have
expired. Meanwhile, checks read the database, which is the truth."""

import uuid

from olympus.auth.service.components import denylist_key
from olympus.core.cache import Cache
from olympus.core.events import Envelope
from olympus.platform.tenants import service as tenants


class RevocationPublisher:
    """A publisher of the outbox relay: raises (so the relay retries) while the cache is
    unreachable."""

    def __init__(self, cache: Cache, *, ttl_seconds: int) -> None:
        self.cache = cache
        self.ttl = ttl_seconds  # as long as an access token can live

    async def publish(self, envelope: Envelope) -> None:
        kind, data = envelope["type"], envelope["data"]
        if kind == "session.revoked":
            for session_id in data.get("session_ids", []):
                await self.cache.set(denylist_key(uuid.UUID(session_id)), "1", ttl=self.ttl)
        elif kind == "tenant.suspended":
            key = tenants.suspension_cache_key(uuid.UUID(data["tenant_id"]))
            await self.cache.set(key, "1", ttl=self.ttl)
        elif kind == "tenant.reactivated":
            await self.cache.delete(tenants.suspension_cache_key(uuid.UUID(data["tenant_id"])))
