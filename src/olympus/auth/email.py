"""Outgoing email: real SMTP when `SMTP_URL` is set, otherwise a development mailbox that logs
each message and keeps it in a file readable with `olympus mail list`."""

import asyncio
import ssl
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlparse

import aiosmtplib
import orjson
import structlog

from olympus.core.clock import Clock

log = structlog.get_logger("olympus.mail")


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    body: str


class Mailer(Protocol):
    async def send(self, message: OutgoingEmail) -> None: ...


class SmtpMailer:
    """`SMTP_URL` as `smtp://user:pass@host:port` (STARTTLS if offered, `?starttls=required`
    to insist) or `smtps://...` (implicit TLS)."""

    def __init__(self, url: str, sender: str) -> None:
        parsed = urlparse(url)
        if parsed.scheme not in {"smtp", "smtps"}:
            raise ValueError("SMTP_URL must start with smtp:// or smtps://")
        query = parse_qs(parsed.query)
        self.host = parsed.hostname or "localhost"
        self.implicit_tls = parsed.scheme == "smtps"
        self.port = parsed.port or (465 if self.implicit_tls else 25)
        self.username = unquote(parsed.username) if parsed.username else None
        self.password = unquote(parsed.password) if parsed.password else None
        starttls = query.get("starttls", ["auto"])[0]
        self.start_tls: bool | None = {"required": True, "off": False}.get(starttls)
        self.sender = sender

    async def send(self, message: OutgoingEmail) -> None:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.to
        email["Subject"] = message.subject
        email.set_content(message.body)
        await aiosmtplib.send(
            email,
            hostname=self.host,
            port=self.port,
            username=self.username,
            password=self.password,
            use_tls=self.implicit_tls,
            start_tls=self.start_tls,
            tls_context=ssl.create_default_context(),
            timeout=10,
        )
        log.info("email_sent", to=message.to, subject=message.subject)


class DevMailbox:
    """Development backend: nothing leaves the machine. Each message is logged and kept in a
    file for `olympus mail list`. With `keep=False` (production without SMTP_URL) only the
    recipient and subject are logged: bodies carry single-use tokens."""

    def __init__(self, path: Path, clock: Clock, *, keep: bool = True) -> None:
        self.path = path
        self.clock = clock
        self.keep = keep
        self._lock = asyncio.Lock()
        if not keep:
            log.warning(
                "email_not_delivered",
                hint="SMTP_URL is not set: emails (verification, password reset) are dropped",
            )

    async def send(self, message: OutgoingEmail) -> None:
        if not self.keep:
            log.warning("email_dropped", to=message.to, subject=message.subject)
            return
        record = {"sent_at": self.clock.now().isoformat(), **asdict(message)}
        log.info("email_logged", to=message.to, subject=message.subject, body=message.body)
        async with self._lock:
            await asyncio.to_thread(self._append, orjson.dumps(record) + b"\n")

    def _append(self, line: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("ab") as fh:
            fh.write(line)

    def messages(self) -> list[dict[str, str]]:
        if not self.path.exists():
            return []
        return [orjson.loads(line) for line in self.path.read_bytes().splitlines() if line.strip()]


def lifetime(seconds: int) -> str:
    """'24 hours', '1 hour', '7 days', '30 minutes'."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} seconds"


def verification_email(to: str, token: str, ttl_seconds: int) -> OutgoingEmail:
    return OutgoingEmail(
        to=to,
        subject="Verify your email address",
        body=(
            "Confirm this address by sending this token to POST /api/v1/auth/verify-email:\n\n"
            f"{token}\n\nIt works once and expires in {lifetime(ttl_seconds)}."
        ),
    )


def password_reset_email(to: str, token: str, ttl_seconds: int) -> OutgoingEmail:
    return OutgoingEmail(
        to=to,
        subject="Reset your password",
        body=(
            "Someone asked to reset the password of this account. If it was you, send this token"
            " with your new password to POST /api/v1/auth/password-reset/confirm:\n\n"
            f"{token}\n\nIt works once and expires in {lifetime(ttl_seconds)}. If it was not you, "
            "ignore this message; your password is unchanged."
        ),
    )


def invitation_email(to: str, token: str, ttl_seconds: int) -> OutgoingEmail:
    return OutgoingEmail(
        to=to,
        subject="You are invited",
        body=(
            "An account was created for you. Choose your password by sending this token with it"
            " to POST /api/v1/auth/password-reset/confirm:\n\n"
            f"{token}\n\nIt works once and expires in {lifetime(ttl_seconds)}."
        ),
    )
