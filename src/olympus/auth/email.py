"""Outgoing email: real SMTP when `SMTP_URL` is set, otherwise a development mailbox that logs
each message and keeps it in a file readable with `olympus mail list`; and the messages
themselves, plain text and HTML from the Jinja2 templates in `templates/` (or a tenant's own,
checked when stored), rendered in the sandbox."""

import asyncio
import ssl
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from functools import cache
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, quote, unquote, urlparse

import aiosmtplib
import orjson
import structlog
from jinja2 import PackageLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from olympus.core import templating
from olympus.core.clock import Clock

log = structlog.get_logger("olympus.mail")


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    body: str
    html: str | None = None  # sent as the alternative of `body` (multipart/alternative)


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
        if message.html:
            email.add_alternative(message.html, subtype="html")
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


# --- the messages -------------------------------------------------------------------------

SUBJECTS = {
    "verify_email": "Verify your email address",
    "password_reset": "Reset your password",
    "invitation": "You are invited",
    "security_notice": "{{ what }}",
}


@cache
def _shipped() -> tuple[ImmutableSandboxedEnvironment, ImmutableSandboxedEnvironment]:
    """The environments of the templates shipped in the package: plain text, and HTML
    (escaped). Sandboxed like a tenant's own, with undefined names refused."""
    loader = PackageLoader("olympus.auth", "templates")
    return (
        ImmutableSandboxedEnvironment(
            loader=loader, autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True
        ),
        ImmutableSandboxedEnvironment(
            loader=loader, autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True
        ),
    )


@dataclass(frozen=True)
class EmailTemplate:
    """A tenant's own subject and bodies of one kind of message (each optional)."""

    subject: str | None = None
    text: str | None = None
    html: str | None = None


def compose(
    kind: str, *, to: str, values: dict[str, Any], override: EmailTemplate | None = None
) -> OutgoingEmail:
    """The message of `kind` to `to`, plain text and HTML, from the shipped templates or the
    tenant's override of each part. Overrides were checked when stored; should one still
    fail (a variable withdrawn since), the shipped template stands in and it is logged."""
    override = override or EmailTemplate()
    text_env, html_env = _shipped()
    subject = _render(override.subject, values, html=False, kind=kind) or templating.render(
        SUBJECTS[kind], values
    )
    text = _render(override.text, values, html=False, kind=kind) or text_env.get_template(
        f"{kind}.txt"
    ).render(values)
    with_subject = {**values, "subject": subject}
    html = _render(override.html, with_subject, html=True, kind=kind) or html_env.get_template(
        f"{kind}.html"
    ).render(with_subject)
    return OutgoingEmail(to=to, subject=" ".join(subject.split())[:200], body=text, html=html)


def _render(source: str | None, values: dict[str, Any], *, html: bool, kind: str) -> str | None:
    if not source:
        return None
    try:
        return templating.render(source, values, html=html)
    except Exception:
        log.exception("email_template_failed", kind=kind)
        return None


def token_link(base_url: str, path: str, token: str) -> str:
    """`<base_url><path>?token=<token>`; the token is URL-safe already."""
    return f"{base_url.rstrip('/')}/{path.lstrip('/')}?token={quote(token, safe='.-_~')}"
