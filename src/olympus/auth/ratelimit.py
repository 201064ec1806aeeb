"""Request limits: brute-force protection for sign-in (failures counted per (tenant, email)
and per client IP; past the limit the account or address is locked for a while), fixed-window
limits of the open doors (registration, verification mail), and the fair-use quotas of every
authenticated request (per access token and per tenant). Counters live in the cache (Redis
when configured, so limits hold across replicas); times are read from the injectable clock,
so tests can move past a lock or a window without sleeping."""

import math
import uuid
from dataclasses import dataclass
from typing import Any

import orjson
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

    async def record_failure(self, *, tenant: str, email: str, ip: str) -> list[str]:
        """Count a failed sign-in; the scopes it locked (`acct`, `ip`), if any."""
        now = self.clock.timestamp()
        locked = []
        try:
            for kind, scope in self._scopes(tenant, email, ip).items():
                count = await self.cache.incr(_failures_key(kind, scope), ttl=self.window)
                if count >= self.limits[kind]:
                    await self.cache.set(
                        _lock_key(kind, scope), str(now + self.lockout), ttl=self.lockout
                    )
                    await self.cache.delete(_failures_key(kind, scope))
                    locked.append(kind)
        except CacheUnavailable:
            log.warning("login_limiter_unavailable")
        return locked

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


# --- fair use of the authenticated API ------------------------------------------------------

TOKEN_POLICY = "token"
TENANT_POLICY = "tenant"


@dataclass(frozen=True)
class Quotas:
    """Requests allowed in one window: per access token (session) and per tenant."""

    per_token: int
    per_tenant: int


class FairUseExceeded(TooManyRequests):
    """Past a fair-use quota: 429 `too_many_requests` with `Retry-After` and the RateLimit
    fields, naming the quotas exceeded."""

    def __init__(self, retry_after: int, violated: list[str], headers: dict[str, str]) -> None:
        self.violated = violated
        super().__init__(
            f"Too many requests ({', '.join(violated)} quota); try again in {retry_after} seconds",
            headers={"Retry-After": str(retry_after), **headers},
        )

    def extra(self) -> dict[str, Any]:
        return {"violated_policies": self.violated}


@dataclass(frozen=True)
class FairUseCount:
    """The counters one request adds to: their cache keys, and where their window ends."""

    keys: tuple[str, str]
    window_ends: float


class FairUseLimiter:
    """Fixed windows of `RATE_LIMIT_WINDOW_SECONDS`, one counter per access token (session)
    and one per tenant. The counters are added to in the same cache round trip as the
    principal's checks (`Cache.get_many_and_count`); this class names them and judges the
    counts. The answer carries the fields of draft-ietf-httpapi-ratelimit-headers-10:
    `RateLimit-Policy: "token";q=600;w=60, "tenant";q=6000;w=60` and
    `RateLimit: "token";r=42;t=17, "tenant";r=5100;t=17`. It runs on every authenticated
    request, so what can be is worked out once per tenant's quotas, not per request."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.enabled = settings.rate_limit_enabled
        self.window = settings.rate_limit_window_seconds
        self.defaults = Quotas(settings.rate_limit_per_token, settings.rate_limit_per_tenant)
        self.clock = clock
        self._cached: dict[str, Quotas] = {}  # the cached JSON of a tenant's quotas, read
        self._policies: dict[Quotas, bytes] = {}

    def quotas(self, overrides: dict[str, Any]) -> Quotas:
        """The tenant's quotas: its overrides (`per_token`, `per_tenant`) over the defaults."""
        return Quotas(
            int(overrides.get("per_token") or self.defaults.per_token),
            int(overrides.get("per_tenant") or self.defaults.per_tenant),
        )

    def quotas_of_cached(self, cached: str) -> Quotas:
        """`quotas` of the overrides as cached (JSON), remembered by their text."""
        quotas = self._cached.get(cached)
        if quotas is None:
            if len(self._cached) > 4096:
                self._cached.clear()
            quotas = self._cached[cached] = self.quotas(orjson.loads(cached))
        return quotas

    def count(self, session_id: uuid.UUID, tenant_id: uuid.UUID) -> FairUseCount:
        now = self.clock.timestamp()
        start = int(now // self.window) * self.window
        return FairUseCount(
            (f"limit:token:{session_id}:{start}", f"limit:tenant:{tenant_id}:{start}"),
            start + self.window,
        )

    def judge(
        self, quotas: Quotas, counted: FairUseCount, counts: list[int]
    ) -> list[tuple[bytes, bytes]]:
        """The RateLimit fields of an allowed request; past a quota, `FairUseExceeded`."""
        reset = max(1, math.ceil(counted.window_ends - self.clock.timestamp()))
        by_token, by_tenant = counts
        remaining = (
            f'"{TOKEN_POLICY}";r={max(0, quotas.per_token - by_token)};t={reset}, '
            f'"{TENANT_POLICY}";r={max(0, quotas.per_tenant - by_tenant)};t={reset}'
        )
        policy = self._policies.get(quotas)
        if policy is None:
            if len(self._policies) > 4096:
                self._policies.clear()
            policy = self._policies[quotas] = (
                f'"{TOKEN_POLICY}";q={quotas.per_token};w={self.window}, '
                f'"{TENANT_POLICY}";q={quotas.per_tenant};w={self.window}'
            ).encode()
        if by_token > quotas.per_token or by_tenant > quotas.per_tenant:
            violated = [TOKEN_POLICY] if by_token > quotas.per_token else []
            violated += [TENANT_POLICY] if by_tenant > quotas.per_tenant else []
            raise FairUseExceeded(
                reset, violated, {"RateLimit-Policy": policy.decode(), "RateLimit": remaining}
            )
        return [(b"ratelimit-policy", policy), (b"ratelimit", remaining.encode())]
