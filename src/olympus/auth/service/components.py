"""What authentication needs beyond the database, built once by the app: settings, clock,
password hashing, token signing, the cache, the mailer, the request limiters and the security
event recorder; and the two side effects it runs outside any transaction, mail and the
access-token denylist. The cache key `revoked-session:` is spelled here only."""

import asyncio
import uuid
from collections.abc import Coroutine
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import structlog

from olympus.auth.email import Mailer, OutgoingEmail
from olympus.auth.passwords import PasswordHashing
from olympus.auth.ratelimit import FairUseLimiter, LoginLimiter
from olympus.auth.tokens import TokenSigner
from olympus.auth.totp import TotpKeys
from olympus.config import Settings
from olympus.core.cache import Cache, CacheUnavailable
from olympus.core.clock import Clock
from olympus.platform.security_events.recorder import SecurityEventRecorder

log = structlog.get_logger("olympus.auth")


def denylist_key(session_id: uuid.UUID) -> str:
    """Present while a revoked session's access tokens may still be alive."""
    return f"revoked-session:{session_id}"


@dataclass
class AuthComponents:
    """The infrastructure of authentication, passed to its service functions as `auth`."""

    settings: Settings
    clock: Clock
    hashing: PasswordHashing
    signer: TokenSigner
    cache: Cache
    mailer: Mailer
    limiter: LoginLimiter
    fair_use: FairUseLimiter
    security_events: SecurityEventRecorder
    _background: set[asyncio.Task[None]] = field(default_factory=set)

    @cached_property
    def totp_keys(self) -> TotpKeys:
        """The keys sealing TOTP secrets and hashing recovery codes."""
        return TotpKeys(self.settings)

    def send_later(self, message: OutgoingEmail) -> None:
        """Send mail in the background so a response's timing never depends on SMTP (and so
        never tells whether an account exists)."""
        self._spawn(self._send(message))

    async def _send(self, message: OutgoingEmail) -> None:
        try:
            await self.mailer.send(message)
        except Exception:
            log.exception("email_failed", to=message.to, subject=message.subject)

    def run_later(self, coro: Coroutine[Any, Any, None]) -> None:
        """Run work after the answer, in the background (drained at shutdown and by tests);
        `coro` handles its own failures."""
        self._spawn(coro)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def drain(self, within_seconds: float = 10.0) -> None:
        """Wait for background work (mail, denylist retries), for shutdown and tests; what is
        still running after `within_seconds` is cancelled (the database holds the truth of
        revocations; a lost email can be asked for again)."""
        try:
            async with asyncio.timeout(within_seconds):
                while self._background:
                    await asyncio.gather(*list(self._background), return_exceptions=True)
        except TimeoutError:
            for task in list(self._background):
                task.cancel()
            log.warning("background_work_cancelled", tasks=len(self._background))

    # The denylist: revoked session ids, kept as long as an access token can live.
    async def _write_denylist(self, session_ids: list[uuid.UUID]) -> None:
        ttl = self.settings.access_token_ttl_seconds + 5
        for sid in session_ids:
            await self.cache.set(denylist_key(sid), "1", ttl=ttl)

    async def deny_sessions(self, session_ids: list[uuid.UUID]) -> None:
        """Put sessions on the denylist before the response goes out. If the cache can't
        take it now, the outbox relay writes it once the cache answers again (the
        revocation's `session.revoked` event; see `auth.revocations`); meanwhile checks read
        the database, which is the truth."""
        try:
            await self._write_denylist(session_ids)
        except CacheUnavailable:
            log.warning("denylist_write_deferred", sessions=[str(s) for s in session_ids])
