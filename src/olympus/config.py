"""Settings read from the environment and `.env` (names as in `.env.example`)."""

import re
import secrets
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

MIN_SECRET_BYTES = 32
DEV_SECRET_FILE = ".olympus/jwt-secret"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class ConfigError(RuntimeError):
    """The configuration can't run; the message tells the operator what to set."""


# A web origin as browsers send it in WebAuthn's client data: scheme, host, optional port.
_ORIGIN = re.compile(r"^https?://(?P<host>[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:[0-9]{1,5})?$")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    environment: Environment = Environment.DEVELOPMENT
    database_url: str = ""
    redis_url: str = ""
    jwt_secret: str = ""
    port: int = Field(default=8000, ge=1, le=65535)
    host: str = "127.0.0.1"
    log_level: str = "INFO"
    smtp_url: str = ""
    mail_from: str = "Olympus Core <no-reply@olympus.local>"
    # The web app that emails link to (`<url>/verify-email?token=...`); a tenant's `app_url`
    # setting wins. Empty: emails carry the token and say which endpoint takes it.
    public_app_url: str = Field(default="", pattern=r"^(https?://[^\s?#]+)?$", max_length=300)
    email_verify_path: str = Field(default="/verify-email", pattern=r"^/[^\s?#]*$")
    email_reset_path: str = Field(default="/reset-password", pattern=r"^/[^\s?#]*$")
    email_invitation_path: str = Field(default="/accept-invitation", pattern=r"^/[^\s?#]*$")
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Passkeys (WebAuthn): the relying party's id (the registrable domain the credentials are
    # bound to), the name authenticators show, and the exact origins (`https://host[:port]`,
    # or `http://localhost[:port]`) whose ceremonies are accepted; each origin's host must be
    # the id or a subdomain of it.
    webauthn_rp_id: str = Field(
        default="localhost", pattern=r"^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$"
    )
    webauthn_rp_name: str = Field(default="Olympus Core", min_length=1, max_length=100)
    webauthn_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["http://localhost:8000"]
    )
    # Passwordless sign-in options (`POST /api/v1/auth/passkeys/authentication/options`)
    # per client address and minute: each stores a challenge.
    passkey_options_per_address_per_minute: int = Field(default=60, ge=1)
    olympus_admin_email: str = ""
    olympus_admin_password: str = ""

    # The largest request body accepted, in bytes (413 past it, before it is read whole);
    # an endpoint that needs more (a CSV import) sets its own.
    max_request_bytes: int = Field(default=1024 * 1024, ge=1024)
    # The largest CSV file `POST /api/v1/products/import` takes, in bytes.
    max_import_bytes: int = Field(default=50 * 1024 * 1024, ge=1024)

    # The interactive API docs and the schema (/docs, /redoc, /openapi.json). Unset: served
    # in development and test, not in production.
    api_docs: bool | None = None

    # Where the embedded default keeps its files (SQLite database, dev mailbox, dev secret).
    data_dir: Path = Path(".")
    # SQLite: how long a write waits for the database's one writer slot before it answers
    # 503 `database_busy` (nothing written).
    database_write_wait_seconds: float = Field(default=5.0, gt=0, le=60)

    # Tokens
    jwt_issuer: str = "olympus-core"
    jwt_audience: str = "olympus-api"
    jwt_private_key: str = ""  # PEM (or a path to one) of an Ed25519 key: switches to EdDSA
    jwt_public_key: str = ""  # PEM (or a path to one); derived from the private key if empty
    jwt_key_id: str = ""
    access_token_ttl_seconds: int = Field(default=900, ge=30, le=86400)
    refresh_token_ttl_seconds: int = Field(default=30 * 86400, ge=300)
    session_idle_timeout_seconds: int = Field(default=14 * 86400, ge=60)
    email_verification_ttl_seconds: int = Field(default=24 * 3600, ge=60)
    password_reset_ttl_seconds: int = Field(default=3600, ge=60)

    # Passwords: OWASP's Argon2id configuration (m = 19 MiB, t = 2, p = 1)
    argon2_memory_kib: int = Field(default=19 * 1024, ge=8)
    argon2_time_cost: int = Field(default=2, ge=1)
    argon2_parallelism: int = Field(default=1, ge=1)
    password_hash_workers: int = Field(default=0, ge=0)  # 0: one per core

    # Brute-force protection
    login_max_failures: int = Field(default=5, ge=1)
    login_failure_window_seconds: int = Field(default=900, ge=1)
    login_lockout_seconds: int = Field(default=900, ge=1)
    login_ip_max_failures: int = Field(default=50, ge=1)
    # Abuse limits of the open doors that cost a hash or send mail (per hour, fixed windows,
    # shared through Redis when it is configured): 429 with Retry-After past them.
    registrations_per_address_per_hour: int = Field(default=20, ge=1)
    registrations_per_tenant_per_hour: int = Field(default=1000, ge=1)
    verification_emails_per_account_per_hour: int = Field(default=3, ge=1)
    verification_emails_per_address_per_hour: int = Field(default=10, ge=1)

    # Fair use of the authenticated API: requests per access token (session) and per tenant
    # in each fixed window of RATE_LIMIT_WINDOW_SECONDS, shared through Redis when it is
    # configured; 429 with Retry-After past them. A tenant may get its own quotas from a
    # platform operator (PUT /api/v1/tenants/{id}/rate-limits).
    rate_limit_enabled: bool = True
    rate_limit_per_token: int = Field(default=600, ge=1)
    rate_limit_per_tenant: int = Field(default=6000, ge=1)
    rate_limit_window_seconds: int = Field(default=60, ge=1, le=3600)

    # The security event log: repeats of one event (same kind, account, address) within
    # SECURITY_EVENT_WINDOW_SECONDS add to one row; rows whose last occurrence is older than
    # SECURITY_EVENT_RETENTION_DAYS go at `olympus prune`.
    security_event_window_seconds: int = Field(default=3600, ge=60, le=86400)
    security_event_retention_days: int = Field(default=90, ge=1, le=3650)

    # PostgreSQL: the role every request runs as (created by the migrations; it owns nothing
    # and row-level security applies to it). Empty turns this off (not recommended).
    database_app_role: str = "olympus_app"
    # PostgreSQL reached through PgBouncer in transaction mode ("pgbouncer"): no prepared
    # statement outlives its transaction and the role is set per transaction.
    database_pooler: Literal["", "pgbouncer"] = ""
    # A read replica for the reading transactions of GET requests (lists, reports); empty:
    # everything on the primary.
    database_read_url: str = ""

    # Apply migrations at start; unset means "yes on the embedded SQLite, no elsewhere"
    auto_migrate: bool | None = None

    # Outbox relay: run it inside each `olympus serve` process (true), or not (false: a
    # separate `olympus relay` process publishes the events)
    outbox_relay: bool = True
    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    outbox_retention_hours: int = Field(default=168, ge=1, le=24 * 3650)
    outbox_max_backoff_seconds: float = Field(default=60.0, ge=1, le=3600)
    # PostgreSQL: relays LISTEN for committed events (off behind a transaction-mode pooler)
    outbox_listen: bool = True
    # Put before the Redis stream and channel names (`<ns>:events.<type>`); empty: `events.<type>`
    event_namespace: str = Field(default="", pattern=r"^[A-Za-z0-9_.-]{0,64}$")

    # Seconds between two looks for reservations past their time, whose stock each process
    # then returns (reading a reservation shows it expired from its expiry on).
    reservation_sweep_seconds: float = Field(default=30.0, gt=0, le=3600)

    # Webhooks: how long a receiver may take to answer, the first retry's delay (doubling,
    # with jitter, for up to 24 hours), how many failed attempts in a row disable an endpoint,
    # and whether loopback, private and link-local addresses (and `http`) are allowed
    # (development and tests only).
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    webhook_retry_base_seconds: float = Field(default=10.0, gt=0, le=3600)
    webhook_disable_after_failures: int = Field(default=50, ge=1, le=100_000)
    webhook_allow_private_networks: bool = False
    # Minutes a cart may stay unchanged before it expires (410 `cart_expired`); `olympus
    # prune` then removes it.
    cart_idle_minutes: int = Field(default=120, ge=1, le=30 * 24 * 60)
    # The key that seals the secrets kept at rest (tenants' processor secrets, webhook signing
    # secrets), each purpose with a key of its own derived from it; any string of 32+ random
    # bytes. Empty: derived from the signing secret (then rotating JWT_SECRET makes the stored
    # secrets unreadable: tenants enter their processor keys again, webhooks need their secret
    # rotated). Changing it has the same effect.
    secrets_key: str = ""
    # The earlier name of SECRETS_KEY (it sealed only the processor secrets), still read when
    # SECRETS_KEY is unset; set both only to the same value.
    payments_secrets_key: str = ""
    # Stripe's API address: empty for Stripe itself; a Stripe-compatible stand-in
    # (stripe-mock) for tests and demos.
    stripe_api_base: str = ""
    # How long a card processor may take to answer; a retry of a payment still pending
    # after this resumes it with the same processor idempotency key.
    payment_processor_timeout_seconds: float = Field(default=30.0, gt=0, le=300)
    # A card payment still pending after this long (a customer who never finished the card's
    # authentication, a request that died before the processor answered) is settled with the
    # processor's word: captured, it succeeds; else its charge is cancelled there and it
    # fails with `abandoned`. Each process looks for such payments every
    # PAYMENT_SWEEP_SECONDS (0: this process does not).
    payment_pending_timeout_seconds: float = Field(default=3600.0, ge=300, le=30 * 24 * 3600)
    payment_sweep_seconds: float = Field(default=60.0, ge=0, le=3600)

    @field_validator("cors_origins", "webauthn_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [o.strip() for o in value.split(",") if o.strip()]
        return value

    @field_validator("database_url", "database_read_url")
    @classmethod
    def _supported_database(cls, value: str, info: ValidationInfo) -> str:
        check_database_url(value.strip(), (info.field_name or "").upper())
        return value.strip()

    @field_validator("log_level")
    @classmethod
    def _upper_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @model_validator(mode="after")
    def _production_needs_a_secret(self) -> "Settings":
        if self.environment is Environment.PRODUCTION and not self.uses_eddsa:
            if len(self.jwt_secret.encode()) < MIN_SECRET_BYTES:
                raise ConfigError(
                    "JWT_SECRET must be set to at least 32 bytes in production (generate one "
                    'with: python -c "import secrets; print(secrets.token_urlsafe(48))")'
                )
        elif self.jwt_secret and len(self.jwt_secret.encode()) < MIN_SECRET_BYTES:
            raise ConfigError("JWT_SECRET is shorter than 32 bytes; use a longer one or unset it")
        return self

    @model_validator(mode="after")
    def _one_secrets_key(self) -> "Settings":
        if (
            self.secrets_key
            and self.payments_secrets_key
            and self.secrets_key != self.payments_secrets_key
        ):
            raise ConfigError(
                "SECRETS_KEY and PAYMENTS_SECRETS_KEY (its earlier name) differ: keep one, or "
                "set both to the key the stored secrets were sealed with"
            )
        return self

    @model_validator(mode="after")
    def _webauthn_origins_match_the_rp_id(self) -> "Settings":
        if not self.webauthn_origins:
            raise ConfigError("WEBAUTHN_ORIGINS must list at least one origin")
        for origin in self.webauthn_origins:
            match = _ORIGIN.match(origin)
            host = match.group("host") if match else ""
            secure = origin.startswith("https://") or host == "localhost"
            within = host == self.webauthn_rp_id or host.endswith("." + self.webauthn_rp_id)
            if not (match and secure and within):
                raise ConfigError(
                    f"WEBAUTHN_ORIGINS: {origin!r} must be https://<host>[:port] (http only "
                    f"for localhost) with a host that is {self.webauthn_rp_id!r} (WEBAUTHN_RP_ID) "
                    "or a subdomain of it"
                )
        return self

    @model_validator(mode="after")
    def _pooler_and_replica_need_postgres(self) -> "Settings":
        if self.is_sqlite and (self.database_pooler or self.database_read_url):
            raise ConfigError(
                "DATABASE_POOLER and DATABASE_READ_URL need a PostgreSQL DATABASE_URL"
            )
        if self.database_read_url and not normalise_database_url(self.database_read_url).startswith(
            "postgresql"
        ):
            raise ConfigError("DATABASE_READ_URL must be a PostgreSQL URL")
        return self

    @property
    def effective_database_read_url(self) -> str:
        return normalise_database_url(self.database_read_url) if self.database_read_url else ""

    @property
    def uses_eddsa(self) -> bool:
        return bool(self.jwt_private_key)

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite+aiosqlite:///{(self.data_dir / 'olympus.db').resolve()}"

    @property
    def serves_api_docs(self) -> bool:
        if self.api_docs is not None:
            return self.api_docs
        return self.environment is not Environment.PRODUCTION

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")

    @property
    def should_auto_migrate(self) -> bool:
        return self.is_sqlite if self.auto_migrate is None else self.auto_migrate

    @property
    def dev_mailbox_path(self) -> Path:
        return self.data_dir / ".olympus" / "mail.jsonl"

    @cached_property
    def signing_secret(self) -> str:
        """The HS256 key: JWT_SECRET, or outside production a random one kept in a local file."""
        if self.jwt_secret:
            return self.jwt_secret
        path = self.data_dir / DEV_SECRET_FILE
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_urlsafe(48)
        path.write_text(secret)
        path.chmod(0o600)
        return secret


ACCEPTED_DATABASE_SCHEMES = "postgresql://, postgres:// or sqlite:///"


def check_database_url(value: str, name: str = "DATABASE_URL") -> None:
    """Refuse, up front, what no driver here speaks (`mysql://`) and what is not a URL."""
    if not value:
        return
    try:
        url = make_url(value)
    except ArgumentError:
        raise ValueError(
            f"not a database URL; use {ACCEPTED_DATABASE_SCHEMES} "
            "(postgresql://user:password@host:5432/name)"
        ) from None
    backend = url.drivername.split("+", 1)[0]
    if backend not in {"postgresql", "postgres", "sqlite"}:
        raise ValueError(
            f"the scheme {url.drivername!r} is not supported; use {ACCEPTED_DATABASE_SCHEMES}"
        )
    if backend == "sqlite" and not url.database:
        raise ValueError(f"{name} names no SQLite file; use sqlite:///path/to/olympus.db")


def normalise_database_url(url: str) -> str:
    """Accept the URLs users paste (`postgres://`, `postgresql://`, `sqlite:///`) and pick the
    async driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
    return url
