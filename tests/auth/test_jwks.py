"""Asymmetric access tokens: with an Ed25519 key pair configured, tokens are EdDSA-signed with
a `kid`, the public key is served as a JWKS, and nothing signed otherwise is accepted. Under
HS256 (the default) the JWKS is empty."""

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI

from tests.fixtures.accounts import PASSWORD, TenantInfo
from tests.fixtures.apps import TEST_SECRET, Backend, MovableClock, make_settings, running_app
from tests.fixtures.problems import assert_problem


def _private_pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _public_pem(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


class EdDSAApp:
    def __init__(self, application: FastAPI, client: httpx.AsyncClient, key: Ed25519PrivateKey):
        self.app = application
        self.client = client
        self.key = key


@pytest.fixture
async def eddsa(backend: Backend, clock: MovableClock, tmp_path: Path) -> AsyncIterator[EdDSAApp]:
    key = Ed25519PrivateKey.generate()
    settings = make_settings(backend, tmp_path, jwt_private_key=_private_pem(key))
    async with running_app(settings, clock) as application:
        transport = httpx.ASGITransport(app=application, client=("203.0.113.60", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield EdDSAApp(application, client, key)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _hs256(claims: dict[str, Any], secret: bytes, header: dict[str, Any]) -> str:
    """An HS256 JWT signed by hand (PyJWT rightly refuses a PEM key as an HMAC secret)."""
    signing_input = ".".join(
        _b64(json.dumps(part).encode()) for part in ({**header, "alg": "HS256"}, claims)
    )
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


async def _sign_in(client: httpx.AsyncClient, tenant: TenantInfo) -> dict[str, Any]:
    email = f"ed-{uuid.uuid4().hex[:8]}@example.com"
    credentials = {"tenant": tenant.slug, "email": email, "password": PASSWORD}
    r = await client.post("/api/v1/auth/register", json=credentials)
    assert r.status_code == 201, r.text
    r = await client.post("/api/v1/auth/login", json=credentials)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def test_tokens_are_eddsa_and_verify_with_the_published_key(
    eddsa: EdDSAApp, tenant: TenantInfo
) -> None:
    login = await _sign_in(eddsa.client, tenant)
    token = login["access_token"]

    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA"
    assert header["typ"] == "at+jwt"
    assert isinstance(header["kid"], str) and header["kid"]

    r = await eddsa.client.get("/.well-known/jwks.json")
    assert r.status_code == 200
    keys = r.json()["keys"]
    assert len(keys) == 1
    jwk = keys[0]
    assert jwk["kty"] == "OKP"
    assert jwk["crv"] == "Ed25519"
    assert jwk["kid"] == header["kid"]
    assert jwk["alg"] == "EdDSA"
    assert "d" not in jwk  # never the private part

    # The published key verifies the token, and it is the key pair's public half.
    published = jwt.PyJWK(jwk).key
    settings = eddsa.app.state.settings
    claims = jwt.decode(
        token,
        published,
        algorithms=["EdDSA"],
        audience=settings.jwt_audience,
        issuer=settings.jwt_issuer,
        # The service's clock (moved forward by other tests) judges time, not this process's.
        options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
    )
    assert claims["sub"] == login["user"]["id"]
    assert claims["tid"] == str(tenant.id)
    assert published.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ) == _public_pem(eddsa.key)
    # ...and the service accepts it.
    me = await eddsa.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200, me.text


async def test_hs256_tokens_are_refused_under_eddsa(
    eddsa: EdDSAApp, tenant: TenantInfo, client: httpx.AsyncClient
) -> None:
    login = await _sign_in(eddsa.client, tenant)
    genuine = jwt.decode(login["access_token"], options={"verify_signature": False})
    header = jwt.get_unverified_header(login["access_token"])
    claims = dict(genuine)  # times from the service's clock, which tests move
    public_pem = _public_pem(eddsa.key)
    # The classic confusion: the public key (which anyone can fetch) used as an HMAC secret.
    raw_public = eddsa.key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    keys = [TEST_SECRET.encode(), b"x" * 32, public_pem, raw_public]
    forged = [
        _hs256(claims, key, {"typ": "at+jwt", **extra})
        for key in keys
        for extra in ({}, {"kid": header["kid"]})
    ]
    # EdDSA, naming the service's kid, but signed by another key: refused as well.
    tampered = jwt.encode(
        {**claims, "sub": str(uuid.uuid4())},
        Ed25519PrivateKey.generate(),
        algorithm="EdDSA",
        headers={"typ": "at+jwt", "kid": header["kid"]},
    )
    for token in [*forged, tampered]:
        r = await eddsa.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert_problem(r, 401, "invalid_token")
        assert r.headers["www-authenticate"] == "Bearer"
    # Control: the forgery with the shared secret is well-formed; the HS256 app (same database)
    # takes it, so the EdDSA app refused it for its algorithm alone.
    r = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {forged[0]}"})
    assert r.status_code == 200, r.text


async def test_jwks_is_empty_under_hs256(client: httpx.AsyncClient) -> None:
    r = await client.get("/.well-known/jwks.json")

    assert r.status_code == 200
    assert r.json() == {"keys": []}


async def test_key_id_can_be_configured(
    backend: Backend, clock: MovableClock, tmp_path: Path, tenant: TenantInfo
) -> None:
    key = Ed25519PrivateKey.generate()
    settings = make_settings(
        backend, tmp_path, jwt_private_key=_private_pem(key), jwt_key_id="2026-key-1"
    )
    async with running_app(settings, clock) as application:
        transport = httpx.ASGITransport(app=application, client=("203.0.113.61", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            login = await _sign_in(client, tenant)
            assert jwt.get_unverified_header(login["access_token"])["kid"] == "2026-key-1"
            jwks = (await client.get("/.well-known/jwks.json")).json()
            assert [k["kid"] for k in jwks["keys"]] == ["2026-key-1"]
