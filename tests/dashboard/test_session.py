"""The dashboard's page and session API: the page's headers and CSRF token, sign-in with and
without a second factor into an HttpOnly cookie, refresh by the cookie, sign-out, a refused
refresh that deletes the cookie, and the refusals (another origin, no or a wrong CSRF token,
bad input, another tenant)."""

import re
from http.cookies import SimpleCookie
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from olympus.dashboard import service
from tests.auth.test_mfa import code_now, enrol
from tests.fixtures.accounts import Account, TenantInfo
from tests.fixtures.apps import MovableClock
from tests.fixtures.problems import assert_problem

PAGE = "/dashboard/"
SESSION = "/dashboard/session"
REFRESH = "/dashboard/session/refresh"
ORIGIN = "http://testserver"
ME = "/api/v1/auth/me"


def _cookies(response: httpx.Response) -> dict[str, Any]:
    """name → the cookie's morsel, from every Set-Cookie of the response."""
    found: dict[str, Any] = {}
    for header in response.headers.get_list("set-cookie"):
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        found.update(jar)
    return found


class Page:
    """The page as a browser holds it: its CSRF token and the cookies of the session path
    (kept by hand: the test client does not send Secure cookies over plain http)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.token = ""
        self.jar: dict[str, str] = {}

    async def load(self) -> httpx.Response:
        r = await self.client.get(PAGE)
        if r.status_code == 200:
            match = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)"', r.text)
            assert match, r.text[:500]
            self.token = match.group(1)
        for name, morsel in _cookies(r).items():
            self.jar[name] = morsel.value
        return r

    def headers(self, **extra: str) -> dict[str, str]:
        headers = {"Origin": ORIGIN, "X-CSRF-Token": self.token}
        if self.jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items() if v)
        headers.update(extra)
        return headers

    async def call(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        headers = kwargs.pop("headers", None) or self.headers()
        r = await self.client.request(method, url, headers=headers, **kwargs)
        for name, morsel in _cookies(r).items():
            self.jar[name] = morsel.value
        return r


@pytest.fixture
async def page(client: httpx.AsyncClient) -> Page:
    if not (service.ASSETS / "index.html").is_file():
        pytest.skip("the dashboard is not built (make dashboard)")
    loaded = Page(client)
    r = await loaded.load()
    assert r.status_code == 200, r.text
    return loaded


def _signin(tenant: TenantInfo) -> dict[str, str]:
    return {"tenant": tenant.slug, "email": tenant.owner_email, "password": tenant.owner_password}


async def test_the_page_has_a_strict_policy_and_no_inline_script(
    client: httpx.AsyncClient,
) -> None:
    if not (service.ASSETS / "index.html").is_file():
        pytest.skip("the dashboard is not built (make dashboard)")
    r = await client.get("/dashboard", follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == PAGE
    r = await client.get(PAGE)
    assert r.status_code == 200
    policy = r.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["cache-control"] == "no-store"
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", r.text, flags=re.S)
    assert scripts and all(body.strip() == "" for body in scripts)  # every script has a src
    assert "__CSRF_TOKEN__" not in r.text
    nonce = _cookies(r)[service.NONCE_COOKIE]
    assert nonce["httponly"] and nonce["secure"]
    assert nonce["samesite"].lower() == "strict" and nonce["path"] == SESSION
    asset = re.search(r'src="(/dashboard/assets/[^"]+\.js)"', r.text)
    assert asset
    js = await client.get(asset.group(1))
    assert js.status_code == 200 and len(js.content) > 10_000


async def test_sign_in_sets_the_refresh_cookie_and_answers_the_access_token(
    page: Page, tenant: TenantInfo
) -> None:
    r = await page.call("POST", SESSION, json=_signin(tenant))
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "refresh_expires_in"}
    cookie = _cookies(r)[service.REFRESH_COOKIE]
    assert cookie["httponly"] and cookie["secure"]
    assert cookie["samesite"].lower() == "strict" and cookie["path"] == SESSION
    assert int(cookie["max-age"]) == body["refresh_expires_in"] > 0
    me = await page.client.get(ME, headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200 and me.json()["email"] == tenant.owner_email

    # A reload: the cookie gives a new access token, and a new refresh token.
    first = page.jar[service.REFRESH_COOKIE]
    r = await page.call("POST", REFRESH)
    assert r.status_code == 200, r.text
    assert page.jar[service.REFRESH_COOKIE] != first
    # The spent one again is a reuse: the whole session ends.
    stale = page.headers(Cookie=f"{service.NONCE_COOKIE}={page.jar[service.NONCE_COOKIE]}; "
                         f"{service.REFRESH_COOKIE}={first}")  # fmt: skip
    r = await page.call("POST", REFRESH, headers=stale)
    assert_problem(r, 401, "token_reused")


async def test_sign_out_ends_the_session_and_clears_the_cookie(
    page: Page, tenant: TenantInfo
) -> None:
    r = await page.call("POST", SESSION, json=_signin(tenant))
    access = r.json()["access_token"]
    refresh = page.jar[service.REFRESH_COOKIE]
    r = await page.call("DELETE", SESSION, headers=page.headers(Authorization=f"Bearer {access}"))
    assert r.status_code == 204, r.text
    cleared = _cookies(r)[service.REFRESH_COOKIE]
    assert cleared.value == "" and int(cleared["max-age"]) == 0
    assert (
        await page.client.get(ME, headers={"Authorization": f"Bearer {access}"})
    ).status_code == 401
    again = page.headers(Cookie=f"{service.NONCE_COOKIE}={page.jar[service.NONCE_COOKIE]}; "
                         f"{service.REFRESH_COOKIE}={refresh}")  # fmt: skip
    r = await page.call("POST", REFRESH, headers=again)
    assert r.status_code == 401
    # Without a bearer token, the cookie names the session to end.
    await page.call("POST", SESSION, json=_signin(tenant))
    refresh = page.jar[service.REFRESH_COOKIE]
    assert (await page.call("DELETE", SESSION)).status_code == 204
    again = page.headers(Cookie=f"{service.NONCE_COOKIE}={page.jar[service.NONCE_COOKIE]}; "
                         f"{service.REFRESH_COOKIE}={refresh}")  # fmt: skip
    assert (await page.call("POST", REFRESH, headers=again)).status_code == 401


def _assert_deleted(response: httpx.Response) -> None:
    """The response deletes the refresh cookie: empty, expired, with the attributes it was
    set with (a browser deletes a cookie only when its name, path and domain match)."""
    cleared = _cookies(response)[service.REFRESH_COOKIE]
    assert cleared.value == "" and int(cleared["max-age"]) == 0
    assert cleared["path"] == SESSION and not cleared["domain"]
    assert cleared["httponly"] and cleared["secure"]
    assert cleared["samesite"].lower() == "strict"


async def test_a_refused_refresh_deletes_the_cookie(
    page: Page, tenant: TenantInfo, clock: MovableClock
) -> None:
    """A cookie whose session can't go on (revoked, spent, expired, not a token at all) is
    refused with 401 and deleted in the same answer: the page's next load signs in afresh
    instead of sending the dead token again."""
    # Revoked: the session ended elsewhere (here: the API's own sign-out).
    r = await page.call("POST", SESSION, json=_signin(tenant))
    access = r.json()["access_token"]
    r = await page.client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {access}"})
    assert r.status_code == 204, r.text
    r = await page.call("POST", REFRESH)
    assert_problem(r, 401, "token_revoked")
    _assert_deleted(r)
    assert page.jar[service.REFRESH_COOKIE] == ""
    # With the cookie gone, the next refresh has nothing to send.
    r = await page.call("POST", REFRESH)
    assert_problem(r, 401, "dashboard_session_missing")

    # Spent: a refresh token sent a second time (a stolen copy) ends the session.
    await page.call("POST", SESSION, json=_signin(tenant))
    first = page.jar[service.REFRESH_COOKIE]
    assert (await page.call("POST", REFRESH)).status_code == 200
    stale = page.headers(Cookie=f"{service.NONCE_COOKIE}={page.jar[service.NONCE_COOKIE]}; "
                         f"{service.REFRESH_COOKIE}={first}")  # fmt: skip
    r = await page.call("POST", REFRESH, headers=stale)
    assert_problem(r, 401, "token_reused")
    _assert_deleted(r)

    # Expired: past the session's whole life.
    await page.call("POST", SESSION, json=_signin(tenant))
    clock.advance(days=31)
    try:
        r = await page.call("POST", REFRESH)
    finally:
        clock.advance(days=-31)
    assert_problem(r, 401, "session_expired")
    _assert_deleted(r)

    # Not a refresh token at all.
    garbage = page.headers(Cookie=f"{service.NONCE_COOKIE}={page.jar[service.NONCE_COOKIE]}; "
                           f"{service.REFRESH_COOKIE}=not-a-token")  # fmt: skip
    r = await page.call("POST", REFRESH, headers=garbage)
    assert_problem(r, 401, "invalid_token")
    _assert_deleted(r)


async def test_sign_in_with_a_second_factor(
    page: Page, account: Account, client: httpx.AsyncClient, clock: MovableClock
) -> None:
    secret = (await enrol(client, account, clock))["secret"]
    signin = {"tenant": account.tenant_slug, "email": account.email, "password": account.password}
    r = await page.call("POST", SESSION, json=signin)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["mfa_required"] is True and "access_token" not in body
    assert service.REFRESH_COOKIE not in _cookies(r)
    r = await page.call("POST", SESSION, json={"mfa_token": body["mfa_token"], "code": "000000"})
    assert_problem(r, 401, "invalid_mfa_code")
    code = code_now(secret, clock)
    r = await page.call("POST", SESSION, json={"mfa_token": body["mfa_token"], "code": code})
    assert r.status_code == 200, r.text
    assert "access_token" in r.json()
    assert _cookies(r)[service.REFRESH_COOKIE]["httponly"]


async def test_refuses_other_origins_and_missing_or_wrong_tokens(
    page: Page, tenant: TenantInfo
) -> None:
    body = _signin(tenant)
    cases = [
        page.headers(Origin="https://evil.example"),
        {k: v for k, v in page.headers().items() if k != "Origin"},
        page.headers(**{"X-CSRF-Token": "0" * 64}),
        {k: v for k, v in page.headers().items() if k != "X-CSRF-Token"},
        page.headers(Cookie=""),  # no nonce cookie
    ]
    for headers in cases:
        for method, url in (("POST", SESSION), ("POST", REFRESH), ("DELETE", SESSION)):
            r = await page.client.request(
                method, url, json=body if method == "POST" else None, headers=headers
            )
            assert_problem(r, 403, "csrf_rejected")
            assert service.REFRESH_COOKIE not in _cookies(r)


async def test_refuses_bad_input_wrong_credentials_and_no_cookie(
    page: Page, tenant: TenantInfo, make_tenant: Any
) -> None:
    for bad in ({}, {"tenant": tenant.slug}, {**_signin(tenant), "extra": 1}, {"code": "1"}):
        r = await page.call("POST", SESSION, json=bad)
        assert_problem(r, 422, "validation_error")
    r = await page.call("POST", SESSION, json={**_signin(tenant), "password": "x" * 14})
    assert_problem(r, 401, "invalid_credentials")
    # The owner's email and password in another tenant: no such account there.
    other = await make_tenant()
    r = await page.call("POST", SESSION, json={**_signin(tenant), "tenant": other.slug})
    assert_problem(r, 401, "invalid_credentials")
    r = await page.call("POST", REFRESH)
    assert_problem(r, 401, "dashboard_session_missing")


async def test_the_session_api_is_in_the_schema(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    assert {"post", "delete"} <= set(paths[SESSION])
    assert "403" in paths[SESSION]["post"]["responses"]
    assert "/dashboard/" not in paths
