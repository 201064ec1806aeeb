"""Brute-force protection for sign-in: failures counted per (tenant, email) and per client IP;
past the limit the account or address is locked for a while. Counters live in the cache
(Redis when configured, so limits hold across replicas); the lock's end is read from the
injectable clock, so tests can expire it without sleeping."""

import math

import structlog

from olympus.auth.errors import TooManyAttempts
from olympus.config import Settings
from olympus.core.cache import Cache, CacheUnavailable
from olympus.core.clock import Clock
from olympus.core.errors import TooManyRequests

log = structlog.get_logger("olympus.auth.ratelimit")


def _lock_key(kind: str, scope: str) -> str:
    return f"login-lock:{kind}:{scope}"


def _failures_key(kind: str, scope: str) -> str:
    return f"login-fail:{kind}:{scope}"


class LoginLimiter:
    def __init__(self, cache: Cache, clock: Clock, settings: Settings) -> None:
        self.cache = cache
        self.clock = clock
        self.window = settings.login_failure_window_seconds
        self.lockout = settings.login_lockout_seconds
        self.limits = {
            "acct": settings.login_max_failures,
            "ip": settings.login_ip_max_failures,
        }

    @staticmethod
    def _scopes(tenant: str, email: str, ip: str) -> dict[str, str]:
        return {"acct": f"{tenant.strip().lower()}:{email.strip().lower()}", "ip": ip}

    async def check(self, *, tenant: str, email: str, ip: str) -> bool:
        """Raise `TooManyAttempts` with the seconds left while the account or IP is locked.
        Otherwise, whether the account has failures on record: only then has a success
        anything to clear (so a clean sign-in costs one cache round trip, not two)."""
        now = self.clock.timestamp()
        scopes = self._scopes(tenant, email, ip)
        keys = [_lock_key(k, v) for k, v in scopes.items()]
        try:  # one round trip: both locks and the account's failure count
            *locks, failures = await self.cache.get_many(
                *keys, _failures_key("acct", scopes["acct"])
            )
        except CacheUnavailable:
            log.warning("login_limiter_unavailable")
            return True
        ends = [float(until) for until in locks if until is not None and float(until) > now]
        if ends:
            raise TooManyAttempts(math.ceil(max(ends) - now))
        return failures is not None or locks[0] is not None

    async def record_failure(self, *, tenant: str, email: str, ip: str) -> None:
        now = self.clock.timestamp()
        try:
            for kind, scope in self._scopes(tenant, email, ip).items():
                count = await self.cache.incr(_failures_key(kind, scope), ttl=self.window)
                if count >= self.limits[kind]:
                    await self.cache.set(
                        _lock_key(kind, scope), str(now + self.lockout), ttl=self.lockout
                    )
                    await self.cache.delete(_failures_key(kind, scope))
        except CacheUnavailable:
            log.warning("login_limiter_unavailable")

    async def record_success(self, *, tenant: str, email: str) -> None:
        scope = self._scopes(tenant, email, "")["acct"]
        try:
            await self.cache.delete(_failures_key("acct", scope), _lock_key("acct", scope))
        except CacheUnavailable:
            log.warning("login_limiter_unavailable")

    async def take(self, key: str, *, limit: int, window: int) -> None:
        """Count one request against a fixed window of `window` seconds; past `limit` in the
        window, refuse it (429 with the seconds until the window ends)."""
        retry_after = await self._over_limit(key, limit=limit, window=window)
        if retry_after is not None:
            raise TooManyRequests(
                f"Too many requests; try again in {retry_after} seconds",
                headers={"Retry-After": str(retry_after)},
            )

    async def allow(self, key: str, *, limit: int, window: int) -> bool:
        """`take` for endpoints that refuse silently (password-reset mail)."""
        return await self._over_limit(key, limit=limit, window=window) is None

    async def _over_limit(self, key: str, *, limit: int, window: int) -> int | None:
        """Count one request in the current fixed window; the seconds until the window ends
        when past `limit`, else None. Fails open when the cache can't be reached, like the
        sign-in limits."""
        now = self.clock.timestamp()
        start = int(now // window) * window
        try:
            count = await self.cache.incr(f"limit:{key}:{start}", ttl=window)
        except CacheUnavailable:
            log.warning("request_limiter_unavailable")
            return None
        return max(1, math.ceil(start + window - now)) if count > limit else None
