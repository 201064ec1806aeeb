"""Shared steps of the platform API tests: signing in, making operators and members with
given roles, reading roles, locations and audit rows."""

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.platform.audit.models import AuditLog
from olympus.platform.rbac.models import RoleGrant
from olympus.platform.tenants import service as tenants
from olympus.platform.users.models import User
from tests.conftest import PASSWORD, MovableClock, TenantInfo

LOGIN = "/api/v1/auth/login"
ME = "/api/v1/auth/me"


@dataclass
class Session:
    """A signed-in user and their tokens."""

    tenant_slug: str
    email: str
    password: str
    user_id: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


async def try_login(
    client: httpx.AsyncClient, tenant_slug: str, email: str, password: str = PASSWORD
) -> httpx.Response:
    return await client.post(
        LOGIN, json={"tenant": tenant_slug, "email": email, "password": password}
    )


async def login(
    client: httpx.AsyncClient, tenant_slug: str, email: str, password: str = PASSWORD
) -> Session:
    r = await try_login(client, tenant_slug, email, password)
    assert r.status_code == 200, r.text
    body = r.json()
    return Session(
        tenant_slug=tenant_slug,
        email=email,
        password=password,
        user_id=body["user"]["id"],
        access_token=body["access_token"],
        refresh_token=body["refresh_token"],
    )


async def login_owner(client: httpx.AsyncClient, tenant: TenantInfo) -> Session:
    return await login(client, tenant.slug, tenant.owner_email, tenant.owner_password)


async def make_operator(app: FastAPI, clock: MovableClock, client: httpx.AsyncClient) -> Session:
    """A platform operator (an owner in the `platform` tenant), signed in."""
    email = unique_email("operator")
    async with app.state.db.unit_of_work(clock=clock) as uow:
        await tenants.create_operator(uow, auth=app.state.auth, email=email, password=PASSWORD)
    return await login(client, tenants.PLATFORM_SLUG, email, PASSWORD)


async def me(client: httpx.AsyncClient, session: Session) -> dict[str, Any]:
    r = await client.get(ME, headers=session.headers)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def role_ids(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, str]:
    """Role name -> id of the caller's tenant."""
    r = await client.get("/api/v1/roles", params={"limit": 200}, headers=headers)
    assert r.status_code == 200, r.text
    return {role["name"]: role["id"] for role in r.json()["items"]}


async def create_role(
    client: httpx.AsyncClient, headers: dict[str, str], permissions: list[str], name: str = ""
) -> dict[str, Any]:
    name = name or f"role-{uuid.uuid4().hex[:8]}"
    r = await client.post(
        "/api/v1/roles", json={"name": name, "permissions": permissions}, headers=headers
    )
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


async def grant(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    user_id: str,
    role_id: str,
    location_id: str | None = None,
) -> httpx.Response:
    body: dict[str, Any] = {"role_id": role_id}
    if location_id is not None:
        body["location_id"] = location_id
    return await client.post(f"/api/v1/users/{user_id}/roles", json=body, headers=headers)


async def make_member(
    client: httpx.AsyncClient,
    owner: Session,
    *,
    roles: tuple[str, ...] = (),
    role_ids_to_grant: tuple[str, ...] = (),
    email: str | None = None,
) -> Session:
    """A user added by the owner with a password, granted roles (by name or id), signed in."""
    email = email or unique_email("member")
    ids = await role_ids(client, owner.headers) if roles else {}
    r = await client.post(
        "/api/v1/users",
        json={
            "email": email,
            "password": PASSWORD,
            "role_ids": [ids[name] for name in roles] + list(role_ids_to_grant),
        },
        headers=owner.headers,
    )
    assert r.status_code == 201, r.text
    return await login(client, owner.tenant_slug, email, PASSWORD)


async def create_location(
    client: httpx.AsyncClient, headers: dict[str, str], code: str | None = None
) -> dict[str, Any]:
    code = code or f"S{uuid.uuid4().hex[:6].upper()}"
    r = await client.post(
        "/api/v1/locations",
        json={
            "name": f"Store {code}",
            "code": code,
            "kind": "store",
            "timezone": "Europe/Paris",
            "currency": "EUR",
        },
        headers=headers,
    )
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


async def audit_rows(
    app: FastAPI,
    clock: MovableClock,
    tenant_id: uuid.UUID | str,
    *,
    action: str | None = None,
    target_id: uuid.UUID | str | None = None,
) -> list[AuditLog]:
    """The audit rows of a tenant (oldest first), straight from the database."""
    async with app.state.db.unit_of_work(
        clock=clock, tenant_id=uuid.UUID(str(tenant_id)), write=False
    ) as uow:
        stmt = sa.select(AuditLog).order_by(AuditLog.id)
        if action is not None:
            stmt = stmt.where(AuditLog.action == action)
        if target_id is not None:
            stmt = stmt.where(AuditLog.target_id == str(target_id))
        return list((await uow.session.scalars(stmt)).all())


async def stored_user(
    app: FastAPI, clock: MovableClock, tenant_id: uuid.UUID | str, user_id: uuid.UUID | str
) -> User | None:
    async with app.state.db.unit_of_work(
        clock=clock, tenant_id=uuid.UUID(str(tenant_id)), write=False
    ) as uow:
        return await uow.session.get(User, (uuid.UUID(str(tenant_id)), uuid.UUID(str(user_id))))


async def stored_grants(
    app: FastAPI, clock: MovableClock, tenant_id: uuid.UUID | str, user_id: uuid.UUID | str
) -> list[RoleGrant]:
    async with app.state.db.unit_of_work(
        clock=clock, tenant_id=uuid.UUID(str(tenant_id)), write=False
    ) as uow:
        stmt = sa.select(RoleGrant).where(RoleGrant.user_id == uuid.UUID(str(user_id)))
        return list((await uow.session.scalars(stmt)).all())


def of(events: list[dict[str, Any]], **data: Any) -> list[dict[str, Any]]:
    """The events whose data carries these values."""
    return [e for e in events if all(e["data"].get(k) == v for k, v in data.items())]
