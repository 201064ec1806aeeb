"""Access tokens: what they carry, and every way a forged, stale or misplaced token is refused
(401 with `WWW-Authenticate: Bearer`, never a 5xx)."""

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.fixtures.accounts import Account
from tests.fixtures.apps import TEST_SECRET, MovableClock
from tests.fixtures.messages import Mailbox
from tests.fixtures.problems import assert_problem

ME = "/api/v1/auth/me"
ACCESS_TTL = 900


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def forge(header: dict[str, Any], claims: dict[str, Any], key: str = TEST_SECRET) -> str:
    """A JWS built by hand, so headers PyJWT would refuse to write can be sent too. Signed
    with HMAC-SHA256 unless the header says `alg: none`."""
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    if header.get("alg") == "none":
        return signing_input + "."
    signature = hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


def claims_of(account: Account) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(account.access_token, options={"verify_signature": False})
    return claims


def header_of(account: Account) -> dict[str, Any]:
    return jwt.get_unverified_header(account.access_token)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_refused(response: httpx.Response, code: str = "invalid_token") -> None:
    assert_problem(response, 401, code)
    assert response.headers["www-authenticate"] == "Bearer"


async def test_access_token_carries_the_contract_claims(
    client: httpx.AsyncClient, account: Account
) -> None:
    header = header_of(account)
    assert header == {"alg": "HS256", "typ": "at+jwt"}
    claims = jwt.decode(
        account.access_token,
        TEST_SECRET,
        algorithms=["HS256"],
        audience="olympus-api",
        issuer="olympus-core",
        options={"verify_exp": False, "verify_iat": False},
    )
    assert set(claims) == {"sub", "tid", "sid", "iss", "aud", "iat", "exp", "jti", "amr"}
    assert claims["amr"] == ["pwd"]  # RFC 8176: signed in with a password alone
    assert claims["sub"] == account.user_id
    assert claims["tid"] == str(account.tenant_id)
    assert uuid.UUID(claims["sid"])
    assert claims["exp"] - claims["iat"] == ACCESS_TTL
    assert uuid.UUID(claims["jti"])


async def test_every_token_has_its_own_jti(client: httpx.AsyncClient, account: Account) -> None:
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    assert r.status_code == 200
    assert (
        jwt.decode(r.json()["access_token"], options={"verify_signature": False})["jti"]
        != claims_of(account)["jti"]
    )


async def test_a_hand_signed_copy_of_a_real_token_is_accepted(
    client: httpx.AsyncClient, account: Account
) -> None:
    """The control for the forgeries below: `forge` writes tokens the server accepts, so each
    refusal is caused by the one defect under test."""
    token = forge(header_of(account), claims_of(account))
    r = await client.get(ME, headers=bearer(token))
    assert r.status_code == 200, r.text
    assert r.json()["id"] == account.user_id


def _tampered_payload(account: Account) -> str:
    header, _, signature = account.access_token.split(".")
    claims = claims_of(account) | {"sub": str(uuid.uuid4())}
    return f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"


def _tampered_signature(account: Account) -> str:
    head, _, signature = account.access_token.rpartition(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return f"{head}.{flipped}"


def _eddsa_signed(account: Account) -> str:
    key = Ed25519PrivateKey.generate()
    return jwt.encode(claims_of(account), key, algorithm="EdDSA", headers={"typ": "at+jwt"})


Forgery = Callable[[Account], str]

FORGERIES: dict[str, Forgery] = {
    "tampered payload": _tampered_payload,
    "tampered signature": _tampered_signature,
    "signature stripped": lambda a: a.access_token.rpartition(".")[0] + ".",
    "alg none": lambda a: forge({"alg": "none", "typ": "at+jwt"}, claims_of(a)),
    "alg None capitalised": lambda a: forge({"alg": "None", "typ": "at+jwt"}, claims_of(a)),
    "wrong key": lambda a: forge(header_of(a), claims_of(a), key="another-secret-" + "y" * 40),
    "empty key": lambda a: forge(header_of(a), claims_of(a), key=""),
    "HS384 with the right secret": lambda a: jwt.encode(
        claims_of(a), TEST_SECRET, algorithm="HS384", headers={"typ": "at+jwt"}
    ),
    "EdDSA with a stranger's key": _eddsa_signed,
    "wrong aud": lambda a: forge(header_of(a), claims_of(a) | {"aud": "someone-else"}),
    "aud as a list without ours": lambda a: forge(
        header_of(a), claims_of(a) | {"aud": ["other-api"]}
    ),
    "wrong iss": lambda a: forge(header_of(a), claims_of(a) | {"iss": "evil-issuer"}),
    "no typ": lambda a: forge({"alg": "HS256"}, claims_of(a)),
    "typ JWT": lambda a: forge({"alg": "HS256", "typ": "JWT"}, claims_of(a)),
    "typ refresh": lambda a: forge({"alg": "HS256", "typ": "refresh+jwt"}, claims_of(a)),
    "kid a number": lambda a: forge(header_of(a) | {"kid": 7}, claims_of(a)),
    "kid an object": lambda a: forge(header_of(a) | {"kid": {"k": "v"}}, claims_of(a)),
    "kid unknown": lambda a: forge(header_of(a) | {"kid": "some-other-key"}, claims_of(a)),
    "kid path traversal": lambda a: forge(
        header_of(a) | {"kid": "../../../../dev/null"}, claims_of(a)
    ),
    "jku header": lambda a: forge(
        header_of(a) | {"jku": "https://attacker.example/jwks.json"}, claims_of(a)
    ),
    "jwk header": lambda a: forge(
        header_of(a) | {"jwk": {"kty": "oct", "k": _b64(b"another-secret-" + b"y" * 40)}},
        claims_of(a),
    ),
    "x5u header": lambda a: forge(
        header_of(a) | {"x5u": "https://attacker.example/cert.pem"}, claims_of(a)
    ),
    "x5c header": lambda a: forge(header_of(a) | {"x5c": ["MIIB"]}, claims_of(a)),
    "crit header": lambda a: forge(header_of(a) | {"crit": ["exp"]}, claims_of(a)),
    "header not an object": lambda a: f"{_b64(b'[1,2]')}.{a.access_token.split('.', 1)[1]}",
    "header not json": lambda a: f"{_b64(b'{nope')}.{a.access_token.split('.', 1)[1]}",
    "payload not an object": lambda a: forge(header_of(a), ["not", "an", "object"]),  # type: ignore[arg-type]
    "two segments": lambda a: a.access_token.rpartition(".")[0],
    "four segments": lambda a: a.access_token + ".AAAA",
    "not base64": lambda a: "%%%.***.!!!",
    "plain garbage": lambda a: "garbage",
    "very long": lambda a: "a" * 6000,
}


@pytest.mark.parametrize("forgery", list(FORGERIES), ids=list(FORGERIES))
async def test_a_forged_or_malformed_token_is_refused(
    client: httpx.AsyncClient, account: Account, forgery: str
) -> None:
    token = FORGERIES[forgery](account)
    r = await client.get(ME, headers=bearer(token))
    assert_refused(r)


CLAIM_DEFECTS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "sub missing": lambda c: {k: v for k, v in c.items() if k != "sub"},
    "tid missing": lambda c: {k: v for k, v in c.items() if k != "tid"},
    "sid missing": lambda c: {k: v for k, v in c.items() if k != "sid"},
    "jti missing": lambda c: {k: v for k, v in c.items() if k != "jti"},
    "exp missing": lambda c: {k: v for k, v in c.items() if k != "exp"},
    "iat missing": lambda c: {k: v for k, v in c.items() if k != "iat"},
    "aud missing": lambda c: {k: v for k, v in c.items() if k != "aud"},
    "iss missing": lambda c: {k: v for k, v in c.items() if k != "iss"},
    "sub not a uuid": lambda c: c | {"sub": "admin"},
    "sub a number": lambda c: c | {"sub": 12345},
    "tid a number": lambda c: c | {"tid": 12345},
    "sid a list": lambda c: c | {"sid": [c["sid"]]},
    "tid null": lambda c: c | {"tid": None},
    "exp a word": lambda c: c | {"exp": "tomorrow"},
    "exp infinite": lambda c: c | {"exp": float("inf")},
    "exp not a number": lambda c: c | {"exp": float("nan")},
    "exp an object": lambda c: c | {"exp": {"at": c["exp"]}},
}


@pytest.mark.parametrize("defect", list(CLAIM_DEFECTS), ids=list(CLAIM_DEFECTS))
async def test_a_correctly_signed_token_with_bad_claims_is_refused(
    client: httpx.AsyncClient, account: Account, defect: str
) -> None:
    """Even whoever holds the key can't get a 5xx out of a token with odd claims."""
    token = forge(header_of(account), CLAIM_DEFECTS[defect](claims_of(account)))
    r = await client.get(ME, headers=bearer(token))
    assert_refused(r)


async def test_a_token_of_a_session_and_user_that_do_not_exist_is_refused(
    client: httpx.AsyncClient, account: Account
) -> None:
    claims = claims_of(account) | {"sub": str(uuid.uuid4()), "sid": str(uuid.uuid4())}
    r = await client.get(ME, headers=bearer(forge(header_of(account), claims)))
    assert r.status_code == 401, r.text
    assert r.headers["www-authenticate"] == "Bearer"


async def test_a_token_lives_fifteen_minutes(
    client: httpx.AsyncClient, account: Account, clock: MovableClock
) -> None:
    clock.advance(seconds=ACCESS_TTL - 2)
    r = await client.get(ME, headers=account.headers)
    assert r.status_code == 200, r.text
    clock.advance(seconds=3)
    r = await client.get(ME, headers=account.headers)
    assert_refused(r)
    assert "expired" in r.json()["detail"]


async def test_an_expired_token_is_refused(
    client: httpx.AsyncClient, account: Account, clock: MovableClock
) -> None:
    clock.advance(seconds=901)
    assert_refused(await client.get(ME, headers=account.headers))
    # A refresh gives a working token again: the session itself is alive.
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    assert r.status_code == 200, r.text
    r = await client.get(ME, headers=bearer(r.json()["access_token"]))
    assert r.status_code == 200


async def test_a_token_whose_exp_precedes_its_iat_is_refused(
    client: httpx.AsyncClient, account: Account
) -> None:
    claims = claims_of(account)
    claims["exp"] = claims["iat"] - 1
    assert_refused(await client.get(ME, headers=bearer(forge(header_of(account), claims))))


async def test_a_refresh_token_is_not_an_access_token(
    client: httpx.AsyncClient, account: Account
) -> None:
    assert_refused(await client.get(ME, headers=bearer(account.refresh_token)))


async def test_an_email_verification_token_is_not_an_access_token(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox
) -> None:
    token = await mailbox.last_token(account.email)
    assert_refused(await client.get(ME, headers=bearer(token)))


async def test_a_token_in_the_query_string_is_refused(
    client: httpx.AsyncClient, account: Account
) -> None:
    r = await client.get(ME, params={"access_token": account.access_token})
    assert_refused(r, "token_in_query")
    # Even alongside a valid header: the token has leaked into a URL and logs.
    r = await client.get(ME, params={"access_token": account.access_token}, headers=account.headers)
    assert_refused(r, "token_in_query")


async def test_no_authorization_header_is_refused(client: httpx.AsyncClient) -> None:
    r = await client.get(ME)
    assert_refused(r, "not_authenticated")


@pytest.mark.parametrize(
    "header",
    [
        "Basic dXNlcjpwYXNz",
        "Token {token}",
        "{token}",
        "Bearer",
        "Bearer ",
        "Bearer{token}",
        "Bearer {token} extra",
    ],
)
async def test_an_authorization_header_that_is_not_bearer_is_refused(
    client: httpx.AsyncClient, account: Account, header: str
) -> None:
    r = await client.get(ME, headers={"Authorization": header.format(token=account.access_token)})
    assert_refused(r)


async def test_the_bearer_scheme_is_case_insensitive(
    client: httpx.AsyncClient, account: Account
) -> None:
    r = await client.get(ME, headers={"Authorization": f"bearer {account.access_token}"})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/auth/logout"),
        ("POST", "/api/v1/auth/logout-all"),
        ("GET", "/api/v1/auth/sessions"),
        ("DELETE", f"/api/v1/auth/sessions/{uuid.uuid4()}"),
        ("POST", "/api/v1/auth/verify-email/resend"),
    ],
)
async def test_every_authenticated_route_refuses_a_forged_token(
    client: httpx.AsyncClient, account: Account, method: str, path: str
) -> None:
    forged = forge(header_of(account), claims_of(account), key="another-secret-" + "y" * 40)
    r = await client.request(method, path, headers=bearer(forged))
    assert_refused(r)
    r = await client.request(method, path)
    assert_refused(r, "not_authenticated")
    # The session the forgery names is untouched.
    assert (await client.get(ME, headers=account.headers)).status_code == 200


async def test_jwks_is_empty_under_hs256(client: httpx.AsyncClient) -> None:
    r = await client.get("/.well-known/jwks.json")
    assert r.status_code == 200
    assert r.json() == {"keys": []}


async def test_a_verified_token_is_remembered_but_its_copies_are_checked_afresh(
    client: httpx.AsyncClient, account: Account
) -> None:
    """Verified tokens are kept by their exact text: once the real one is known, a copy with
    any part changed (claims re-encoded, signature flipped) is verified from scratch."""
    assert (await client.get(ME, headers=account.headers)).status_code == 200
    header, payload, signature = account.access_token.split(".")
    other_claims = _b64(json.dumps(claims_of(account) | {"sub": str(uuid.uuid4())}).encode())
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    for copy in (f"{header}.{other_claims}.{signature}", f"{header}.{payload}.{flipped}"):
        assert_refused(await client.get(ME, headers=bearer(copy)))
    assert (await client.get(ME, headers=account.headers)).status_code == 200


def test_the_memory_of_verified_tokens_is_bounded(clock: MovableClock) -> None:
    from olympus.auth import tokens
    from olympus.config import Settings

    signer = tokens.TokenSigner(Settings(jwt_secret=TEST_SECRET, environment="test"), clock)
    issued = [
        signer.issue(user_id=uuid.uuid4(), tenant_id=uuid.uuid4(), session_id=uuid.uuid4())
        for _ in range(tokens.VERIFIED_TOKENS_KEPT + 10)
    ]
    for token in issued:
        signer.verify(token)
    assert len(signer._verified) == tokens.VERIFIED_TOKENS_KEPT
    assert issued[0] not in signer._verified and issued[-1] in signer._verified
    assert signer.verify(issued[0]).expires_at > clock.timestamp()  # verified again, fine
