"""Access tokens (JWT, `typ: at+jwt`), refresh and single-use tokens (opaque, hashed)."""

import base64
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from olympus.auth.errors import InvalidToken
from olympus.config import Settings
from olympus.core.clock import Clock
from olympus.core.ids import uuid7
from olympus.core.sealing import derived_key as derived_key  # its home now; re-exported

ACCESS_TOKEN_TYPE = "at+jwt"
_FORBIDDEN_HEADERS = {"jku", "jwk", "x5u", "x5c", "crit"}
# Access tokens verified lately, by their exact text: a client sends the same token with
# every request of its life, so the signature and the claims are checked once, not each
# time. Bounded; the expiry is still judged on every use.
VERIFIED_TOKENS_KEPT = 4096


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    tenant_id: uuid.UUID
    session_id: uuid.UUID
    expires_at: int
    jti: str
    # How the session signed in (RFC 8176): ("pwd",), ("pwd", "otp")
    amr: tuple[str, ...] = ("pwd",)
    # "mfa_enrolment": the session may only enrol a second factor (tenant policy)
    scope: str | None = None


def _read_pem(value: str) -> bytes:
    if "-----BEGIN" in value:
        return value.encode()
    return Path(value).read_bytes()


class TokenSigner:
    """Signs and verifies access tokens with one pinned algorithm: HS256 with JWT_SECRET, or
    EdDSA (Ed25519) when a key pair is configured, with its public key served as a JWKS."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.clock = clock
        self.issuer = settings.jwt_issuer
        self.audience = settings.jwt_audience
        self.ttl = settings.access_token_ttl_seconds
        self.kid: str | None
        self._sign_key: Any
        self._verify_key: Any
        self._public: Ed25519PublicKey | None = None
        if settings.uses_eddsa:
            private = serialization.load_pem_private_key(
                _read_pem(settings.jwt_private_key), password=None
            )
            if not isinstance(private, Ed25519PrivateKey):
                raise ValueError("JWT_PRIVATE_KEY must be an Ed25519 private key")
            if settings.jwt_public_key:
                public = serialization.load_pem_public_key(_read_pem(settings.jwt_public_key))
                if not isinstance(public, Ed25519PublicKey):
                    raise ValueError("JWT_PUBLIC_KEY must be an Ed25519 public key")
            else:
                public = private.public_key()
            self.algorithm = "EdDSA"
            self._sign_key, self._verify_key, self._public = private, public, public
            self.kid = settings.jwt_key_id or _thumbprint(public)
        else:
            self.algorithm = "HS256"
            self._sign_key = self._verify_key = settings.signing_secret
            self.kid = None
        self._verified: dict[str, AccessClaims] = {}

    def issue(
        self,
        *,
        user_id: uuid.UUID,
        tenant_id: uuid.UUID,
        session_id: uuid.UUID,
        amr: str = "pwd",
        scope: str | None = None,
    ) -> str:
        """An access token; `amr` as the session stores it (space-separated methods)."""
        now = int(self.clock.timestamp())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": str(user_id),
            "tid": str(tenant_id),
            "sid": str(session_id),
            "iat": now,
            "exp": now + self.ttl,
            "jti": str(uuid7()),
            "amr": amr.split(),
        }
        if scope:
            claims["scope"] = scope
        headers: dict[str, Any] = {"typ": ACCESS_TOKEN_TYPE}
        if self.kid:
            headers["kid"] = self.kid
        return jwt.encode(claims, self._sign_key, algorithm=self.algorithm, headers=headers)

    def verify(self, token: str) -> AccessClaims:
        """Every failure is `InvalidToken` (401); nothing about the token is fetched. A token
        seen verified before (the very same text, so the very same signature) skips the
        parse and the signature check, never the expiry."""
        claims = self._verified.get(token)
        if claims is None:
            claims = self._verify_signed(token)
            if len(self._verified) >= VERIFIED_TOKENS_KEPT:
                del self._verified[next(iter(self._verified))]  # the oldest first
            self._verified[token] = claims
        if claims.expires_at <= self.clock.timestamp():
            raise InvalidToken("The access token has expired")
        return claims

    def _verify_signed(self, token: str) -> AccessClaims:
        try:
            # One parse: the signature (algorithm pinned), `aud` and `iss` are checked here,
            # the header's claims about itself right after, before anything is trusted.
            decoded = jwt.api_jwt.decode_complete(
                token,
                self._verify_key,
                algorithms=[self.algorithm],
                audience=self.audience,
                issuer=self.issuer,
                leeway=0,
                options={
                    "require": ["exp", "iat", "iss", "aud", "sub", "tid", "sid", "jti"],
                    # Time is judged below by the injectable clock, not the library's.
                    "verify_exp": False,
                    "verify_iat": False,
                },
            )
            _check_header(decoded["header"], self.algorithm, self.kid)
            claims = decoded["payload"]
            exp = _numeric_date(claims["exp"])
            if exp <= self.clock.timestamp():
                raise jwt.ExpiredSignatureError("expired")
            return AccessClaims(
                user_id=_uuid_claim(claims["sub"]),
                tenant_id=_uuid_claim(claims["tid"]),
                session_id=_uuid_claim(claims["sid"]),
                expires_at=exp,
                jti=str(claims["jti"]),
                amr=_amr_claim(claims.get("amr", ["pwd"])),
                scope=_optional_str(claims.get("scope")),
            )
        except jwt.ExpiredSignatureError as exc:
            raise InvalidToken("The access token has expired") from exc
        # OverflowError: an `exp` of Infinity (JSON parsers accept it) has no integer value.
        except (jwt.PyJWTError, ValueError, TypeError, KeyError, OverflowError) as exc:
            raise InvalidToken("The access token is not valid") from exc

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        if self._public is None:
            return {"keys": []}
        raw = self._public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {
            "keys": [
                {
                    "kty": "OKP",
                    "crv": "Ed25519",
                    "x": _b64(raw),
                    "kid": self.kid or "",
                    "alg": "EdDSA",
                    "use": "sig",
                }
            ]
        }


def _numeric_date(value: object) -> int:
    """RFC 7519 NumericDate: a JSON number, never a string that looks like one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("expected a JSON number")
    return int(value)


def _amr_claim(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("amr must be a list of strings")
    return tuple(value)


def _optional_str(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValueError("expected a string")
    return value


def _uuid_claim(value: object) -> uuid.UUID:
    """A claim that must hold a UUID string; any other JSON type is a `ValueError`."""
    if not isinstance(value, str):
        raise ValueError("expected a UUID string")
    return uuid.UUID(value)


def _check_header(header: dict[str, Any], algorithm: str, kid: str | None) -> None:
    if header.get("typ") != ACCESS_TOKEN_TYPE:
        raise InvalidToken("This is not an access token")
    if header.get("alg") != algorithm:
        raise InvalidToken("The token is signed with an algorithm this service does not use")
    if _FORBIDDEN_HEADERS & header.keys():
        raise InvalidToken("The token carries key headers this service never honours")
    token_kid = header.get("kid")
    if token_kid is not None and (not isinstance(token_kid, str) or token_kid != kid):
        raise InvalidToken("The token names an unknown key")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _thumbprint(public: Ed25519PublicKey) -> str:
    """RFC 7638 thumbprint of the key: a stable `kid`."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    canonical = f'{{"crv":"Ed25519","kty":"OKP","x":"{_b64(raw)}"}}'.encode()
    return _b64(hashlib.sha256(canonical).digest())


def new_opaque_token(tenant_id: uuid.UUID) -> str:
    """An opaque token: the tenant it belongs to (so it can be looked up under row-level
    security) and 256 random bits."""
    return f"{tenant_id.hex}.{secrets.token_urlsafe(32)}"


def parse_opaque_token(token: str) -> tuple[uuid.UUID, str] | None:
    """The tenant and the hash of an opaque token, or None if it is not one of ours."""
    tenant_hex, _, secret = token.partition(".")
    if len(tenant_hex) != 32 or len(secret) < 43 or len(token) > 200:
        return None
    try:
        tenant_id = uuid.UUID(hex=tenant_hex)
    except ValueError:
        return None
    return tenant_id, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
