"""The walk-through of the README: register, login, me, refresh, logout."""

import httpx

from tests.fixtures.accounts import Account
from tests.fixtures.problems import assert_problem


async def test_register_login_me_refresh_logout(
    client: httpx.AsyncClient, account: Account
) -> None:
    r = await client.get("/api/v1/auth/me", headers=account.headers)
    assert r.status_code == 200
    me = r.json()
    assert me["email"] == account.email
    assert me["roles"] == ["customer"]
    assert me["tenant"]["slug"] == account.tenant_slug

    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    assert r.status_code == 200
    pair = r.json()
    assert pair["refresh_token"] != account.refresh_token

    r = await client.post(
        "/api/v1/auth/logout", headers={"Authorization": f"Bearer {pair['access_token']}"}
    )
    assert r.status_code == 204
    r = await client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {pair['access_token']}"}
    )
    assert_problem(r, 401, "token_revoked")
