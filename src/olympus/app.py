"""The composition root: `create_app(settings)` builds every component once and wires the
routers, middleware and lifespan."""

import secrets
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import structlog
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel, Field
from starlette.responses import JSONResponse, PlainTextResponse, Response

from olympus import __version__
from olympus.accounts import service as accounts
from olympus.auth.dependencies import record_refusal
from olympus.auth.email import DevMailbox, Mailer, SmtpMailer
from olympus.auth.passwords import PasswordHashing
from olympus.auth.ratelimit import FairUseLimiter, LoginLimiter
from olympus.auth.revocations import RevocationPublisher
from olympus.auth.router import jwks_router
from olympus.auth.router import router as auth_router
from olympus.auth.service import AuthComponents, warm_denylist
from olympus.auth.tokens import TokenSigner, derived_key
from olympus.commerce.analytics import service as analytics
from olympus.commerce.analytics.router import router as analytics_router
from olympus.commerce.carts.router import router as carts_router
from olympus.commerce.catalog.router import categories_router, products_router, transfer_router
from olympus.commerce.customers.router import router as customers_router
from olympus.commerce.discounts.router import router as discounts_router
from olympus.commerce.inventory.router import router as inventory_router
from olympus.commerce.inventory.sweeper import ReservationSweeper
from olympus.commerce.orders.router import customer_orders_router
from olympus.commerce.orders.router import router as orders_router
from olympus.commerce.payments.components import PaymentComponents
from olympus.commerce.payments.router import router as payments_router
from olympus.commerce.payments.sweeper import PendingPaymentSweeper
from olympus.config import Environment, Settings
from olympus.core import conditional, openapi
from olympus.core.apidocs import (
    OPENAPI_URL,
    install_api_docs,
    install_home_page,
    install_openapi_route,
)
from olympus.core.cache import Cache, CacheUnavailable, InProcessCache, RedisCache
from olympus.core.clock import Clock
from olympus.core.db import Database
from olympus.core.errors import install_error_handlers
from olympus.core.event_types import configure_strict
from olympus.core.events import InProcessBus, OutboxRelay, Publisher, RedisPublisher
from olympus.core.inputs import RequestInputGuard
from olympus.core.migrations import upgrade_async
from olympus.core.observability import Metrics, ObservabilityMiddleware, configure_logging
from olympus.dashboard.router import install_dashboard
from olympus.platform.audit.router import router as audit_router
from olympus.platform.locations.router import router as locations_router
from olympus.platform.rbac.router import router as rbac_router
from olympus.platform.security_events.recorder import SecurityEventRecorder
from olympus.platform.security_events.router import router as security_events_router
from olympus.platform.settings.router import router as settings_router
from olympus.platform.tenants import service as tenants
from olympus.platform.tenants.errors import SlugTaken
from olympus.platform.tenants.router import router as tenants_router
from olympus.platform.users.errors import EmailTaken
from olympus.platform.users.router import router as users_router
from olympus.platform.webhooks.router import router as webhooks_router
from olympus.platform.webhooks.service import secret_box
from olympus.platform.webhooks.worker import DeliveryPolicy, DeliveryWorker

log = structlog.get_logger("olympus.app")
DEV_ADMIN_EMAIL = "admin@example.com"
UNREACHABLE_REDIS = "redis (unreachable)"

API_DESCRIPTION = """
Olympus Core: authentication, organisation and commerce for many tenants behind one API.

Every error is an RFC 9457 problem document (`application/problem+json`) with a stable
`code`. Authenticate with `Authorization: Bearer <access_token>` from `/api/v1/auth/login`.
"""


class Health(BaseModel):
    status: str


class OutboxState(BaseModel):
    pending: int = Field(description="Committed events not yet published")
    oldest_age_seconds: float | None = Field(description="Age of the oldest of them")


class Readiness(BaseModel):
    status: str
    checks: dict[str, str]
    outbox: OutboxState | None = None


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, bootstrap: bool = True
) -> FastAPI:
    """The service. `bootstrap=False` skips creating a first operator at start (for the
    administration commands, which create what they are told to)."""
    settings = settings or Settings()
    clock = clock or Clock()
    configure_logging(settings.log_level)
    # An event that doesn't fit the catalogue fails its write, except in production (logged).
    configure_strict(settings.environment is not Environment.PRODUCTION)

    db = Database(
        settings.effective_database_url,
        app_role=settings.database_app_role,
        write_wait_seconds=settings.database_write_wait_seconds,
        pooler=settings.database_pooler,
        read_url=settings.effective_database_read_url,
    )
    cache: Cache
    publishers: list[Publisher]
    bus = InProcessBus()
    if settings.redis_url:
        redis_cache = RedisCache.from_url(settings.redis_url)
        cache = redis_cache
        publishers = [bus, RedisPublisher(redis_cache.redis, namespace=settings.event_namespace)]
    else:
        cache = InProcessCache(clock)
        publishers = [bus]
    # First: a revocation the cache has not taken holds back the events after it.
    revocations = RevocationPublisher(cache, ttl_seconds=settings.access_token_ttl_seconds + 5)
    publishers.insert(0, revocations)
    # Seals the webhooks' signing secrets (the API) and opens them to sign (the workers).
    webhook_secrets = secret_box(settings)
    # Runs where the relay runs: sends the queued webhook deliveries.
    deliveries = DeliveryWorker(
        db,
        clock,
        DeliveryPolicy(
            timeout_seconds=settings.webhook_timeout_seconds,
            retry_base_seconds=settings.webhook_retry_base_seconds,
            disable_after_failures=settings.webhook_disable_after_failures,
            allow_private_networks=settings.webhook_allow_private_networks,
        ),
        box=webhook_secrets,
        poll_seconds=settings.outbox_poll_seconds,
        cache=cache,
    )
    relay = OutboxRelay(
        db,
        publishers,
        clock=clock,
        poll_seconds=settings.outbox_poll_seconds,
        max_backoff_seconds=settings.outbox_max_backoff_seconds,
        retention_hours=settings.outbox_retention_hours,
        listen=settings.outbox_listen,
        # Webhook deliveries are queued with the marks of what was published; the analytics
        # rollups of what was paid or refunded are recomputed in the same transaction.
        after_publish=[deliveries.queue_published, analytics.apply_published],
    )
    hashing = PasswordHashing(
        memory_kib=settings.argon2_memory_kib,
        time_cost=settings.argon2_time_cost,
        parallelism=settings.argon2_parallelism,
        workers=settings.password_hash_workers,
    )
    mailer: Mailer = (
        SmtpMailer(settings.smtp_url, settings.mail_from)
        if settings.smtp_url
        else DevMailbox(
            settings.dev_mailbox_path,
            clock,
            keep=settings.environment is not Environment.PRODUCTION,
        )
    )
    metrics = Metrics()
    security_events = SecurityEventRecorder(
        db,
        clock,
        hash_key=derived_key(settings, "security-events/email"),
        window_seconds=settings.security_event_window_seconds,
        metrics=metrics,
    )
    auth = AuthComponents(
        settings=settings,
        clock=clock,
        hashing=hashing,
        signer=TokenSigner(settings, clock),
        cache=cache,
        mailer=mailer,
        limiter=LoginLimiter(cache, clock, settings),
        fair_use=FairUseLimiter(settings, clock),
        security_events=security_events,
    )
    if db.write_gate is not None:
        db.write_gate.observe_wait = metrics.write_wait.observe
    sweeper = ReservationSweeper(db, clock, interval_seconds=settings.reservation_sweep_seconds)
    payments = PaymentComponents.from_settings(settings)
    payment_sweeper = PendingPaymentSweeper(
        db,
        clock,
        payments,
        interval_seconds=settings.payment_sweep_seconds,
        pending_timeout_seconds=settings.payment_pending_timeout_seconds,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.should_auto_migrate:
            await upgrade_async(
                settings.effective_database_url,
                app_role=settings.database_app_role,
                settings=settings,
            )
        if bootstrap:
            await _bootstrap_operator(db, auth, settings)
        cache_state = app.state.cache_state = await _cache_state(cache)
        if cache_state != UNREACHABLE_REDIS:  # said once already; nothing to warm
            try:
                await warm_denylist(db, auth)
                async with db.unit_of_work(clock=clock, write=False) as uow:
                    await tenants.warm_suspensions(
                        uow, cache=cache, ttl=settings.access_token_ttl_seconds + 5
                    )
            except CacheUnavailable:
                log.warning("denylist_warmup_skipped_cache_unavailable")
        if settings.outbox_relay:
            relay.start()
            deliveries.start()
        security_events.start()
        sweeper.start()
        payment_sweeper.start()
        if bootstrap:  # the administration commands print their result, not this
            log.info(
                "started",
                version=__version__,
                database=db.engine.dialect.name,
                cache=cache_state,
                relay="on" if settings.outbox_relay else "off",
            )
        try:
            yield
        finally:
            await sweeper.stop()
            await payment_sweeper.stop()
            if settings.outbox_relay:
                await relay.stop()
                await deliveries.stop()
            await security_events.stop()
            await auth.drain(within_seconds=3.0)
            hashing.close()
            await cache.close()
            await db.dispose()

    docs = settings.serves_api_docs
    app = FastAPI(
        title="Olympus Core",
        version=__version__,
        description=API_DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=openapi.operation_id,
        openapi_url=None,  # served below as a route of its own, like the docs pages
        docs_url=None,
        redoc_url=None,
    )
    if docs:
        install_openapi_route(app, OPENAPI_URL)
        install_api_docs(app, title=app.title, openapi_url=OPENAPI_URL)
    install_home_page(app, title=app.title, version=__version__, docs=docs)
    app.state.settings = settings
    app.state.clock = clock
    app.state.db = db
    app.state.cache = cache
    app.state.bus = bus
    app.state.relay = relay
    app.state.webhook_deliveries = deliveries
    app.state.webhook_secrets = webhook_secrets
    app.state.auth = auth
    app.state.metrics = metrics
    app.state.security_events = security_events
    app.state.reservation_sweeper = sweeper
    app.state.payments = payments
    app.state.payment_sweeper = payment_sweeper

    install_error_handlers(app, observe=record_refusal)
    conditional.install(app)
    openapi.install(app)
    _add_operational_routes(app, db, cache, metrics, relay)  # first: probes match without a search
    # The body limit is set on each included router, not on the app: the app's limit would
    # answer before the middleware (no request id, no problem document). A route that needs
    # more (a CSV import) sets its own `max_body_size`.
    # The catalog's CSV import takes files far larger than any other body: before the
    # products' routes, so /products/import and /products/export are not read as ids.
    app.include_router(transfer_router, max_body_size=settings.max_import_bytes)
    for router in (
        auth_router,
        jwks_router,
        tenants_router,
        locations_router,
        settings_router,  # before users: /users/me/... is not a user id
        users_router,
        rbac_router,
        audit_router,
        security_events_router,
        categories_router,
        products_router,
        customers_router,
        inventory_router,
        discounts_router,
        orders_router,
        customer_orders_router,
        webhooks_router,
        carts_router,
        payments_router,
        analytics_router,
    ):
        app.include_router(router, max_body_size=settings.max_request_bytes)
    install_dashboard(app)  # the owner's dashboard at /dashboard and its session API

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "Idempotency-Key",
                "X-Request-ID",
                "If-Match",
                "If-None-Match",
            ],
            expose_headers=[
                "X-Request-ID",
                "Retry-After",
                "RateLimit-Policy",
                "RateLimit",
                "ETag",
            ],
            allow_credentials=False,
            max_age=600,
        )
    app.add_middleware(RequestInputGuard)
    app.add_middleware(ObservabilityMiddleware, metrics=metrics)
    return app


async def _cache_state(cache: Cache) -> str:
    """`redis`, `in-process`, or `redis (unreachable)` after saying so once: the service
    runs on without it (sign-in and revocations fail closed, the relay backs off and the
    events wait in the outbox) until Redis answers."""
    if not isinstance(cache, RedisCache):
        return "in-process"
    try:
        await cache.ping()
    except CacheUnavailable as exc:
        log.warning(
            "redis_unavailable",
            error=str(exc.__cause__ or exc),
            hint="check REDIS_URL; the service retries on every use and the relay backs off",
        )
        return UNREACHABLE_REDIS
    return "redis"


def _add_operational_routes(
    app: FastAPI, db: Database, cache: Cache, metrics: Metrics, relay: OutboxRelay
) -> None:
    @app.get("/health", response_model=Health, tags=["operations"], summary="Liveness")
    async def health() -> Health:
        return Health(status="ok")

    @app.get(
        "/ready",
        response_model=Readiness,
        tags=["operations"],
        summary="Readiness: the database (and Redis, if configured) answer",
        description=(
            "503 when a dependency fails. `outbox` tells how many committed events wait to "
            "be published and how old the oldest is (a growing backlog: the relay can't "
            "reach Redis); it does not make the service unready."
        ),
        responses={503: {"model": Readiness, "description": "A dependency failed"}},
    )
    async def ready() -> Any:
        checks: dict[str, str] = {}
        outbox = None
        try:
            await db.ping()
            checks["database"] = "ok"
            backlog = await relay.backlog()
            outbox = {"pending": backlog.pending, "oldest_age_seconds": backlog.oldest_age_seconds}
        except Exception:
            checks["database"] = "unavailable"
        if isinstance(cache, RedisCache):
            try:
                await cache.ping()
                checks["redis"] = "ok"
            except CacheUnavailable:
                checks["redis"] = "unavailable"
        ok = all(v == "ok" for v in checks.values())
        body = {"status": "ok" if ok else "unavailable", "checks": checks, "outbox": outbox}
        return JSONResponse(body, status_code=200 if ok else 503)

    @app.get(
        "/metrics",
        tags=["operations"],
        summary="Prometheus metrics",
        response_class=PlainTextResponse,
        responses={
            200: {
                "description": "The Prometheus text exposition format",
                "content": {"text/plain": {"schema": {"type": "string"}}},
            }
        },
    )
    async def prometheus() -> Response:
        try:
            backlog = await relay.backlog()
            metrics.outbox_pending.set(backlog.pending)
            metrics.outbox_oldest_age.set(backlog.oldest_age_seconds or 0)
        except Exception:  # the database is down: /ready says so; the rest still renders
            log.warning("metrics_outbox_unavailable")
        payload, content_type = metrics.render()
        return Response(payload, media_type=content_type)


async def _bootstrap_operator(db: Database, auth: AuthComponents, settings: Settings) -> None:
    """Make sure someone can administer a fresh installation: the operator named by
    OLYMPUS_ADMIN_EMAIL/PASSWORD; in development, one with a generated password; otherwise
    say how to create one."""
    email, password = settings.olympus_admin_email, settings.olympus_admin_password
    generated = False
    if not (email and password) and settings.environment is Environment.DEVELOPMENT:
        email, password, generated = DEV_ADMIN_EMAIL, secrets.token_urlsafe(18), True
    async with db.unit_of_work(clock=auth.clock, write=False) as reader:
        if await accounts.operator_exists(reader):
            return
    try:
        if email and password:
            async with db.unit_of_work(clock=auth.clock) as uow:
                await accounts.create_operator(
                    uow, auth=auth, email=email, password=password, full_name="Administrator"
                )
    except (SlugTaken, EmailTaken):
        return  # another worker starting at the same moment created it
    if not (email and password):
        hint = (
            "no platform operator yet: run `olympus create-admin --email you@example.com` "
            "(or set OLYMPUS_ADMIN_EMAIL and OLYMPUS_ADMIN_PASSWORD and restart)"
        )
        log.warning("no_operator", hint=hint)
        print(hint, file=sys.stderr, flush=True)
        return
    if generated:
        path = settings.data_dir / ".olympus" / "admin-password"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(password + "\n")
        path.chmod(0o600)
        print(
            f"\nFirst platform operator created: tenant 'platform', email {email}, "
            f"password {password}\n(kept in {path}; change it with "
            "POST /api/v1/auth/password/change)\n",
            file=sys.stderr,
            flush=True,
        )
    log.info("operator_created", email=email)
