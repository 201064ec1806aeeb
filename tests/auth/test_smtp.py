"""Real SMTP delivery: `SmtpMailer` against an aiosmtpd server on loopback, and an app whose
`SMTP_URL` points at it sending the verification email of a registration."""

import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from aiosmtpd.controller import Controller

from olympus.auth import totp
from olympus.auth.email import OutgoingEmail, SmtpMailer
from tests.fixtures.accounts import PASSWORD, TenantInfo
from tests.fixtures.apps import Backend, MovableClock, make_settings, running_app

SENDER = "Olympus Core <no-reply@olympus.local>"


@dataclass
class Received:
    envelope_from: str
    envelope_to: list[str]
    message: EmailMessage


@dataclass
class CollectingHandler:
    """An aiosmtpd handler that keeps every message it accepts."""

    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    port: int
    handler: CollectingHandler

    @property
    def received(self) -> list[Received]:
        return self.handler.received


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield SmtpServer(controller.port, handler)
    finally:
        controller.stop()


def _token_in(body: str) -> str:
    for line in body.splitlines():
        line = line.strip()
        if "." in line and " " not in line and len(line) > 60:
            return line
    raise AssertionError(f"no token in {body!r}")


@pytest.mark.parametrize("starttls", ["", "?starttls=off"])
async def test_smtp_mailer_delivers_a_message(smtp_server: SmtpServer, starttls: str) -> None:
    mailer = SmtpMailer(f"smtp://127.0.0.1:{smtp_server.port}{starttls}", SENDER)

    await mailer.send(
        OutgoingEmail(to="ada@example.com", subject="Hello there", body="First line\nSecond line")
    )

    assert len(smtp_server.received) == 1
    got = smtp_server.received[0]
    assert got.envelope_from == "no-reply@olympus.local"
    assert got.envelope_to == ["ada@example.com"]
    assert got.message["To"] == "ada@example.com"
    assert got.message["From"] == SENDER
    assert got.message["Subject"] == "Hello there"
    assert got.message.get_content().splitlines() == ["First line", "Second line"]


async def test_smtp_mailer_fails_loudly_when_nobody_listens() -> None:
    mailer = SmtpMailer(f"smtp://127.0.0.1:{_free_port()}", SENDER)

    with pytest.raises(OSError):
        await mailer.send(OutgoingEmail(to="ada@example.com", subject="s", body="b"))


def test_smtp_url_is_parsed() -> None:
    mailer = SmtpMailer("smtps://us%40er:p%3Ass@mail.example.com?starttls=required", SENDER)
    assert (mailer.host, mailer.port, mailer.implicit_tls) == ("mail.example.com", 465, True)
    assert (mailer.username, mailer.password) == ("us@er", "p:ss")
    assert SmtpMailer("smtp://mail.example.com", SENDER).port == 25
    assert SmtpMailer("smtp://h:2525?starttls=off", SENDER).start_tls is False
    assert SmtpMailer("smtp://h:2525", SENDER).start_tls is None
    with pytest.raises(ValueError, match="smtp://"):
        SmtpMailer("http://mail.example.com", SENDER)


async def test_registration_sends_the_verification_email_over_smtp(
    smtp_server: SmtpServer,
    backend: Backend,
    clock: MovableClock,
    tmp_path: Path,
    tenant: TenantInfo,
) -> None:
    settings = make_settings(
        backend, tmp_path, smtp_url=f"smtp://127.0.0.1:{smtp_server.port}?starttls=off"
    )
    email = f"smtp-{uuid.uuid4().hex[:8]}@example.com"
    async with running_app(settings, clock) as application:
        transport = httpx.ASGITransport(app=application, client=("203.0.113.30", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            r = await client.post(
                "/api/v1/auth/register",
                json={"tenant": tenant.slug, "email": email, "password": PASSWORD},
            )
            assert r.status_code == 201, r.text
            await application.state.auth.drain()

            assert len(smtp_server.received) == 1
            got = smtp_server.received[0]
            assert got.envelope_to == [email]
            assert got.message["To"] == email
            assert got.message["Subject"] == "Verify your email address"
            body = got.message.get_body(preferencelist=("plain",))
            assert body is not None
            token = _token_in(body.get_content())
            # The token that travelled over SMTP is the one that verifies the address.
            r = await client.post("/api/v1/auth/verify-email", json={"token": token})
            assert r.status_code == 200, r.text
            assert r.json()["user"]["email_verified"] is True
    # Nothing went to the development mailbox.
    assert not settings.dev_mailbox_path.exists()


async def test_registration_succeeds_when_the_mail_server_is_down(
    backend: Backend, clock: MovableClock, tmp_path: Path, tenant: TenantInfo
) -> None:
    settings = make_settings(backend, tmp_path, smtp_url=f"smtp://127.0.0.1:{_free_port()}")
    async with running_app(settings, clock) as application:
        transport = httpx.ASGITransport(app=application, client=("203.0.113.31", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            email = f"smtp-{uuid.uuid4().hex[:8]}@example.com"
            r = await client.post(
                "/api/v1/auth/register",
                json={"tenant": tenant.slug, "email": email, "password": PASSWORD},
            )
            await application.state.auth.drain()  # the failed delivery is logged, not raised

            assert r.status_code == 201, r.text
            r = await client.post(
                "/api/v1/auth/login",
                json={"tenant": tenant.slug, "email": email, "password": PASSWORD},
            )
            assert r.status_code == 200, r.text


async def test_sign_up_verify_by_link_and_sign_in_with_totp_over_smtp(
    smtp_server: SmtpServer,
    backend: Backend,
    clock: MovableClock,
    tmp_path: Path,
    tenant: TenantInfo,
) -> None:
    """End to end through the SMTP path: register, follow the emailed link's token, enrol an
    authenticator, sign in with a code."""
    settings = make_settings(
        backend,
        tmp_path,
        smtp_url=f"smtp://127.0.0.1:{smtp_server.port}?starttls=off",
        public_app_url="https://app.example.com",
        email_verify_path="/account/confirm",
    )
    email = f"e2e-{uuid.uuid4().hex[:8]}@example.com"
    async with running_app(settings, clock) as application:
        transport = httpx.ASGITransport(app=application, client=("203.0.113.32", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            r = await client.post(
                "/api/v1/auth/register",
                json={"tenant": tenant.slug, "email": email, "password": PASSWORD},
            )
            assert r.status_code == 201, r.text
            await application.state.auth.drain()

            message = smtp_server.received[-1].message
            assert message.get_content_type() == "multipart/alternative"
            plain = message.get_body(preferencelist=("plain",))
            html = message.get_body(preferencelist=("html",))
            assert plain is not None and html is not None
            links = [
                line.strip()
                for line in plain.get_content().splitlines()
                if line.strip().startswith("https://app.example.com/account/confirm?token=")
            ]
            assert len(links) == 1
            assert f'href="{links[0]}"' in html.get_content()
            token = parse_qs(urlparse(links[0]).query)["token"][0]
            r = await client.post("/api/v1/auth/verify-email", json={"token": token})
            assert r.status_code == 200, r.text

            login = {"tenant": tenant.slug, "email": email, "password": PASSWORD}
            r = await client.post("/api/v1/auth/login", json=login)
            headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
            secret = (await client.post("/api/v1/auth/mfa/totp/setup", headers=headers)).json()[
                "secret"
            ]
            r = await client.post(
                "/api/v1/auth/mfa/totp/confirm",
                headers=headers,
                json={"code": totp.code_at(secret, clock.now())},
            )
            assert r.status_code == 200, r.text
            await application.state.auth.drain()
            assert smtp_server.received[-1].message["Subject"] == "Two-step sign-in was turned on"
            clock.advance(seconds=totp.STEP_SECONDS)

            r = await client.post("/api/v1/auth/login", json=login)
            assert r.json()["mfa_required"] is True
            r = await client.post(
                "/api/v1/auth/mfa/verify",
                json={
                    "mfa_token": r.json()["mfa_token"],
                    "code": totp.code_at(secret, clock.now()),
                },
            )
            assert r.status_code == 200, r.text
            r = await client.get(
                "/api/v1/auth/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
            )
            assert r.json()["email"] == email
