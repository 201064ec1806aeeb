"""JSON logs with a request id, and Prometheus metrics by route template and status. One pure
ASGI middleware does both, so the hot path pays for it once."""

import logging
import re
import sys
import time
import uuid
from typing import Any

import structlog
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "x-request-id"
RESPONSE_HEADERS = "response_headers"  # in the request's state: added to whatever it answers
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


class _CurrentStderr:
    """Whatever `sys.stderr` is when a line is written. Loggers are cached on first use, so
    holding the stream of that moment would break once it is swapped and closed (a second
    CLI command run in the same process, as tests do)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(level: str) -> None:
    processors: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        structlog.processors.JSONRenderer(),
    ]
    structlog.configure(
        processors=processors,
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(file=_CurrentStderr()),  # type: ignore[arg-type]
        cache_logger_on_first_use=True,
    )
    logging.basicConfig(level=level, stream=sys.stderr, format="%(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "olympus_http_requests",
            "HTTP requests by method, route template and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "olympus_http_request_duration_seconds",
            "HTTP request latency by method and route template",
            ["method", "route"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
            registry=self.registry,
        )

        self.write_wait = Histogram(
            "olympus_db_write_wait_seconds",
            "How long writing transactions waited for the embedded database's writer slot",
            buckets=(0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )
        # outcome: recorded (a row written or counted), unattributed (a sign-in naming no
        # tenant: counted here only), dropped (the recorder was full or could not write)
        self.security_events = Counter(
            "olympus_security_events",
            "Security events by kind and what became of them",
            ["kind", "outcome"],
            registry=self.registry,
        )

        self.outbox_pending = Gauge(
            "olympus_outbox_pending_events",
            "Committed events not yet published by the relay",
            registry=self.registry,
        )
        self.outbox_oldest_age = Gauge(
            "olympus_outbox_oldest_pending_age_seconds",
            "Age of the oldest committed event not yet published (0: none waiting)",
            registry=self.registry,
        )

    def render(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


def add_response_headers(scope: Scope, headers: list[tuple[bytes, bytes]]) -> None:
    """Headers the answer carries whatever it turns out to be (a dependency's, such as the
    RateLimit fields, on a success and on an error alike)."""
    scope.setdefault("state", {}).setdefault(RESPONSE_HEADERS, []).extend(headers)


class ObservabilityMiddleware:
    """Gives every request an id (a valid incoming `X-Request-ID` is kept), echoes it back,
    binds it to every log line, logs one access line and records the metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        self.log = structlog.get_logger("olympus.access")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = ""
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                candidate = value.decode("latin-1")
                if _VALID_REQUEST_ID.match(candidate):
                    request_id = candidate
                break
        request_id = request_id or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        status = 500
        start = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                headers.extend(scope["state"].get(RESPONSE_HEADERS, ()))
                message["headers"] = headers
            await send(message)

        entry_root = scope.get("root_path", "")
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - start
            template = getattr(scope.get("route"), "path", None)
            if template is None:  # a mounted app (the docs' assets) moved the root path on
                mounted = scope.get("root_path", "")
                template = f"{mounted}/{{path}}" if mounted != entry_root else "<unmatched>"
            method = scope["method"]
            self.metrics.requests.labels(method, template, str(status)).inc()
            self.metrics.latency.labels(method, template).observe(elapsed)
            self.log.info(
                "request",
                method=method,
                path=scope["path"],
                route=template,
                status=status,
                duration_ms=round(elapsed * 1000, 2),
            )
